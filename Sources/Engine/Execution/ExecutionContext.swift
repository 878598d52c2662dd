// What a running statement carries: parameters, enclosing rows for correlated subqueries, the database.

/// Per-statement run-time state shared by every compiled closure of that statement.
final class ExecutionContext {
    /// Rows of the enclosing queries, innermost last; correlated column references read them.
    var outer: [Row] = []
    /// Row budgets addressed to FROM sources that can stop early (a CTE, view or subquery; see
    /// RowBudget.swift): a query that needs only its first rows sets one for its first source,
    /// which takes it and produces only that many rows, so a recursive CTE stops as SQLite's
    /// coroutine does when the LIMIT is reached. Keyed by source, so a query nested in between
    /// never takes another's budget.
    var rowBudgets: [ObjectIdentifier: Int] = [:]
    /// The sources that stopped at their budget with more rows to give.
    var stoppedAtBudget: Set<ObjectIdentifier> = []
    let parameters: [Value]
    unowned let database: Database
    /// The database's interrupt state, held directly so a loop's check reads no other object.
    let interrupt: InterruptCheck

    init(database: Database, parameters: [Value]) {
        self.database = database
        self.parameters = parameters
        self.interrupt = database.interruptCheck
    }

    /// Runs `body` with `row` visible to correlated references one level down.
    @inline(__always)
    func withOuter<T>(_ row: Row, _ body: () throws -> T) rethrows -> T {
        outer.append(row)
        defer { outer.removeLast() }
        return try body()
    }
}

/// A compiled expression: a closure over (row, context) with the static facts comparisons need.
struct CompiledExpression {
    let evaluate: (Row, ExecutionContext) throws -> Value
    /// The affinity the expression carries into comparisons (nil: none).
    var affinity: Affinity?
    /// Collation from COLLATE or a column's declaration.
    var collation: Collation?
    /// True when COLLATE was written explicitly (it then wins over a column's collation).
    var explicitCollation = false
    /// The value, when the expression is a constant that needs no row.
    var constant: Value?

    init(affinity: Affinity? = nil, collation: Collation? = nil, _ evaluate: @escaping (Row, ExecutionContext) throws -> Value) {
        self.evaluate = evaluate
        self.affinity = affinity
        self.collation = collation
    }

    static func constant(_ value: Value) -> CompiledExpression {
        var e = CompiledExpression { _, _ in value }
        e.constant = value
        return e
    }
}

/// RAISE() inside a trigger: IGNORE skips the row; the others fail the statement with a message.
struct TriggerRaise: Error {
    let kind: String
    let message: String
}
