// `vibesql-git worker`: the hidden subcommand `run` starts its worker processes with.
import ArgumentParser
import Foundation
import Engine
import SQLLogicTest

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the files named on stdin, one JSON report per line on stdout (used by run).",
        shouldDisplay: false)

    @Option var engine: EngineKind = .vibesql
    @Option(name: .customLong("engine-name")) var engineName = "sqlite"
    @Option(name: .customLong("status-file")) var statusFile: String?
    @Option(help: "Seconds each file may run; its engine stops a statement that would pass it.")
    var timeout: Double?

    func run() throws {
        var runner = FileRunner(engine: engine, engineName: engineName)
        runner.fault = FaultInjection.from(environment: ProcessInfo.processInfo.environment)
        runner.timeLimit = timeout
        // A large stack, so a deep statement meets the engine's limits, not the thread's end.
        let configured = runner, statusPath = statusFile
        try runWithLargeStack { try WorkerLoop.run(runner: configured, statusPath: statusPath) }
    }
}
