// The small protocol the harness drives, so the same runner can judge VibeSQL or SQLite.
import Engine

/// What happened to a query record's SQL.
public enum QueryOutcome: Sendable, Equatable {
    /// The statement could not be prepared (syntax error, unknown table or column, ...).
    case prepareFailed(String)
    /// It was prepared and ran: its column count, the rows it produced, and the run-time error
    /// that stopped it early, if any (judged on the rows before the error, as the reference does).
    case ran(columnCount: Int, rows: [[Value]], error: String?)
}

/// A database the runner can drive. One instance per file: every file gets a fresh database.
public protocol SQLEngine: AnyObject {
    /// Runs every `;`-separated statement of a `statement` record; the error message if one fails.
    func executeStatements(_ sql: String) -> String?
    /// Prepares and runs one query.
    func query(_ sql: String) -> QueryOutcome
    /// Makes each following statement fail ("interrupted") when it runs longer than `limit`
    /// (nil: no limit). An engine that cannot stop itself ignores it; the worker's kill remains.
    func limitStatementTime(to limit: Duration?)
}

extension SQLEngine {
    public func limitStatementTime(to limit: Duration?) {}
}

/// The engines the runner knows how to build.
public enum EngineKind: String, Sendable, Codable, CaseIterable {
    case vibesql
    case sqlite

    /// A fresh, empty database of this kind.
    public func makeEngine() throws -> SQLEngine {
        switch self {
        case .vibesql: return VibeSQLEngine()
        case .sqlite: return try SQLiteEngine()
        }
    }
}
