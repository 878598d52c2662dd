// The data behind every page: named tables of values, which the page shows as HTML and which
// `.json` and `.csv` after the page's path return as they are.
import Engine
import Results

/// One table of a page (or the result of a query).
public struct DataTable: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[Value]]
    /// True when rows were left out at the row cap.
    public var truncated = false

    public init(name: String, columns: [String], rows: [[Value]], truncated: Bool = false) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
    }

    /// A table of a query's result.
    public init(name: String, _ result: QueryResult) {
        self.init(name: name, columns: result.columns, rows: result.rows)
    }

    /// A value as the command line prints it (reals as sqlite3 does, NULL as "NULL").
    public static func text(_ value: Value) -> String {
        ResultTable.cell(value)
    }

    /// `{"name": ..., "columns": [...], "rows": [[...]], "row_count": n, "truncated": b}`.
    public var json: String {
        let rowsJSON = rows.map { "[" + $0.map(ResultTable.jsonValue).joined(separator: ",") + "]" }
        return "{\"name\":\(ResultFormatter.jsonString(name)),"
            + "\"columns\":[\(columns.map(ResultFormatter.jsonString).joined(separator: ","))],"
            + "\"rows\":[\(rowsJSON.joined(separator: ",\n"))],"
            + "\"row_count\":\(rows.count),\"truncated\":\(truncated)}"
    }

    /// RFC 4180 CSV with a header line; NULL is an empty field.
    public var csv: String {
        ResultTable.csv(QueryResult(columns: columns, rows: rows))
    }
}
