// A page: its title, its HTML body and the tables it was made from. The router serves the same
// page as HTML (`/failures`), JSON (`/failures.json`) and CSV (`/failures.csv`).
import Engine
import Results

/// One page's content, before the layout around it.
public struct Page: Sendable {
    /// The path it is served at, without suffix ("/", "/compare", "/sql").
    public var path: String
    public var title: String
    /// The page's main content (escaped HTML).
    public var body: String
    /// Its data; CSV serves the first unless `?table=NAME` names another.
    public var tables: [DataTable]
    /// Figures for JSON beside the tables (pass rate, elapsed time), as JSON values.
    public var fields: [(String, String)] = []
    /// An error the page shows (a refused or failed query); JSON carries it as "error".
    public var error: String?
    /// The HTTP status: 200, or 400 for a request the page refused.
    public var status: Int = 200

    public init(path: String, title: String, body: String, tables: [DataTable], fields: [(String, String)] = [],
                error: String? = nil, status: Int = 200) {
        self.path = path
        self.title = title
        self.body = body
        self.tables = tables
        self.fields = fields
        self.error = error
        self.status = status
    }

    /// The page's data as one JSON object.
    public func json(tip: String?) -> String {
        var members = ["\"page\":\(ResultFormatter.jsonString(path))",
                       "\"title\":\(ResultFormatter.jsonString(title))",
                       "\"results_tip\":\(tip.map(ResultFormatter.jsonString) ?? "null")"]
        members += fields.map { "\(ResultFormatter.jsonString($0.0)):\($0.1)" }
        members.append("\"error\":\(error.map(ResultFormatter.jsonString) ?? "null")")
        members.append("\"tables\":[\n" + tables.map(\.json).joined(separator: ",\n") + "]")
        return "{" + members.joined(separator: ",\n") + "}\n"
    }

    /// One of the page's tables as CSV: `name`, else the first. Nil when no table has that name.
    public func csv(table name: String?) -> String? {
        guard let name, !name.isEmpty else { return (tables.first ?? DataTable(name: "", columns: [], rows: [])).csv }
        return tables.first { $0.name == name }?.csv
    }
}
