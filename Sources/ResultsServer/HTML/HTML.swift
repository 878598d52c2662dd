// HTML text built by hand: every value that comes from the results (paths, SQL, messages,
// branch names) goes through `HTML.escape` on its way in, so nothing recorded can become markup.
import Engine
import Foundation

/// Escaping and the small pieces every page is made of.
public enum HTML {
    /// `text` as HTML text or a quoted attribute value: & < > " ' become entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A query-string value: everything but unreserved characters percent-encoded.
    public static func urlComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A path with its query, e.g. `link("/sql", ["q": sql])`; the result is escaped for an attribute.
    public static func href(_ path: String, _ query: [(String, String)] = []) -> String {
        let parameters = query.filter { !$0.1.isEmpty }.map { "\(urlComponent($0.0))=\(urlComponent($0.1))" }
        return escape(parameters.isEmpty ? path : path + "?" + parameters.joined(separator: "&"))
    }

    /// `<a href="...">text</a>`, both escaped.
    public static func link(_ text: String, _ path: String, _ query: [(String, String)] = [], cssClass: String? = nil) -> String {
        "<a href=\"\(href(path, query))\"\(cssClass.map { " class=\"\(escape($0))\"" } ?? "")>\(escape(text))</a>"
    }

    /// A value as a cell shows it: NULL dimmed, numbers right-aligned, text escaped.
    public static func cell(_ value: Value) -> String {
        switch value {
        case .null: return "<td class=\"null\">NULL</td>"
        case .integer, .real: return "<td class=\"num\">\(escape(DataTable.text(value)))</td>"
        case .text, .invalidText, .blob: return "<td>\(escape(DataTable.text(value)))</td>"
        }
    }

    /// A table of any result: column names as headers, every value escaped. `cellHTML` may
    /// render a column itself (a link, say); it must escape what it shows.
    public static func table(_ data: DataTable, cellHTML: (_ column: Int, _ row: [Value]) -> String? = { _, _ in nil }) -> String {
        var out = "<table class=\"data\"><thead><tr>"
        for column in data.columns { out += "<th>\(escape(column))</th>" }
        out += "</tr></thead><tbody>"
        for row in data.rows {
            out += "<tr>"
            for (i, value) in row.enumerated() { out += cellHTML(i, row) ?? cell(value) }
            out += "</tr>"
        }
        out += "</tbody></table>"
        if data.rows.isEmpty { out += "<p class=\"empty\">(no rows)</p>" }
        return out
    }

    /// A section with a heading and the links to its data as JSON and CSV.
    public static func section(_ title: String, id: String, dataLinks: (json: String, csv: String)? = nil, _ body: String) -> String {
        var heading = "<h2 id=\"\(escape(id))\">\(escape(title))"
        if let dataLinks {
            heading += " <span class=\"formats\"><a href=\"\(escape(dataLinks.json))\">JSON</a> <a href=\"\(escape(dataLinks.csv))\">CSV</a></span>"
        }
        return "<section>\(heading)</h2>\(body)</section>"
    }

    /// A pass rate as a horizontal bar with its figure.
    public static func bar(label: String, labelHTML: String? = nil, passed: Int, total: Int) -> String {
        let rate = total == 0 ? 0 : 100 * Double(passed) / Double(total)
        let width = String(format: "%.1f", rate)
        return """
            <div class="bar-row"><span class="bar-label">\(labelHTML ?? escape(label))</span>\
            <span class="bar"><span class="bar-fill" style="width:\(width)%"></span></span>\
            <span class="bar-figure">\(escape(String(format: "%.1f%%", rate))) (\(passed)/\(total))</span></div>
            """
    }

    /// A status word with its colour.
    public static func status(_ status: String) -> String {
        "<span class=\"status status-\(escape(status.lowercased()))\">\(escape(status))</span>"
    }

    /// Preformatted text (SQL, expected and actual output).
    public static func pre(_ text: String?) -> String {
        guard let text else { return "<pre class=\"none\">(none)</pre>" }
        return "<pre>\(escape(text))</pre>"
    }
}
