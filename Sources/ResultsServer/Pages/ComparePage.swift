// Compare: the nearest recorded runs of two revisions (default: the baseline branch and HEAD),
// as `vibesql-git compare` gives them — regressed, fixed, changed, new and removed files, and
// regressed, fixed and changed records, each record linked to its failure's detail.
import Engine
import Foundation
import Results

public enum ComparePage {
    public static func make(_ state: ResultsState, base: String?, head: String?) -> Page {
        let base = nonEmpty(base) ?? state.source.baselineBranch
        let head = nonEmpty(head) ?? "HEAD"
        var body = form(base: base, head: head)
        let comparison: RunComparison
        do {
            comparison = try state.comparison(base: base, head: head)
        } catch {
            body += "<p class=\"error\" id=\"error\">\(HTML.escape("\(error)"))</p>"
            return Page(path: "/compare", title: "Compare", body: body, tables: [], error: "\(error)", status: 400)
        }
        let files = fileTable(comparison), records = recordTable(comparison)
        let change = comparison.passRateChange
        body += "<div class=\"headline\"><div class=\"figure\"><span id=\"rate-change\" class=\"big \(change < 0 ? "worse" : change > 0 ? "better" : "same")\">"
        body += HTML.escape(String(format: "%+.1f", change)) + " points</span><span class=\"figure-label\">"
        body += HTML.escape(String(format: "%.1f%% → %.1f%% of files passing", comparison.base.passRate, comparison.head.passRate))
        body += "</span></div><div class=\"revisions\">" + runLine("base", base, comparison.base) + "<br>"
        body += runLine("head", head, comparison.head) + "</div></div>"
        body += "<p class=\"summary\" id=\"compare-summary\">" + HTML.escape(summary(comparison)) + "</p>"
        body += HTML.section("Files", id: "files", dataLinks: links(base, head, "files"), HTML.table(files, cellHTML: { column, row in
            column == 1 ? "<td>\(HTML.link(row[1].stringValue ?? "", "/failures", [("file", row[1].stringValue ?? "")]))</td>" : changeCell(column, row)
        }))
        body += HTML.section("Records", id: "records", dataLinks: links(base, head, "records"), HTML.table(records, cellHTML: { column, row in
            guard column == 3, let key = row[3].stringValue else { return changeCell(column, row) }
            let run = row[7].stringValue ?? ""
            return "<td>\(HTML.link(key, "/record", [("run", run), ("key", key)], cssClass: "record-link"))</td>"
        }))
        return Page(path: "/compare", title: "Compare \(base) and \(head)", body: body, tables: [files, records],
                    fields: [("base", ResultFormatter.jsonString(base)), ("head", ResultFormatter.jsonString(head)),
                             ("base_pass_rate", String(format: "%.1f", comparison.base.passRate)),
                             ("head_pass_rate", String(format: "%.1f", comparison.head.passRate)),
                             ("has_regressions", "\(comparison.hasRegressions)")])
    }

    static func nonEmpty(_ text: String?) -> String? {
        text.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func form(base: String, head: String) -> String {
        """
        <form class="revisions-form" method="get" action="/compare">\
        <label>base <input name="base" value="\(HTML.escape(base))"></label> \
        <label>head <input name="head" value="\(HTML.escape(head))"></label> \
        <button type="submit">Compare</button></form>
        """
    }

    static func runLine(_ side: String, _ revision: String, _ run: RunInfo) -> String {
        "\(side) <code>\(HTML.escape(revision))</code>: run \(run.runId) at <code>\(HTML.escape(run.shortCommit))</code>"
            + " (\(HTML.escape(run.branch ?? "no branch")), \(run.passed)/\(run.total) files)"
    }

    static func summary(_ c: RunComparison) -> String {
        "\(c.regressedFiles.count) regressed, \(c.fixedFiles.count) fixed, \(c.changedFiles.count) changed, "
            + "\(c.newFiles.count) new and \(c.removedFiles.count) removed files; \(c.regressedRecords.count) regressed, "
            + "\(c.fixedRecords.count) fixed and \(c.changedErrors.count) changed records."
    }

    static func links(_ base: String, _ head: String, _ table: String) -> (json: String, csv: String) {
        let query = "base=\(HTML.urlComponent(base))&head=\(HTML.urlComponent(head))"
        return ("/compare.json?\(query)", "/compare.csv?\(query)&table=\(table)")
    }

    /// The change column coloured.
    static func changeCell(_ column: Int, _ row: [Value]) -> String? {
        guard column == 0, let change = row[0].stringValue else { return nil }
        return "<td><span class=\"change change-\(HTML.escape(change))\">\(HTML.escape(change))</span></td>"
    }

    public static func fileTable(_ c: RunComparison) -> DataTable {
        var rows: [[Value]] = []
        func add(_ change: String, _ files: [FileChange]) {
            rows += files.map { [.text(change), .text($0.path), .text($0.before), .text($0.after), $0.detail.map(Value.text) ?? .null] }
        }
        add("regressed", c.regressedFiles)
        add("fixed", c.fixedFiles)
        add("changed", c.changedFiles)
        rows += c.newFiles.map { [.text("new"), .text($0.path), .null, .text($0.status), $0.error.map(Value.text) ?? .null] }
        rows += c.removedFiles.map { [.text("removed"), .text($0.path), .text($0.status), .null, .null] }
        return DataTable(name: "files", columns: ["change", "file", "before", "after", "detail"], rows: rows)
    }

    public static func recordTable(_ c: RunComparison) -> DataTable {
        var rows: [[Value]] = []
        func add(_ change: String, _ records: [RecordChange]) {
            for record in records {
                // The failing side: the head's for a regression, the base's for a fix.
                let failing = record.after ?? record.before
                let run = record.after != nil ? c.head.runId : c.base.runId
                rows.append([.text(change), .text(record.file), failing.map { .integer(Int64($0.line)) } ?? .null,
                             .text(record.key), failing.map { .text($0.message) } ?? .null,
                             failing.map { .text($0.sql) } ?? .null, failing?.error.map(Value.text) ?? .null, .integer(run)])
            }
        }
        add("regressed", c.regressedRecords)
        add("fixed", c.fixedRecords)
        add("changed", c.changedErrors)
        return DataTable(name: "records", columns: ["change", "file", "line", "record_key", "message", "sql", "error", "run_id"], rows: rows)
    }
}
