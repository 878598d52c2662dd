// `vibesql-git pre-push REMOTE URL`: what the installed hook runs, with git's stdin.
import ArgumentParser
import Foundation
import ConformanceHistory
import SQLLogicTest
import VibeGit

struct PrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Check pushed commits for conformance regressions (run by the pre-push hook).",
        shouldDisplay: false)

    @Argument(help: "The remote's name, as git passes it.")
    var remoteName: String

    @Argument(help: "The remote's URL, as git passes it.")
    var remoteURL: String

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        // git sets GIT_DIR for hooks; honour it (and linked worktrees) as git does.
        let history = try ConformanceHistory.current()
        let worker = WorkerLaunch.currentExecutable.map {
            WorkerLaunch(executable: $0, arguments: ["worker", "--engine", "vibesql", "--engine-name", "sqlite"])
        }
        let verdict = try PrePush.run(input: input, repository: history.repository,
                                      checker: PrePushChecker(history: history, worker: worker),
                                      recorded: { try history.hasRun(of: $0, suite: $1) })
        history.printWarnings()
        for line in verdict.messages { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        if !verdict.allowed { throw ExitCode(verdict.exitCode) }
    }
}
