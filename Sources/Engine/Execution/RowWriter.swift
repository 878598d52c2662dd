// Writing one row: affinity, rowid, NOT NULL, STRICT types, CHECK, UNIQUE and FOREIGN KEY, each with the
// statement's conflict resolution, and the triggers around the write.

/// Writes rows into one table for one statement; compiled CHECKs and defaults are reused per row.
final class RowWriter {
    let database: Database
    let table: Table
    let compiler: Compiler
    /// The table as a single source (columns then rowid), for CHECK constraints.
    let scope: Scope
    private let checks: [(evaluate: (Row, ExecutionContext) throws -> Value, label: String)]
    private var defaults: [Int: (Row, ExecutionContext) throws -> Value] = [:]
    /// The table's generated columns, computed into every row written; nil when it has none.
    let generated: GeneratedColumnEvaluator?
    /// The table's indexes on expressions and partial indexes (usually none), whose
    /// expressions run on each row before it is written.
    private let computedIndexes: [TableIndex]
    /// Each column's affinity, and the NOT NULL columns: read for every row written (a column's
    /// schema is a large value, and reading it from the table's array per row copied it).
    private let affinities: [Affinity]
    private let notNullColumns: [Int]
    /// Whether any schema has a trigger; a statement cannot create one, so it holds for this
    /// writer's rows, which then skip building what triggers would see.
    private let hasTriggers: Bool
    /// The rowid of the row the last successful insert or update wrote.
    private(set) var lastWrittenRowid: Int64 = 0
    /// The foreign keys a write to this table looks at; nil when none (or enforcement is off).
    let foreignKeys: ForeignKeyPlan?
    /// The statement's ON CONFLICT DO UPDATE clauses, compiled once, by their place in it.
    private var upsertUpdates: [Int: UpsertUpdate] = [:]
    /// The constraint each ON CONFLICT clause names, by its place in the statement.
    private var upsertTargets: [UpsertTarget] = []

    /// A compiled DO UPDATE: its WHERE and each assigned column's new value, over the
    /// conflicting row followed by the refused one (`excluded`).
    private struct UpsertUpdate {
        let condition: CompiledExpression?
        let assignments: [(column: Int, value: CompiledExpression)]
    }

    /// `upsert` is the INSERT's ON CONFLICT clauses, compiled here once for every row.
    init(database: Database, table: Table, compiler: Compiler, parent: Scope?, upsert: [UpsertClause] = []) throws {
        self.database = database
        self.table = table
        self.compiler = compiler
        let scope = Scope(parent: nil)
        self.scope = scope
        scope.add(ScopeSource(table: table, name: table.name))
        // PRAGMA ignore_check_constraints leaves them out, as SQLite does.
        let enforced = compiler.database.settingIsOn("ignore_check_constraints") ? [] : table.checks
        checks = try compiler.compilingPure(.check) {
            try enforced.map { check in (try compiler.compile(check.expression, in: scope).evaluate, check.name ?? check.text) }
        }
        generated = table.hasGeneratedColumns ? try GeneratedColumnEvaluator(table: table, compiler: compiler, scope: scope) : nil
        computedIndexes = table.indexes.filter { $0.computed != nil }
        affinities = table.columns.map(\.affinity)
        notNullColumns = table.columns.indices.filter { table.columns[$0].notNull }
        hasTriggers = database.hasTriggers
        foreignKeys = database.foreignKeyPlan(for: table)
        upsertTargets = try upsert.map { try UpsertTarget($0, table: table) }
        try prepareUpserts(upsert)
    }

    /// Compiles the statement's DO UPDATE clauses before any row is written, so a name one of
    /// them gets wrong is an error even when no row conflicts, as SQLite finds it when it
    /// prepares the statement.
    private func prepareUpserts(_ clauses: [UpsertClause]) throws {
        guard clauses.contains(where: { $0.assignments != nil }) else { return }
        let upsertScope = Scope(parent: nil)
        let source = scope.sources[0]
        upsertScope.add(source)
        var excludedSource = source
        excludedSource.name = "excluded"
        // A bare column name is the target table's, as in SQLite: `excluded.` must be written.
        excludedSource.hidden = Set(0..<excludedSource.columns.count)
        upsertScope.add(excludedSource)
        for (i, clause) in clauses.enumerated() {
            guard let assignments = clause.assignments else { continue }
            let condition = try clause.whereClause.map { try compiler.compile($0, in: upsertScope) }
            var compiled: [(column: Int, value: CompiledExpression)] = []
            for (name, value) in try database.expandRowAssignments(assignments, compiler: compiler, scope: upsertScope) {
                guard let c = table.columnIndex(name) else { throw SQLError(.unknownColumn, "no such column: \(name)") }
                compiled.append((c, try compiler.compile(value, in: upsertScope)))
            }
            upsertUpdates[i] = UpsertUpdate(condition: condition, assignments: compiled)
        }
    }

