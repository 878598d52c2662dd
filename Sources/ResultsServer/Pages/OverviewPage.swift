// The overview: each branch's latest run, the pass rate by category as of HEAD (the numbers of
// `vibesql-git status`), the pass rate along the baseline branch's history, the recent runs.
import Engine
import Foundation
import Results

public enum OverviewPage {
    /// How many commits of the baseline's history the chart shows.
    public static let chartLength = 100

    public static func make(_ state: ResultsState) throws -> Page {
        let source = state.source
        let status = try state.rows(NamedQueries.named("status")?.sql ?? WorkplanQueries.currentStatusSummary)
        let categories = DataTable(name: "status", status)
        let (passed, total) = totals(status)
        let tested = try state.rows("SELECT COUNT(*) FROM test_files WHERE status <> 'UNTESTED'").rows.first?.first?.intValue ?? 0
        let branches = runTable("latest_per_branch", try source.latestRunPerBranch())
        let recent = runTable("recent_runs", try source.recentRuns(limit: 20))
        let baseline = source.baselineBranch
        let log = (try? source.passRateLog(of: baseline, limit: chartLength)) ?? []
        let history = historyTable(log)

        var body = "<div class=\"headline\"><div class=\"figure\"><span class=\"big\" id=\"pass-rate\">"
        body += HTML.escape(total == 0 ? "–" : String(format: "%.1f%%", 100 * Double(passed) / Double(total)))
        body += "</span><span class=\"figure-label\">files passing as of HEAD"
        body += " (<span id=\"passed-files\">\(passed)</span> of <span id=\"total-files\">\(total)</span>;"
        body += " \(tested) tested; \(state.database.runCount) runs recorded)</span></div>"
        body += "<div class=\"revisions\">HEAD <code>\(HTML.escape(state.head.map { String($0.prefix(10)) } ?? "(none)"))</code>"
        body += " · baseline <code>\(HTML.escape(baseline))</code></div></div>"

        var bars = ""
        for row in status.rows {
            let name = row.first.map(DataTable.text) ?? ""
            let count = row.count > 2 ? (row[1].intValue ?? 0, row[2].intValue ?? 0) : (0, 0)
            bars += HTML.bar(label: name, labelHTML: HTML.link(name, "/failures", [("category", name)]),
                             passed: count.1, total: count.0)
        }
        if status.rows.isEmpty { bars = "<p class=\"empty\">No file tested on HEAD's history yet: <code>vibesql-git run</code> records a run.</p>" }
        body += HTML.section("Pass rate by category (as of HEAD)", id: "categories", dataLinks: links("status"),
                             "<div class=\"bars\" id=\"category-bars\">\(bars)</div>"
                             + "<details><summary>Table</summary>\(HTML.table(categories))</details>")

        let points = log.reversed().compactMap { entry in
            entry.run.map { Chart.Point(label: String(entry.commit.prefix(7)) + " " + entry.subject, value: $0.passRate) }
        }
        body += HTML.section("Pass rate along \(baseline)", id: "history", dataLinks: links("baseline_history"),
                             Chart.svg(points, title: "Pass rate of the recorded runs along \(baseline)'s first-parent history"))
        body += HTML.section("Latest run per branch", id: "branches", dataLinks: links("latest_per_branch"),
                             HTML.table(branches, cellHTML: branchCell))
        body += HTML.section("Recent runs", id: "recent", dataLinks: links("recent_runs"), HTML.table(recent, cellHTML: branchCell))

        // Runs the history refused or could not read: the figures above leave them out.
        let leftOut = DataTable(name: "runs_left_out", columns: ["warning"], rows: source.warnings().map { [.text($0)] })
        if !leftOut.rows.isEmpty {
            body += HTML.section("Runs left out (\(leftOut.rows.count))", id: "runs-left-out",
                                 dataLinks: links("runs_left_out"), HTML.table(leftOut))
        }

        let rate = total == 0 ? "null" : String(format: "%.1f", 100 * Double(passed) / Double(total))
        return Page(path: "/", title: "Overview", body: body, tables: [categories, branches, history, recent, leftOut],
                    fields: [("pass_rate", rate), ("passed_files", "\(passed)"), ("total_files", "\(total)"),
                             ("baseline", ResultFormatter.jsonString(baseline))])
    }

    /// Files passed and files in all, over the categories of the status query.
    static func totals(_ status: QueryResult) -> (passed: Int, total: Int) {
        let total = status.columns.firstIndex(of: "total"), passed = status.columns.firstIndex(of: "passed")
        guard let total, let passed else { return (0, 0) }
        return status.rows.reduce((0, 0)) { ($0.0 + ($1[passed].intValue ?? 0), $0.1 + ($1[total].intValue ?? 0)) }
    }

    /// A branch's latest run links to its comparison with the baseline.
    static func branchCell(_ column: Int, _ row: [Value]) -> String? {
        guard column == 0, let branch = row[0].stringValue, let commit = row[1].stringValue else { return nil }
        return "<td>\(HTML.link(branch, "/compare", [("head", commit)]))</td>"
    }

    static func links(_ table: String) -> (json: String, csv: String) {
        ("/overview.json", "/overview.csv?table=\(table)")
    }

    /// Runs as a table: branch, commit, suite, passed, total, pass rate, when.
    public static func runTable(_ name: String, _ runs: [RunSummaryLine]) -> DataTable {
        DataTable(name: name, columns: ["branch", "commit", "suite", "passed", "total", "pass_rate", "recorded_at"],
                  rows: runs.map { run in
                      [run.branch.map(Value.text) ?? .null, .text(String(run.commit.prefix(10))), run.suite.map(Value.text) ?? .null,
                       .integer(Int64(run.passed)), .integer(Int64(run.total)), .real((run.passRate * 10).rounded() / 10),
                       .text(Timestamp.format(run.recordedAt))]
                  })
    }

    /// The baseline's history: one row per commit, newest first, its run's figures when it has one.
    public static func historyTable(_ log: [HistoryLogEntry]) -> DataTable {
        DataTable(name: "baseline_history", columns: ["commit", "date", "subject", "passed", "total", "pass_rate"],
                  rows: log.map { entry in
                      [.text(String(entry.commit.prefix(10))), .text(Timestamp.format(entry.date)), .text(entry.subject),
                       entry.run.map { .integer(Int64($0.passed)) } ?? .null, entry.run.map { .integer(Int64($0.total)) } ?? .null,
                       entry.run.map { .real(($0.passRate * 10).rounded() / 10) } ?? .null]
                  })
    }
}
