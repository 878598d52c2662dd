// `vibesql-git run`: run .test files and print one line per file and a summary.
import ArgumentParser
import Foundation
import SQLLogicTest

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run SQLLogicTest files against an engine.")

    @Option(help: "The engine to test: vibesql or sqlite.")
    var engine: EngineKind = .vibesql

    @Option(name: .customLong("engine-name"), help: "The name skipif/onlyif conditions match.")
    var engineName = "sqlite"

    @Flag(help: "Print a JSON summary instead of lines.")
    var json = false

    @Argument(help: "Test files or folders (searched recursively for *.test).")
    var paths: [String]

    func run() throws {
        let files = TestDiscovery.files(in: paths)
        let runner = FileRunner(engine: engine, engineName: engineName)
        var reports: [FileReport] = []
        for f in files {
            let r = runner.run(path: f)
            print("\(r.status.rawValue) \(r.path) run=\(r.records.run) passed=\(r.records.passed) failed=\(r.records.failed) skipped=\(r.records.skipped) \(r.durationMs)ms")
            for fl in r.failures.prefix(3) { print("  line \(fl.line): \(fl.message) \(fl.error ?? "")") }
            reports.append(r)
        }
        let report = RunReport(engine: engine.rawValue, engineName: engineName, startedAt: Date(), durationMs: 0, files: reports)
        print(report.fileCounts, report.recordTotals)
    }
}

extension EngineKind: ExpressibleByArgument {}

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", shouldDisplay: false)
    func run() throws {}
}
