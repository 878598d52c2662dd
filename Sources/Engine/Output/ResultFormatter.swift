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

    /// The rows as text, ending with a newline; "" when there are no rows. Bytes of text that
    /// are not valid UTF-8 show as U+FFFD here; `renderBytes` keeps them.
    public func render(_ result: QueryResult) -> String {
        String(decoding: renderBytes(result), as: UTF8.self)
    }

    /// The rows as the bytes a shell writes, ending with a newline; empty when there are no
    /// rows. Text is written as its bytes, valid UTF-8 or not, as sqlite3 writes it.
    public func renderBytes(_ result: QueryResult) -> [UInt8] {
        guard !result.rows.isEmpty else { return [] }
        // EXPLAIN QUERY PLAN: a tree in every mode, as the sqlite3 shell draws it.
        if let plan = result.queryPlan { return Array(plan.renderedAsTree().utf8) }
        switch format {
        case .table: return table(result)
        case .csv: return csv(result)
        case .json: return json(result)
        case .list:
            var out: [UInt8] = []
            for row in result.rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: "|")) }
                    out += ResultFormatter.plain(value)
                }
                out.append(UInt8(ascii: "\n"))
            }
            return out
        }
    }

    /// A value as list, CSV and table modes show it: NULL as nothing, reals as SQLite prints
    /// them, text and blobs as their bytes up to the first NUL. sqlite3 prints the C string
    /// `sqlite3_column_text` returns, so a blob shows its bytes, not `X'..'` (that form is
    /// `quote()`'s and `.dump`'s).
    static func plain(_ value: Value) -> [UInt8] {
        switch value {
        case .null: return []
        case .text(let s): return Array(s.utf8.prefix { $0 != 0 })
        case .invalidText(let bytes), .blob(let bytes): return Array(bytes.prefix { $0 != 0 })
        case .integer, .real: return Array((value.textForm ?? "").utf8)
        }
    }

    private func table(_ result: QueryResult) -> [UInt8] {
        let cells = result.rows.map { row in row.map { $0.isNull ? Array("NULL".utf8) : ResultFormatter.plain($0) } }
        // Widths in characters as Swift counts them; bytes that are not UTF-8 count as U+FFFD.
        func width(_ cell: [UInt8]) -> Int { String(decoding: cell, as: UTF8.self).count }
        var widths = result.columns.map(\.count)
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) }
        }
        let rule = Array(("+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n").utf8)
        func line(_ texts: [[UInt8]], rightAligned: [Bool]) -> [UInt8] {
            var out: [UInt8] = [UInt8(ascii: "|")]
            for (i, columnWidth) in widths.enumerated() {
                let text = i < texts.count ? texts[i] : []
                let pad = repeatElement(UInt8(ascii: " "), count: max(0, columnWidth - width(text)))
                out.append(UInt8(ascii: " "))
                if rightAligned[i] { out += pad; out += text } else { out += text; out += pad }
                out += Array(" |".utf8)
            }
            out.append(UInt8(ascii: "\n"))
            return out
        }
        var out = rule + line(result.columns.map { Array($0.utf8) }, rightAligned: widths.map { _ in false }) + rule
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

    private func csv(_ result: QueryResult) -> [UInt8] {
        var out = Array(result.columns.map { ResultFormatter.csvField($0) }.joined(separator: ",").utf8)
        out.append(UInt8(ascii: "\n"))
        for row in result.rows {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if !value.isNull { out += ResultFormatter.csvField(ResultFormatter.plain(value)) }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// A CSV field as sqlite3's `output_csv` writes it (its `needCsvQuote` table): quoted when
    /// empty, or when it holds a control character or space, `"`, `'`, the separator `,`, or
    /// any byte past ASCII.
    static func csvField(_ s: String) -> String {
        String(decoding: csvField(Array(s.utf8)), as: UTF8.self)
    }

    static func csvField(_ field: [UInt8]) -> [UInt8] {
        let needsQuotes = field.isEmpty || field.contains {
            $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: ",")
        }
        guard needsQuotes else { return field }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in field {
            out.append(b)
            if b == UInt8(ascii: "\"") { out.append(b) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    private func json(_ result: QueryResult) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (r, row) in result.rows.enumerated() {
            if r > 0 { out += Array(",\n".utf8) }
            out.append(UInt8(ascii: "{"))
            for (i, (column, value)) in zip(result.columns, row).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                ResultFormatter.appendJSONString(column.utf8, to: &out)
                out.append(UInt8(ascii: ":"))
                ResultFormatter.appendJSONValue(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out += Array("]\n".utf8)
        return out
    }

    /// A value as JSON output shows it (text that is not UTF-8 lossy; see `appendJSONValue`).
    static func jsonValue(_ value: Value) -> String {
        var out: [UInt8] = []
        appendJSONValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value as JSON output writes it: text and blobs as strings of their bytes.
    static func appendJSONValue(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .integer(let i): out += Array(String(i).utf8)
        case .real(let d): out += Array((d.isFinite ? (value.textForm ?? "null") : (d < 0 ? "-1e999" : "1e999")).utf8)
        case .text(let s): appendJSONString(s.utf8, to: &out)
        case .invalidText(let bytes), .blob(let bytes): appendJSONString(bytes, to: &out)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func jsonString(_ s: String) -> String {
        var out: [UInt8] = []
        appendJSONString(s.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal of `bytes`: quotes, backslashes and control characters escaped,
    /// every other byte as it is.
    static func appendJSONString<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x00..<0x20, 0x7F:
                let hex = String(b, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
