// The binder: resolves names against the catalog and compiles statements into closures, once per statement.

/// A CTE visible to a query: its plan is compiled once and its rows computed once per run.
final class CTEDefinition {
    let name: String
    let columns: [String]
    let affinities: [Affinity?]
    let plan: SelectPlan?
    /// Rows of a recursive CTE's working table while it is being computed.
    var workingRows: [Row]?
    let recursive: Bool
    /// The error reading it raises (its column list does not fit its SELECT).
    var unusable: SQLError?
    /// Its plan's lines, for EXPLAIN QUERY PLAN where it is read.
    var planLines: () -> [PlanLine] = { [] }

    init(name: String, columns: [String], affinities: [Affinity?], plan: SelectPlan?, recursive: Bool) {
        self.name = name
        self.columns = columns
        self.affinities = affinities
        self.plan = plan
        self.recursive = recursive
    }
}

/// Compiles parsed statements against a database's catalog.
final class Compiler {
    unowned let database: Database
    /// The text positions refer to: the statement's, or a view's while its body is compiled.
    var sql: String
    /// Visible CTEs, innermost WITH last.
    var ctes: [[String: CTEDefinition]] = []
    /// Views being expanded, to report a view that refers to itself.
    var expandingViews: Set<String> = []
    /// Set while an expression SQLite requires to be pure compiles (a generated column, a CHECK
    /// constraint): a date function that reads the clock is then refused when it runs, with
    /// SQLite's "non-deterministic use of date() in a CHECK constraint" (see `ClockFunctions`).
    var pureContext: PureContext?
    /// The schema a trigger's or view's body belongs to while it compiles (its unqualified
    /// names resolve there only, as in SQLite), or the schema a PRAGMA describes.
    var fixedSchema: Int?
    /// Set for EXPLAIN QUERY PLAN only: the planner's choices are recorded there as it makes them.
    var planRecorder: PlanRecorder?
    /// Set while ALTER TABLE RENAME COLUMN finds where a view's or trigger's own text names the
    /// column (Execution/Database+RenameColumnInSchema.swift).
    var columnUses: ColumnUses?

    init(database: Database, sql: String) {
        self.database = database
        self.sql = sql
    }

    /// The catalog of the schema names resolve in when it is fixed, else main's.
    var catalog: Catalog { database.catalogs[fixedSchema ?? Database.mainSchema] }

    @inline(never)
    func error(_ kind: SQLError.Kind, _ message: String, at position: Int? = nil) -> SQLError {
        SQLError(kind, message, position: position, sql: sql)
    }

    func lookupCTE(_ name: String) -> CTEDefinition? {
        let key = asciiLowercased(name)
        for level in ctes.reversed() { if let cte = level[key] { return cte } }
        return nil
    }
}

/// The positions in the text being compiled of the references that resolve to one column of
/// one stored table: not those inside a view the text reads, a CHECK or a generated column,
/// whose names are written in another text.
final class ColumnUses {
    let table: Table
    let column: Int
    var positions: Set<Int> = []

    init(table: Table, column: Int) {
        self.table = table
        self.column = column
    }
}

/// Aggregate calls found in a grouped query's output; each gets a slot after the source columns.
final class AggregateCollector {
    struct Slot {
        let function: AggregateFunction
        let arguments: [CompiledExpression]
        let distinct: Bool
        let filter: CompiledExpression?
        let name: String
    }
    var slots: [Slot] = []
    let base: Int
    init(base: Int) { self.base = base }
}

/// Window function calls found in a query's output; each gets a slot after the source (and aggregate) columns.
final class WindowCollector {
    struct Slot {
        let name: String
        let arguments: [CompiledExpression]
        let partitionBy: [CompiledExpression]
        let orderBy: [(CompiledExpression, OrderingTerm)]
        let frame: WindowFrame?
        /// The frame's offsets (`n PRECEDING`), computed once per statement.
        let startOffset: CompiledExpression?
        let endOffset: CompiledExpression?
        let aggregate: AggregateFunction?
        /// FILTER (WHERE ...) of an aggregate used as a window function.
        let filter: CompiledExpression?
    }
    var slots: [Slot] = []
    var base: Int
    init(base: Int) { self.base = base }
}

/// Where an expression must give the same value every time it runs, as SQLite names the place
/// in its "non-deterministic use of F() in ..." error.
enum PureContext: String {
    case generatedColumn = "a generated column"
    case check = "a CHECK constraint"
    case index = "an index"
}

extension Compiler {
    /// Compiles with `context` as the pure context, restoring the previous one afterwards.
    func compilingPure<T>(_ context: PureContext, _ body: () throws -> T) rethrows -> T {
        let saved = pureContext
        pureContext = context
        defer { pureContext = saved }
        return try body()
    }
}
