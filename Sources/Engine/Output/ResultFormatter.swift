// Query results as text for people and programs: aligned tables, CSV, JSON, or sqlite3's list.

/// How a shell shows rows.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns in a box, with a header: for people at a terminal.
    case table
    /// RFC 4180 CSV with a header line.
    case csv
    /// A JSON array with one object per row.
    case json
    /// sqlite3's default: values separated by "|", no header.
    case list
}

/// Renders a statement's rows in one output format. A result without rows renders as "".
public struct ResultFormatter: Sendable {
    public var format: OutputFormat

    public init(format: OutputFormat) { self.format = format }

    /// The rows as text, ending with a newline; "" when there are no rows.
    public func render(_ result: QueryResult) -> String {
        guard !result.rows.isEmpty else { return "" }
        // EXPLAIN QUERY PLAN: a tree in every mode, as the sqlite3 shell draws it.
        if let plan = result.queryPlan { return plan.renderedAsTree() }
        switch format {
        case .table: return table(result)
        case .csv: return csv(result)
        case .json: return json(result)
        case .list: return result.rows.map { $0.map(ResultFormatter.plain).joined(separator: "|") }.joined(separator: "\n") + "\n"
        }
    }

    /// A value as list, CSV and table modes show it: NULL as nothing, reals as SQLite prints
    /// them, text and blobs as their bytes up to the first NUL. sqlite3 prints the C string
    /// `sqlite3_column_text` returns, so a blob shows its bytes, not `X'..'` (that form is
    /// `quote()`'s and `.dump`'s).
    static func plain(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .blob(let bytes): return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        case .text(let s): return s.utf8.contains(0) ? String(decoding: s.utf8.prefix { $0 != 0 }, as: UTF8.self) : s
        default: return value.textForm ?? ""
        }
    }

    private func table(_ result: QueryResult) -> String {
        let cells = result.rows.map { row in row.map { $0.isNull ? "NULL" : ResultFormatter.plain($0) } }
        var widths = result.columns.map(\.count)
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        func line(_ texts: [String], rightAligned: [Bool]) -> String {
            var out = "|"
            for (i, width) in widths.enumerated() {
                let text = i < texts.count ? texts[i] : ""
                let pad = String(repeating: " ", count: max(0, width - text.count))
                out += " " + (rightAligned[i] ? pad + text : text + pad) + " |"
            }
            return out + "\n"
        }
        var out = rule + line(result.columns, rightAligned: widths.map { _ in false }) + rule
        for (row, texts) in zip(result.rows, cells) {
            // Numbers line up on the right, as in most SQL shells.
            let numeric = widths.indices.map { i -> Bool in
                guard i < row.count else { return false }
                switch row[i] { case .integer, .real: return true; default: return false }
            }
            out += line(texts, rightAligned: numeric)
        }
        return out + rule
    }

    private func csv(_ result: QueryResult) -> String {
        var out = result.columns.map { ResultFormatter.csvField($0) }.joined(separator: ",") + "\n"
        for row in result.rows {
            out += row.map { $0.isNull ? "" : ResultFormatter.csvField(ResultFormatter.plain($0)) }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field as sqlite3's `output_csv` writes it (its `needCsvQuote` table): quoted when
    /// empty, or when it holds a control character or space, `"`, `'`, the separator `,`, or
    /// any byte past ASCII.
    static func csvField(_ s: String) -> String {
        let needsQuotes = s.isEmpty || s.utf8.contains {
            $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: ",")
        }
        return needsQuotes ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
    }

    private func json(_ result: QueryResult) -> String {
        let objects = result.rows.map { row -> String in
            let members = zip(result.columns, row).map { "\(ResultFormatter.jsonString($0)):\(ResultFormatter.jsonValue($1))" }
            return "{" + members.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n") + "]\n"
    }

    static func jsonValue(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? (value.textForm ?? "null") : (d < 0 ? "-1e999" : "1e999")
        case .text(let s): return jsonString(s)
        case .blob(let bytes): return jsonString(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
