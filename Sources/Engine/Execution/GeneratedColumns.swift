// Generated columns (`[GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]`): checked when the table
// is made, by SQLite's rules (build.c, resolve.c) and with its error texts, and computed on every
// write in the order SQLite computes them (insert.c, sqlite3ComputeGeneratedColumns).
//
// Both kinds are computed when a row is written and kept in the stored row. A VIRTUAL column
// therefore reads exactly as SQLite's, which computes it on each read: its expression is
// deterministic and reads only the row's own columns, so the value cannot have changed since.

extension Scope {
    /// A scope whose only source is `table`: its columns, then (when asked) its rowid.
    static func ofTable(_ table: Table, withRowid: Bool) -> Scope {
        let scope = Scope(parent: nil)
        scope.add(ScopeSource(table: table, name: table.name, withRowid: withRowid))
        return scope
    }
}

extension Table {
    /// Whether any column is generated (a per-statement question: the writers ask it once).
    var hasGeneratedColumns: Bool { columns.contains { $0.definition.generated != nil } }
}

/// A table's generated columns compiled for one statement, in the order they are computed.
struct GeneratedColumnEvaluator {
    private let steps: [(column: Int, affinity: Affinity, evaluate: (Row, ExecutionContext) throws -> Value)]

    /// Compiles the expressions in `scope` (the table's columns, then its rowid). A cycle among
    /// the columns is refused here, when a statement first writes the table, as SQLite does.
    init(table: Table, compiler: Compiler, scope: Scope) throws {
        let order = try GeneratedColumnEvaluator.evaluationOrder(table, compiler: compiler)
        steps = try compiler.compilingPure(.generatedColumn) {
            try order.map { c in
                guard let generated = table.columns[c].definition.generated else { throw SQLError(.misuse, "not a generated column") }
                return (c, table.columns[c].affinity, try compiler.compile(generated.expression, in: scope).evaluate)
            }
        }
    }

    /// Fills the generated columns of `values` (the column values, without the rowid), each
    /// with its column's affinity applied.
    func compute(_ values: inout Row, rowid: Int64, ctx: ExecutionContext) throws {
        values.append(.integer(rowid))
        defer { values.removeLast() }
        try compute(stored: &values, ctx: ctx)
    }

    /// The same for a stored row: the column values followed by the rowid.
    func compute(stored row: inout Row, ctx: ExecutionContext) throws {
        for step in steps {
            let value = try step.evaluate(row, ctx)
            row[step.column] = step.affinity.apply(value)
        }
    }

    /// SQLite's order: passes over the columns from left to right, each computing every column
    /// whose generated inputs are all computed, until a pass makes no progress. A column left
    /// over then is in a loop; SQLite names the last one its final pass could not compute.
    static func evaluationOrder(_ table: Table, compiler: Compiler) throws -> [Int] {
        var inputs: [Int: Set<Int>] = [:]
        for (c, column) in table.columns.enumerated() {
            guard let generated = column.definition.generated else { continue }
            var read = Set<Int>()
            compiler.visit(generated.expression) { node in
                if case .column(_, let name, _) = node, let i = table.columnIndex(name) { read.insert(i) }
            }
            inputs[c] = read.filter { table.columns[$0].definition.generated != nil }
        }
        var computed = Set<Int>()
        var order: [Int] = []
        while true {
            var progress = false
            var blocked: Int?
            for c in inputs.keys.sorted() where !computed.contains(c) {
                if inputs[c, default: []].isSubset(of: computed) {
                    computed.insert(c)
                    order.append(c)
                    progress = true
                } else {
                    blocked = c
                }
            }
            guard let blocked else { return order }
            if !progress {
                throw SQLError(.misuse, "generated column loop on \"\(table.columns[blocked].name)\"")
            }
        }
    }
}

/// The date and time functions: SQLite lets a generated column call them, and refuses at run
/// time a call that reads the clock ('now', or no time value).
enum ClockFunctions {
    static let names: Set<String> = ["date", "time", "datetime", "julianday", "unixepoch", "strftime"]

    /// Whether this call reads the current time: strftime's time value is its second argument.
    static func readsClock(_ name: String, _ arguments: [Value]) -> Bool {
        let timeArgument = name == "strftime" ? 1 : 0
        guard timeArgument < arguments.count else { return true }
        if case .text(let text) = arguments[timeArgument] { return asciiLowercased(text) == "now" }
        return false
    }
}

extension Database {
    /// The functions whose result depends on more than their arguments, refused in a generated
    /// column (the clock functions are checked when they run).
    static let contextFunctions: Set<String> = ["changes", "total_changes", "last_insert_rowid", "sqlite_version"]

