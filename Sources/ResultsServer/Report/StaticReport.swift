// `vibesql-git report -o DIR`: the overview, the chart, HEAD compared with the baseline and the
// failures as one self-contained index.html (style and SVG inline, no script, no link to a
// server), which works opened from disk or published on GitHub Pages; the named queries'
// results computed now, since a static page cannot run SQL; summary.json; and badge.json in
// the shields.io endpoint format.
import Engine
import Foundation
import Results

public enum StaticReport {
    /// The three files of a report.
    public struct Files: Sendable {
        public var indexHTML: String
        public var summaryJSON: String
        public var badgeJSON: String
    }

    /// Makes the report's files from the results as of HEAD.
    public static func make(_ state: ResultsState, generatedAt: Date = Date()) throws -> Files {
        let overview = try OverviewPage.make(state)
        let comparison = ComparePage.make(state, base: nil, head: nil)
        let failures = try FailuresPage.make(state, category: nil, status: nil, file: nil)
        var body = "<p class=\"muted\">Written \(HTML.escape(Timestamp.format(generatedAt))) from the results ref at "
        body += "<code>\(HTML.escape(state.tip.map { String($0.prefix(10)) } ?? "(no run)"))</code>.</p>"
        body += "<nav class=\"report-nav\"><a href=\"#overview\">Overview</a> · <a href=\"#compare\">Compare</a> · "
        body += "<a href=\"#failures\">Failures</a> · <a href=\"#queries\">Named queries</a></nav>"
        body += "<h1 id=\"overview\">Overview</h1>" + unlinked(overview.body)
        body += "<h1 id=\"compare\">\(HTML.escape(comparison.title))</h1>" + unlinked(comparison.body)
        body += "<h1 id=\"failures\">Failures</h1>" + unlinked(failures.body)
        body += "<h1 id=\"queries\">Named queries</h1><p class=\"muted\">Their results when this report was written "
        body += "(<code>vibesql-git serve</code> runs any query live).</p>"
        for example in SQLPage.examples {
            let outcome = state.query(example.sql)
            var section = "<details><summary>SQL</summary>\(HTML.pre(example.sql))</details>"
            if let error = outcome.error { section += "<p class=\"error\">\(HTML.escape(error))</p>" }
            section += "<p class=\"result-meta\">\(outcome.table.rows.count) rows"
            section += outcome.table.truncated ? " (truncated at \(state.limits.maxRows))</p>" : "</p>"
            section += HTML.table(outcome.table)
            body += HTML.section("\(example.name): \(example.summary)", id: "query-" + example.name, section)
        }
        let html = Layout.render(title: "VibeSQL conformance report", current: "", body: body, assets: .inline)
        return Files(indexHTML: html, summaryJSON: summary(state, overview: overview, comparison: comparison, generatedAt: generatedAt),
                     badgeJSON: badge(overview))
    }

    /// Writes index.html, summary.json and badge.json into `directory` (made when missing).
    public static func write(_ files: Files, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in [("index.html", files.indexHTML), ("summary.json", files.summaryJSON), ("badge.json", files.badgeJSON)] {
            try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// The pages' HTML without what needs the server: links to its routes become their text
    /// (a link's text and target are escaped by HTML.link, so neither holds `<` or `"`), and
    /// the forms go.
    static func unlinked(_ html: String) -> String {
        var text = html
        for (pattern, template) in [("<a href=\"/[^\"]*\"[^>]*>([^<]*)</a>", "$1"), ("<form[^>]*>.*?</form>", ""),
                                    ("<span class=\"formats\">.*?</span>", "")] {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { continue }
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    static func field(_ page: Page, _ name: String) -> String {
        page.fields.first { $0.0 == name }?.1 ?? "null"
    }

    /// The figures a CI job or another page reads.
    static func summary(_ state: ResultsState, overview: Page, comparison: Page, generatedAt: Date) -> String {
        let categories = overview.tables.first { $0.name == "status" }?.json ?? "null"
        let files = comparison.tables.first { $0.name == "files" }?.rows ?? []
        let records = comparison.tables.first { $0.name == "records" }?.rows ?? []
        func count(_ rows: [[Value]], _ change: String) -> Int { rows.filter { $0.first?.stringValue == change }.count }
        let members = [
            "\"generated_at\":\(ResultFormatter.jsonString(Timestamp.format(generatedAt)))",
            "\"results_tip\":\(state.tip.map(ResultFormatter.jsonString) ?? "null")",
            "\"head\":\(state.head.map(ResultFormatter.jsonString) ?? "null")",
            "\"baseline\":\(field(overview, "baseline"))",
            "\"pass_rate\":\(field(overview, "pass_rate"))",
            "\"passed_files\":\(field(overview, "passed_files"))",
            "\"total_files\":\(field(overview, "total_files"))",
            "\"runs\":\(state.database.runCount)",
            "\"comparison\":{\"base_pass_rate\":\(field(comparison, "base_pass_rate")),\"head_pass_rate\":\(field(comparison, "head_pass_rate")),"
                + "\"regressed_files\":\(count(files, "regressed")),\"fixed_files\":\(count(files, "fixed")),"
                + "\"regressed_records\":\(count(records, "regressed")),\"fixed_records\":\(count(records, "fixed")),"
                + "\"error\":\(comparison.error.map(ResultFormatter.jsonString) ?? "null")}",
            "\"categories\":\(categories)",
        ]
        return "{\n" + members.joined(separator: ",\n") + "\n}\n"
    }

    /// shields.io's endpoint badge: `{"schemaVersion":1,"label":...,"message":...,"color":...}`.
    static func badge(_ overview: Page) -> String {
        let rate = Double(field(overview, "pass_rate"))
        let message = rate.map { String(format: "%.1f%%", $0) } ?? "no run"
        let color: String
        switch rate ?? -1 {
        case 95...: color = "brightgreen"
        case 80..<95: color = "green"
        case 60..<80: color = "yellow"
        case 40..<60: color = "orange"
        case 0..<40: color = "red"
        default: color = "lightgrey"
        }
        return "{\"schemaVersion\":1,\"label\":\"SQLite conformance\",\"message\":\(ResultFormatter.jsonString(message)),\"color\":\"\(color)\"}\n"
    }
}