    func defaultValue(_ column: Int, ctx: ExecutionContext) throws -> Value {
        guard let expression = table.columns[column].defaultValue else { return .null }
        if let compiled = defaults[column] { return try compiled([], ctx) }
        let compiled = try compiler.compile(expression, in: Scope(parent: nil)).evaluate
        defaults[column] = compiled
        return try compiled([], ctx)
    }

    private func columnName(_ c: Int) -> String { "\(table.name).\(table.columns[c].name)" }

    @inline(never)
    private func uniqueError(_ index: TableIndex?) -> SQLError {
        guard let index else {
            let name = table.rowidColumn.map { table.columns[$0].name } ?? "rowid"
            return SQLError(.constraint, "UNIQUE constraint failed: \(table.name).\(name)")
        }
        return SQLError(.constraint, "UNIQUE constraint failed: \(database.uniqueConstraintName(index, table: table))")
    }

    /// Applies affinity and reads the rowid the row gives: nil when it gives none (NULL), so the
    /// table chooses one once the BEFORE triggers have run, as SQLite does.
    private func prepare(_ values: inout Row, rowid given: Value) throws -> Int64? {
        for c in 0..<min(values.count, affinities.count) { values[c] = affinities[c].apply(values[c]) }
        var rowidValue = given
        if let r = table.rowidColumn { rowidValue = values[r] }
        switch rowidValue {
        case .null:
            return nil
        case .integer(let i):
            return i
        default:
            let converted = Affinity.integer.apply(rowidValue)
            guard case .integer(let i) = converted else { throw SQLError(.mismatch, "datatype mismatch") }
            return i
        }
    }

    /// NOT NULL (OR REPLACE puts the default in) and CHECK. False: skip the row (OR IGNORE).
    private func checkNotNullAndChecks(_ values: inout Row, rowid: Int64, conflict: ConflictResolution?,
                                       ctx: ExecutionContext) throws -> Bool {
        for c in notNullColumns where values[c].isNull {
            switch conflict ?? table.columns[c].definition.notNullConflict ?? .abort {
            case .ignore: return false
            case .replace:
                let d = try defaultValue(c, ctx: ctx)
                if !d.isNull { values[c] = affinities[c].apply(d); continue }
                fallthrough
            default:
                throw SQLError(.constraint, "NOT NULL constraint failed: \(columnName(c))")
            }
        }
        if table.strict { try checkStrictTypes(values) }
        if !checks.isEmpty {
            var row = values
            row.append(.integer(rowid))
            for check in checks where try check.evaluate(row, ctx).truth == false {
                if (conflict ?? .abort) == .ignore { return false }
                throw SQLError(.constraint, "CHECK constraint failed: \(check.label)")
            }
        }
        return true
    }

    /// STRICT: each value (after its column's affinity) must be of the column's type. The
    /// INTEGER PRIMARY KEY is the rowid and was settled already ("datatype mismatch"); a
    /// generated column's value is not checked (SQLite 3.40 applies only its affinity).
    private func checkStrictTypes(_ values: Row) throws {
        for (c, column) in table.columns.enumerated() where c != table.rowidColumn && column.definition.generated == nil {
            if let type = column.strictType, !type.admits(values[c]) {
                throw type.refusal(values[c], table: table.name, column: column.name)
            }
        }
    }

    /// Runs the expressions of the table's indexes on expressions and partial indexes on the
    /// row about to be written: an error among them fails the write before anything is stored.
    private func checkIndexExpressions(_ values: Row, rowid: Int64) throws {
        let stored = values + [.integer(rowid)]
        for index in computedIndexes { try index.computed?.check(stored) }
    }