    /// CREATE TABLE's rules for generated columns: none in the PRIMARY KEY, at least one column
    /// that is not generated, and each expression valid (see `checkGeneratedExpression`).
    func checkGeneratedColumns(of table: Table, position: Int) throws {
        guard table.hasGeneratedColumns else { return }
        if table.primaryKey.contains(where: { table.columns[$0].definition.generated != nil }) {
            throw SQLError(.misuse, "generated columns cannot be part of the PRIMARY KEY", position: position)
        }
        if table.columns.allSatisfy({ $0.definition.generated != nil }) {
            throw SQLError(.misuse, "must have at least one non-generated column", position: position)
        }
        let compiler = Compiler(database: self, sql: "")
        for column in table.columns {
            if let generated = column.definition.generated {
                try checkGeneratedExpression(generated, of: table, compiler: compiler)
            }
        }
    }

    /// A generated column's expression reads only its own row, through deterministic functions:
    /// no subquery, parameter, qualified name, aggregate, window or non-deterministic function,
    /// and every name one of the table's columns (not the rowid), as SQLite resolves it.
    func checkGeneratedExpression(_ generated: GeneratedColumn, of table: Table, compiler: Compiler) throws {
        var problem: String?
        compiler.visit(generated.expression) { node in
            guard problem == nil else { return }
            switch node {
            case .subquery, .exists, .inSelect, .inTable:
                problem = "subqueries prohibited in generated columns"
            case .parameter:
                problem = "parameters prohibited in generated columns"
            case .column(let qualifier?, let name, _)
                where asciiLowercased(qualifier) == asciiLowercased(table.name) && table.columnIndex(name) != nil:
                problem = "the \".\" operator prohibited in generated columns"
            case .function(let call, _) where call.window == nil:
                let count = call.star ? 0 : call.arguments.count
                if Database.contextFunctions.contains(call.name) && count == 0 {
                    problem = "non-deterministic functions prohibited in generated columns"
                } else if let scalar = FunctionRegistry.scalar(call.name, argumentCount: count), !scalar.deterministic,
                          !ClockFunctions.names.contains(call.name) {
                    problem = "non-deterministic functions prohibited in generated columns"
                }
            default:
                break
            }
        }
        if let problem { throw SQLError(.misuse, problem) }
        // Without the rowid: SQLite does not resolve `rowid` in a generated column.
        let scope = Scope.ofTable(table, withRowid: false)
        _ = try compiler.compilingPure(.generatedColumn) { try compiler.compile(generated.expression, in: scope) }
    }

    /// ALTER TABLE ADD COLUMN of a generated column. A VIRTUAL one may be added to any table, a
    /// STORED one only to an empty table (SQLite would have to write every row). The new column
    /// is computed into every existing row, which must meet its NOT NULL and CHECK constraints.
    func addGeneratedColumn(_ column: ColumnSchema, to table: Table, compiler: Compiler, ctx: ExecutionContext,
                            before: Catalog) throws {
        guard let generated = column.definition.generated else { return }
        if generated.stored && table.count > 0 { throw SQLError(.misuse, "cannot add a STORED column") }
        let copy = table.copy(renamedTo: table.name, addingColumn: column)
        let newChecks = zip(column.definition.check, column.definition.checkText).map { (expression: $0, text: $1, name: String?.none) }
        copy.checks += newChecks
        let evaluator: GeneratedColumnEvaluator
        let checks: [(Row, ExecutionContext) throws -> Value]
        do {
            try checkGeneratedExpression(generated, of: copy, compiler: Compiler(database: self, sql: ""))
            let scope = Scope.ofTable(copy, withRowid: true)
            evaluator = try GeneratedColumnEvaluator(table: copy, compiler: compiler, scope: scope)
            checks = try compiler.compilingPure(.check) { try newChecks.map { try compiler.compile($0.expression, in: scope).evaluate } }
        } catch let e as SQLError {
            throw SQLError(.runtime, "error in table \(table.name) after add column: \(e.message)")
        }
        let added = copy.columns.count - 1
        for row in copy.allRows {
            var stored = row
            try evaluator.compute(stored: &stored, ctx: ctx)
            if column.notNull && stored[added].isNull { throw SQLError(.constraint, "NOT NULL constraint failed") }
            for check in checks where try check(stored, ctx).truth == false {
                throw SQLError(.constraint, "CHECK constraint failed")
            }
            copy.replace(rowid: Table.rowid(of: row), with: Array(stored.dropLast()))
        }
        try recompileComputedIndexes(of: copy)
        undoLog.append(.catalog(before))
        let s = schemaIndex(of: table)
        catalogs[s].tables[asciiLowercased(table.name)] = copy
        for index in copy.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
    }

    /// The column names an INSERT or UPDATE may not write: SQLite's "cannot INSERT into
    /// generated column" (or UPDATE) when one of `names` is generated.
    func refuseWritingGeneratedColumns(_ names: [String], of table: Table, verb: String, position: Int?) throws {
        guard table.hasGeneratedColumns else { return }
        for name in names {
            if let c = table.columnIndex(name), table.columns[c].definition.generated != nil {
                throw SQLError(.misuse, "cannot \(verb) generated column \"\(table.columns[c].name)\"", position: position)
            }
        }
    }
}
