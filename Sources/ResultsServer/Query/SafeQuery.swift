// Any SQL a visitor types, run so that it cannot hurt: on a read-only database (the engine
// refuses every change from the parsed statement), one statement at a time, stopped by the
// engine at the time limit, with at most `maxRows` rows kept.
import Engine
import Foundation

/// The limits every typed query runs under.
public struct QueryLimits: Sendable, Equatable {
    /// The longest a query may run; the engine stops it with "interrupted".
    public var timeLimit: Duration
    /// Rows past this many are dropped and the result is marked truncated.
    public var maxRows: Int

    public init(timeLimit: Duration = .seconds(1), maxRows: Int = 1000) {
        self.timeLimit = timeLimit
        self.maxRows = maxRows
    }
}

/// What a typed query gave: its rows (at most the cap), or the error that stopped it.
public struct QueryOutcome: Sendable {
    public var table: DataTable
    public var elapsed: Duration
    public var error: String?

    /// Milliseconds, one decimal.
    public var elapsedMilliseconds: Double {
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15 * 10).rounded() / 10
    }
}

public enum SafeQuery {
    /// Runs one statement of `sql` on `database`, which must be read-only. A statement that
    /// could write is refused by the engine before it runs ("attempt to write a readonly
    /// database"); one that runs past `limits.timeLimit` is interrupted by it.
    public static func run(_ sql: String, on database: Database, limits: QueryLimits) -> QueryOutcome {
        guard database.isReadOnly else {
            return QueryOutcome(table: DataTable(name: "result", columns: [], rows: []), elapsed: .zero,
                                error: "typed queries run on a read-only database only")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let previousLimit = database.timeLimit
        database.timeLimit = limits.timeLimit
        defer { database.timeLimit = previousLimit }
        var table = DataTable(name: "result", columns: [], rows: [])
        var failure: String?
        do {
            let outcome = try database.run(sql)
            table.columns = outcome.result.columns
            table.rows = outcome.result.rows
            failure = outcome.error.map { message($0, limits) }
        } catch let error as SQLError {
            failure = message(error, limits)
        } catch {
            failure = "\(error)"
        }
        if table.rows.count > limits.maxRows {
            table.rows.removeSubrange(limits.maxRows...)
            table.truncated = true
        }
        return QueryOutcome(table: table, elapsed: clock.now - start, error: failure)
    }

    /// The engine's message, with a word on the limit when it stopped the query.
    static func message(_ error: SQLError, _ limits: QueryLimits) -> String {
        guard error.kind == .interrupted else { return error.rendered }
        return "\(error.message): the query ran past the time limit of \(describe(limits.timeLimit))"
    }

    /// "1 s", "250 ms".
    public static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