    /// Inserts a row. Returns false when a conflict resolution skipped it.
    func insert(_ input: Row, rowid given: Value, conflict: ConflictResolution?, upsert: [UpsertClause] = [],
                ctx: ExecutionContext) throws -> Bool {
        var values = input
        let givenRowid = try prepare(&values, rowid: given)
        // The rows triggers and DO UPDATE see are made only when there are such to see them.
        if hasTriggers {
            // A BEFORE trigger sees -1 for a rowid still to be chosen, and may insert into this
            // very table: the rowid is chosen after it, and NOT NULL and CHECK are checked after it.
            var triggerRow = values + [.integer(givenRowid ?? -1)]
            if givenRowid == nil, let r = table.rowidColumn { triggerRow[r] = .integer(-1) }
            // Generated columns as SQLite shows them to a BEFORE trigger: from the -1 rowid.
            if let generated { try generated.compute(stored: &triggerRow, ctx: ctx) }
            do {
                try database.fireTriggers(on: table, timing: .before, event: .insert, old: nil, new: triggerRow, ctx: ctx)
            } catch let raise as TriggerRaise where raise.kind == "IGNORE" {
                return false
            }
        }
        let rowid: Int64
        if let givenRowid {
            rowid = givenRowid
        } else {
            guard let next = table.nextRowid() else { throw SQLError(.runtime, "database or disk is full") }
            rowid = next
        }
        if let r = table.rowidColumn { values[r] = .integer(rowid) }
        if let generated { try generated.compute(&values, rowid: rowid, ctx: ctx) }
        guard try checkNotNullAndChecks(&values, rowid: rowid, conflict: conflict, ctx: ctx) else {
            // An AUTOINCREMENT rowid once chosen is spent, even for a row then skipped (SQLite).
            if givenRowid == nil && table.autoincrement { table.highestRowid = max(table.highestRowid, rowid) }
            return false
        }
        if !computedIndexes.isEmpty { try checkIndexExpressions(values, rowid: rowid) }
        let newRow = hasTriggers || !upsert.isEmpty ? values + [.integer(rowid)] : []
        // The ON CONFLICT targets are checked first, in the order written, as SQLite does: a row
        // that collides with its target and with the primary key too takes the DO clause.
        if let (clause, other) = upsertTargetConflict(values, rowid: rowid, upsert) {
            return try upsertUpdate(clause, conflicting: other, excluded: newRow, ctx: ctx)
        }
        while let (index, other) = table.uniqueConflict(values, rowid: rowid) {
            if let clause = upsert.indices.first(where: { matches($0, index) }) {
                return try upsertUpdate(clause, conflicting: other, excluded: newRow, ctx: ctx)
            }
            guard try resolveUniqueConflict(index, other, conflict: conflict, ctx: ctx) else { return false }
        }
        if let foreignKeys { try database.foreignKeysBeforeInsert(foreignKeys, values) }
        if table.autoincrement && rowid > table.highestRowid {
            database.undoLog.append(.highestRowidRaised(table, previous: table.highestRowid))
        }
        table.insert(values, rowid: rowid)
        database.logInsert(table, rowid: rowid)
        database.lastInsertRowid = rowid
        lastWrittenRowid = rowid
        if hasTriggers {
            try database.fireTriggers(on: table, timing: .after, event: .insert, old: nil, new: newRow, ctx: ctx)
        }
        return true
    }

    /// A UNIQUE or PRIMARY KEY collision with row `other`: the statement's resolution, else the
    /// constraint's ON CONFLICT, else ABORT. False: skip the row (IGNORE); REPLACE deletes `other`.
    private func resolveUniqueConflict(_ index: TableIndex?, _ other: Int64, conflict: ConflictResolution?,
                                       ctx: ExecutionContext) throws -> Bool {
        switch conflict ?? (index.map { $0.conflict } ?? table.rowidConflict) ?? .abort {
        case .ignore:
            return false
        case .replace:
            guard table.containsRowid(other) else { throw uniqueError(index) }
            try database.deleteRow(table, rowid: other, ctx: ctx, fireTriggers: false)
            return true
        default:
            throw uniqueError(index)
        }
    }

    /// The first ON CONFLICT clause (its place in the statement) with a target whose constraint
    /// the row collides with, and the row it collides with.
    private func upsertTargetConflict(_ values: Row, rowid: Int64, _ upsert: [UpsertClause]) -> (Int, Int64)? {
        for i in upsert.indices where i < upsertTargets.count {
            switch upsertTargets[i] {
            case .any: continue
            case .rowid: if table.containsRowid(rowid) { return (i, rowid) }
            case .index(let index):
                // An index on expressions or a partial index reads the stored row, rowid included.
                let stored = index.computed == nil ? values : values + [.integer(rowid)]
                if let other = index.conflict(for: stored) { return (i, other) }
            }
        }
        return nil
    }

