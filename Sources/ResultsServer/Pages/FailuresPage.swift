// Failures as of HEAD, by file in the punchlist's order (crashes and timeouts first, then the
// files closest to passing): each failing record with its SQL, expected and actual output and
// file:line; filters by category, status and file; the flaky files. And one record's detail.
import Engine
import Foundation
import Results

public enum FailuresPage {
    /// Records shown per file on the page (the JSON and CSV carry them all).
    public static let recordsPerFile = 25
    public static let statuses = ["FAIL", "CRASH", "TIMEOUT"]

    public static func make(_ state: ResultsState, category: String?, status: String?, file: String?) throws -> Page {
        var conditions = ["f.status <> 'PASS'", "f.status <> 'UNTESTED'"]
        var parameters: [Value] = []
        for (column, value) in [("f.category", category), ("f.status", status), ("f.file_path", file)] {
            if let value, !value.isEmpty {
                conditions.append("\(column) = ?")
                parameters.append(.text(value))
            }
        }
        let files = DataTable(name: "files", try state.rows("""
            SELECT f.file_path, f.category, f.status, r.records_failed, r.records_run, r.error_message, f.last_run_id
            FROM test_files f LEFT JOIN test_results r ON r.run_id = f.last_run_id AND r.file_path = f.file_path
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY CASE f.status WHEN 'CRASH' THEN 0 WHEN 'TIMEOUT' THEN 1 ELSE 2 END, r.records_failed, f.file_path
            """, parameters))
        // From the few failing files to their records through test_failures' (run_id, file_path)
        // index: the other way round reads every failure ever recorded.
        let records = DataTable(name: "records", try state.rows("""
            SELECT x.file_path, x.line, x.record_key, x.kind, x.sql_text, x.message, x.expected, x.actual, x.error_message, x.run_id
            FROM test_files f JOIN test_failures x ON x.run_id = f.last_run_id AND x.file_path = f.file_path
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY x.file_path, x.line
            """, parameters))
        let flaky = DataTable(name: "flaky", try state.rows(NamedQueries.named("flaky")?.sql ?? ""))
        let categories = try state.rows("SELECT DISTINCT category FROM test_files ORDER BY 1").rows.compactMap { $0.first?.stringValue }

        var body = filterForm(categories: categories, category: category, status: status, file: file)
        body += "<p class=\"summary\" id=\"failures-summary\">\(files.rows.count) failing file\(files.rows.count == 1 ? "" : "s"),"
        body += " \(records.rows.count) failing record\(records.rows.count == 1 ? "" : "s") as of HEAD.</p>"
        let query = [("category", category ?? ""), ("status", status ?? ""), ("file", file ?? "")]
        var byFile: [String: [[Value]]] = [:]
        for row in records.rows { byFile[row[0].stringValue ?? "", default: []].append(row) }
        var list = ""
        for row in files.rows {
            let path = row[0].stringValue ?? ""
            list += "<article class=\"file\"><h3>\(HTML.status(row[2].stringValue ?? ""))"
            list += " \(HTML.link(path, "/failures", [("file", path)]))"
            list += " <span class=\"muted\">\(HTML.escape(row[1].stringValue ?? ""))"
            if let failed = row[3].intValue, let run = row[4].intValue { list += " · \(failed) of \(run) records failed" }
            list += "</span></h3>"
            if let error = row[5].stringValue, !error.isEmpty { list += "<p class=\"file-error\">\(HTML.escape(error))</p>" }
            let fileRecords = byFile[path] ?? []
            for record in fileRecords.prefix(recordsPerFile) { list += recordHTML(record) }
            if fileRecords.count > recordsPerFile {
                list += "<p class=\"muted\">\(fileRecords.count - recordsPerFile) more records: "
                list += "<a href=\"\(HTML.href("/failures.csv", query + [("table", "records")]))\">CSV</a></p>"
            }
            list += "</article>"
        }
        if files.rows.isEmpty { list = "<p class=\"empty\">No failing file.</p>" }
        body += HTML.section("Failing files (punchlist order)", id: "files", dataLinks: (
            "/failures.json" + queryString(query), "/failures.csv" + queryString(query + [("table", "files")])), list)
        body += HTML.section("Flaky files", id: "flaky", dataLinks: ("/failures.json", "/failures.csv?table=flaky"),
                             "<p class=\"muted\">Files that both passed and failed on one commit (clean work trees).</p>" + HTML.table(flaky))
        return Page(path: "/failures", title: "Failures", body: body, tables: [files, records, flaky])
    }

