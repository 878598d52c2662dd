// The SQL page: a box for any read-only SQL over the results database (as of HEAD), the named
// queries as one-click examples, the result as a table with its row count and time. The query
// lives in the URL (`/sql?q=...`), so a link reproduces it; `/sql.json` and `/sql.csv` give the
// same result as data. A named query's name alone runs it, as `vibesql-git query NAME` does.
import Engine
import Foundation
import Results

public enum SQLPage {
    /// Every named query: the command's own, then the workplan's.
    public static var examples: [NamedQuery] {
        NamedQueries.all + WorkplanQueries.all.map { NamedQuery(name: $0.name, summary: "workplan query", sql: $0.sql) }
    }

    /// The SQL that `q` stands for: a named query's text, else `q` itself.
    public static func sql(for q: String) -> String {
        NamedQueries.named(q.trimmingCharacters(in: .whitespacesAndNewlines))?.sql ?? q
    }

    public static func make(_ state: ResultsState, q: String?) -> Page {
        let q = q ?? ""
        var body = "<form class=\"sql-form\" method=\"get\" action=\"/sql\">"
        body += "<textarea name=\"q\" id=\"sql-box\" rows=\"8\" spellcheck=\"false\" placeholder=\"SELECT category, status, COUNT(*) FROM test_files GROUP BY 1, 2\">"
        body += HTML.escape(q) + "</textarea><div class=\"sql-actions\"><button type=\"submit\" id=\"run-sql\">Run</button>"
        body += " <span class=\"muted\">Read-only; stopped after \(HTML.escape(SafeQuery.describe(state.limits.timeLimit))),"
        body += " at most \(state.limits.maxRows) rows. Tables: \(HTML.escape(ResultsSchema.tables.joined(separator: ", "))).</span></div></form>"
        var tables: [DataTable] = []
        var fields: [(String, String)] = [("sql", ResultFormatter.jsonString(q))]
        var error: String?
        if !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let outcome = state.query(sql(for: q))
            tables.append(outcome.table)
            fields += [("elapsed_ms", String(format: "%.1f", outcome.elapsedMilliseconds)),
                       ("row_count", "\(outcome.table.rows.count)"), ("truncated", "\(outcome.table.truncated)")]
            error = outcome.error
            var result = "<p class=\"result-meta\" id=\"result-meta\"><span id=\"row-count\">\(outcome.table.rows.count)</span>"
            result += " row\(outcome.table.rows.count == 1 ? "" : "s")"
            if outcome.table.truncated { result += " <span class=\"truncated\" id=\"truncated\">(truncated at the row cap of \(state.limits.maxRows))</span>" }
            result += " in <span id=\"elapsed\">\(HTML.escape(String(format: "%.1f", outcome.elapsedMilliseconds)))</span> ms"
            let query = [("q", q)]
            result += " · <a href=\"\(HTML.href("/sql", query))\" id=\"permalink\">permalink</a>"
            result += " · <a href=\"\(HTML.href("/sql.json", query))\">JSON</a> · <a href=\"\(HTML.href("/sql.csv", query))\">CSV</a></p>"
            if let message = outcome.error { result += "<p class=\"error\" id=\"error\">\(HTML.escape(message))</p>" }
            if outcome.error == nil || !outcome.table.rows.isEmpty { result += HTML.table(outcome.table) }
            body += HTML.section("Result", id: "result", result)
        }
        var list = "<ul class=\"examples\" id=\"named-queries\">"
        for example in examples {
            list += "<li>\(HTML.link(example.name, "/sql", [("q", example.sql)], cssClass: "example"))"
            list += " <span class=\"muted\">\(HTML.escape(example.summary))</span></li>"
        }
        body += HTML.section("Named queries", id: "examples", list + "</ul>")
        return Page(path: "/sql", title: "SQL", body: body, tables: tables, fields: fields, error: error,
                    status: error == nil ? 200 : 400)
    }
}
