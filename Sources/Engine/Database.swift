// The engine's public face: open a database, run SQL, save and load it as a SQL dump.

/// The rows a statement produced, with its column names.
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Value]]
    /// Rows inserted, updated or deleted by a data-changing statement.
    public var changes: Int

    public init(columns: [String] = [], rows: [[Value]] = [], changes: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
    }
}

/// The outcome of one statement that was prepared: its rows, and the error that stopped it, if any.
/// SQLite's step loop returns rows until a run-time error; callers that judge output need both.
public struct RunOutcome: Sendable {
    public var result: QueryResult
    public var error: SQLError?
}

/// An in-memory SQL database with SQLite's dialect and semantics.
public final class Database {
    public init() {}

    /// Runs every statement in `sql` and returns the last one's result.
    /// Throws the first error; statements before it have taken effect.
    @discardableResult
    public func execute(_ sql: String, parameters: [Value] = []) throws -> QueryResult {
        throw SQLError(.misuse, "not implemented")
    }

    /// Prepares one statement and runs it. Throws when it cannot be prepared (syntax, unknown
    /// names); a run-time error comes back in the outcome with the rows produced before it.
    public func run(_ sql: String, parameters: [Value] = []) throws -> RunOutcome {
        throw SQLError(.misuse, "not implemented")
    }
}
