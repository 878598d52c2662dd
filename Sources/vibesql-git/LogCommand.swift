// `vibesql-git log [REV] [-n N] [--all] [--json]`: the pass rate along REV's first-parent history.
import ArgumentParser
import ConformanceHistory
import Foundation
import Results

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the recorded pass rate along a branch's first-parent history.",
        discussion: """
            One line per commit: commit, date, files passed/total, pass rate and its change from the \
            previous recorded run; commits without a run say "(no run)". Read from the results ref's \
            commit trailers only. --all lists every recorded run instead, newest first.
            """)

    @Argument(help: "The revision whose history to show.")
    var revision = "HEAD"

    @Option(name: .short, help: "Show at most this many commits.")
    var n = 20

    @Flag(help: "List every recorded run, on any branch, newest first.")
    var all = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let history = try ConformanceHistory.current()
        let entries = all ? try history.allRunsLog(limit: n) : try history.passRateLog(of: revision, limit: n)
        history.printWarnings()
        if json {
            print(try HistoryLog.json(entries), terminator: "")
            return
        }
        if try history.runSummaries().runs.isEmpty { printError("vibesql-git: no runs recorded yet (vibesql-git run records one)") }
        say(HistoryLog.text(entries, chart: isatty(STDOUT_FILENO) == 1), terminator: "")
    }
}
