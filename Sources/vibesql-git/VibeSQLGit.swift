// vibesql-git: run SQLLogicTest conformance and keep every run's results in git.
import ArgumentParser

@main
struct VibeSQLGit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vibesql-git",
        abstract: "Run SQLLogicTest conformance and keep every run's results in git.",
        subcommands: [
            RunCommand.self,
            LogCommand.self,
            CompareCommand.self,
            IssueCommand.self,
            QueryCommand.self,
            ShellCommand.self,
            DumpCommand.self,
            StatusCommand.self,
            PunchlistCommand.self,
            ServeCommand.self,
            ReportCommand.self,
            PushCommand.self,
            PullCommand.self,
            HooksCommand.self,
            PrePushCommand.self,
            WorkerCommand.self,
        ])
}
