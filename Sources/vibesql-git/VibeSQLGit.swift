// vibesql-git: run SQLLogicTest conformance and keep every run's results in git.
import ArgumentParser
import ConformanceHistory
import Engine
import Foundation
import Results
import SQLLogicTest
import VibeGit

@main
struct VibeSQLGit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vibesql-git",
        abstract: "Run SQLLogicTest conformance and keep every run's results in git.",
        discussion: """
            Exit status: 0 fine; 1 files failed (run) or regressions were found (compare, the \
            pre-push hook); 2 a usage error (an unknown option, revision or suite, a path that \
            does not exist: refused before anything runs); 3 a repository or results problem \
            (no repository, a damaged or foreign results ref, a bad .vibesql/config).
            """,
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

    /// Parses and runs the command; errors leave with the documented exit status.
    static func main() async {
        MallocCache.restartWithLargerCache()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let status = ExitStatus.of(error) {
                printError("Error: \(error)")
                exit(withError: ExitCode(status.rawValue))
            }
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                exit(withError: ExitCode(ExitStatus.usage.rawValue))
            }
            exit(withError: error)
        }
    }
}

/// The documented exit statuses (see the discussion above and the README).
enum ExitStatus: Int32 {
    case failures = 1
    case usage = 2
    case repository = 3

    /// The status of one of our errors; nil for ArgumentParser's own (help, parse errors).
    static func of(_ error: Error) -> ExitStatus? {
        switch error {
        case let error as HistoryError: return error.kind == .usage ? .usage : .repository
        case is CLIError: return .usage
        case let error as RunnerError:
            if case .noTestFiles = error { return .usage }
            if case .journal = error { return .usage }
            return .repository
        case is VibeGitError, is GitError, is ConfigError, is RunDumpError: return .repository
        case is ExitCode, is ValidationError, is CleanExit: return nil
        default: return nil
        }
    }
}