    /// Whether clause `i` takes a conflict on `index` (nil: the rowid).
    private func matches(_ i: Int, _ index: TableIndex?) -> Bool {
        i < upsertTargets.count ? upsertTargets[i].takes(index) : true
    }

    /// ON CONFLICT DO UPDATE (the statement's clause number `clause`; DO NOTHING has none):
    /// the conflicting row is updated; `excluded.x` is the row that was refused.
    private func upsertUpdate(_ clause: Int, conflicting rowid: Int64, excluded: Row, ctx: ExecutionContext) throws -> Bool {
        guard let update = upsertUpdates[clause], let old = table.row(rowid: rowid) else { return false }
        let combined = old + excluded
        if let condition = update.condition, try condition.evaluate(combined, ctx).truth != true {
            return false
        }
        var values = Database.columnValues(of: old)
        var assigned = Set<Int>()
        for (c, value) in update.assignments {
            values[c] = try value.evaluate(combined, ctx)
            assigned.insert(c)
        }
        return try self.update(rowid: rowid, to: values, assigned: assigned, conflict: .abort, ctx: ctx)
    }

    /// Updates the row with rowid `oldRowid` to `input` (column values), and to `newRowid` when
    /// the statement sets the rowid of a table without an INTEGER PRIMARY KEY. Returns false when
    /// skipped. `stored` is the row as stored now, when the caller has just read it.
    func update(rowid oldRowid: Int64, to input: Row, assigned: Set<Int>, newRowid: Value? = nil,
                conflict: ConflictResolution?, stored: Row? = nil, ctx: ExecutionContext) throws -> Bool {
        guard let old = stored ?? table.row(rowid: oldRowid) else { return false }
        var values = input
        for c in assigned { values[c] = affinities[c].apply(values[c]) }
        var rowid = oldRowid
        if let r = table.rowidColumn, assigned.contains(r) {
            guard case .integer(let i) = values[r] else { throw SQLError(.mismatch, "datatype mismatch") }
            rowid = i
        } else if let newRowid {
            guard case .integer(let i) = Affinity.integer.apply(newRowid) else { throw SQLError(.mismatch, "datatype mismatch") }
            rowid = i
        }
        if let generated { try generated.compute(&values, rowid: rowid, ctx: ctx) }
        guard try checkNotNullAndChecks(&values, rowid: rowid, conflict: conflict, ctx: ctx) else { return false }
        if !computedIndexes.isEmpty { try checkIndexExpressions(values, rowid: rowid) }
        // What triggers see is made only when there are triggers (a whole-table UPDATE made
        // both for every row).
        let newRow = hasTriggers ? values + [.integer(rowid)] : []
        let assignedNames = hasTriggers ? assigned.map { table.columns[$0].name } : []
        if hasTriggers {
            do {
                try database.fireTriggers(on: table, timing: .before, event: .update(columns: assignedNames), old: old, new: newRow,
                                          ctx: ctx)
            } catch let raise as TriggerRaise where raise.kind == "IGNORE" {
                return false
            }
        }
        var replacedOthers = false
        while let (index, other) = table.uniqueConflict(values, rowid: rowid == oldRowid ? nil : rowid, ignoring: oldRowid,
                                                        unchangedFrom: old) {
            guard try resolveUniqueConflict(index, other, conflict: conflict, ctx: ctx) else { return false }
            replacedOthers = true
        }
        // Triggers and a REPLACE may have removed or changed the row meanwhile; without either
        // it is `old` still.
        let reread = hasTriggers || replacedOthers ? table.row(rowid: oldRowid) : old
        guard let current = reread else { return false }
        let rowidChanged = rowid != oldRowid
        if let foreignKeys {
            try database.foreignKeysBeforeUpdate(foreignKeys, old: current, new: values, assigned: assigned, rowidChanged: rowidChanged)
        }
        lastWrittenRowid = rowid
        if rowid == oldRowid {
            database.undoLog.append(.updated(table, old: current))
            table.replace(rowid: oldRowid, with: values)
        } else {
            table.remove(rowid: oldRowid)
            database.logDelete(table, stored: current)
            table.insert(values, rowid: rowid)
            database.logInsert(table, rowid: rowid)
        }
        if let foreignKeys {
            try database.foreignKeysAfterUpdate(foreignKeys, old: current, new: values, assigned: assigned,
                                                rowidChanged: rowidChanged, ctx: ctx)
        }
        if hasTriggers {
            try database.fireTriggers(on: table, timing: .after, event: .update(columns: assignedNames), old: old, new: newRow,
                                      ctx: ctx)
        }
        return true
    }
}
