// vibesql-bench: the benchmarks of the results database and of the results ref. Not timed
// tests: they print tables of times and ratios (see README.md, "Benchmarks").
import ArgumentParser

@main
struct VibeSQLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vibesql-bench",
        abstract: "Benchmarks of the results database (against sqlite3) and of the results ref.",
        subcommands: [ResultsDumpBenchmark.self, HistoryBenchmark.self])
}