    static func queryString(_ query: [(String, String)]) -> String {
        let parts = query.filter { !$0.1.isEmpty }.map { "\(HTML.urlComponent($0.0))=\(HTML.urlComponent($0.1))" }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func filterForm(categories: [String], category: String?, status: String?, file: String?) -> String {
        var form = "<form class=\"filters\" method=\"get\" action=\"/failures\"><label>category <select name=\"category\"><option value=\"\">all</option>"
        for name in categories {
            form += "<option\(name == category ? " selected" : "") value=\"\(HTML.escape(name))\">\(HTML.escape(name))</option>"
        }
        form += "</select></label> <label>status <select name=\"status\"><option value=\"\">all</option>"
        for name in statuses {
            form += "<option\(name == status ? " selected" : "")>\(name)</option>"
        }
        form += "</select></label>"
        if let file, !file.isEmpty { form += " <label>file <input name=\"file\" value=\"\(HTML.escape(file))\"></label>" }
        return form + " <button type=\"submit\">Filter</button></form>"
    }

    /// One failing record: file:line, message, SQL, expected and actual.
    /// Columns: file_path, line, record_key, kind, sql_text, message, expected, actual, error_message, run_id.
    static func recordHTML(_ row: [Value]) -> String {
        let file = row[0].stringValue ?? "", line = row[1].intValue ?? 0
        var out = "<div class=\"record\" id=\"\(HTML.escape(row[2].stringValue ?? ""))\">"
        out += "<div class=\"record-head\"><a href=\"\(HTML.href("/record", [("run", row[9].stringValue ?? ""), ("key", row[2].stringValue ?? "")]))\" class=\"location\">"
        out += "\(HTML.escape(file)):\(line)</a> <span class=\"kind\">\(HTML.escape(row[3].stringValue ?? ""))</span> "
        out += "<span class=\"message\">\(HTML.escape(row[5].stringValue ?? ""))</span>"
        if let error = row[8].stringValue { out += " <span class=\"engine-error\">\(HTML.escape(error))</span>" }
        out += "</div><div class=\"record-body\"><div><h4>SQL</h4>\(HTML.pre(row[4].stringValue))</div>"
        out += "<div><h4>Expected</h4>\(HTML.pre(row[6].stringValue))</div><div><h4>Actual</h4>\(HTML.pre(row[7].stringValue))</div></div></div>"
        return out
    }

    /// One failing record of one run.
    public static func record(_ state: ResultsState, run: String?, key: String?) throws -> Page {
        guard let key, !key.isEmpty, let runId = run.flatMap({ Int64($0) }) else {
            return Page(path: "/record", title: "Record", body: "<p class=\"error\" id=\"error\">A record is named by run and key: /record?run=ID&amp;key=KEY</p>",
                        tables: [], error: "a record is named by run and key", status: 400)
        }
        let records = DataTable(name: "record", try state.rows("""
            SELECT x.file_path, x.line, x.record_key, x.kind, x.sql_text, x.message, x.expected, x.actual, x.error_message, x.run_id
            FROM test_failures x WHERE x.run_id = ? AND x.record_key = ?
            """, [.integer(runId), .text(key)]))
        let run = DataTable(name: "run", try state.rows("""
            SELECT run_id, git_commit, branch_name, suite, completed_at, passed, total_files FROM test_runs WHERE run_id = ?
            """, [.integer(runId)]))
        var body: String
        if let row = records.rows.first {
            body = recordHTML(row)
            body += HTML.section("Run", id: "run", HTML.table(run))
            if let file = row[0].stringValue { body += "<p>\(HTML.link("Every failing record of this file as of HEAD", "/failures", [("file", file)]))</p>" }
        } else {
            body = "<p class=\"error\" id=\"error\">Run \(runId) has no failing record \(HTML.escape(key)) (it passed there, or the run is not recorded).</p>"
        }
        return Page(path: "/record", title: "Record \(key)", body: body, tables: [records, run],
                    status: records.rows.isEmpty ? 404 : 200)
    }
}
