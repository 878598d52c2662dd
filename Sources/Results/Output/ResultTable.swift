// Query results as text: aligned tables for terminals, CSV and JSON for machines.
import Engine
import Foundation

public enum TableFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

public enum ResultTable {
    public static func render(_ result: QueryResult, as format: TableFormat) -> String {
        switch format {
        case .table: return table(result)
        case .csv: return csv(result)
        case .json: return json(result)
        }
    }

    public static func cell(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .real(let d):
            // As sqlite3 prints reals: up to 15 significant digits.
            let text = String(format: "%.15g", d)
            return text.contains(".") || text.contains("e") || text.contains("n") ? text : text + ".0"
        default: return v.stringValue ?? ""
        }
    }

    public static func table(_ r: QueryResult) -> String {
        guard !r.columns.isEmpty else { return "" }
        let cells = r.rows.map { $0.map { cell($0).replacingOccurrences(of: "\n", with: "\\n") } }
        var widths = r.columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(r.columns), line(widths.map { String(repeating: "-", count: $0) })]
        out += cells.map(line)
        out.append("(\(r.rows.count) row\(r.rows.count == 1 ? "" : "s"))")
        return out.joined(separator: "\n") + "\n"
    }

    public static func csv(_ r: QueryResult) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = [r.columns.map(field).joined(separator: ",")]
        for row in r.rows {
            lines.append(row.map { $0.isNull ? "" : field(cell($0)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: QueryResult) -> String {
        let objects: [String] = r.rows.map { row in
            "{" + zip(r.columns, row).map { "\(ResultFormatter.jsonString($0)):\(jsonValue($1))" }.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }

    public static func jsonValue(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? "\(d)" : "null"
        case .text(let s): return ResultFormatter.jsonString(s)
        case .invalidText, .blob: return ResultFormatter.jsonString(v.stringValue ?? "")
        }
    }
}
