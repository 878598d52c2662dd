// Foreign keys as SQLite enforces them (foreignkeys.html, section 4): every write counts the
// violations it makes and the ones it resolves. An immediate constraint's count must be zero
// when the statement ends; a deferred one's (or every one's under PRAGMA defer_foreign_keys)
// when the transaction commits. A parent row deleted or whose key changes fires its ON DELETE
// or ON UPDATE action, which changes the child rows as a trigger program would.

/// Violations outstanding, as SQLite's VDBE counts them: the statement's immediate ones, the
/// transaction's deferred ones, and those counted under PRAGMA defer_foreign_keys.
struct ForeignKeyCounters: Equatable {
    var statement = 0
    var deferred = 0
    var deferredImmediate = 0

    /// The transaction's part, which a failed statement or ROLLBACK TO puts back.
    var transactionPart: ForeignKeyCounters {
        ForeignKeyCounters(statement: 0, deferred: deferred, deferredImmediate: deferredImmediate)
    }
}

extension Database {
    private static var constraintFailed: SQLError { SQLError(.constraint, "FOREIGN KEY constraint failed") }

    // MARK: Counting

    /// Whether the counter a key changes is zero: resolving lookups are skipped then.
    private func counterIsZero(_ fk: ResolvedForeignKey) -> Bool {
        if fk.clause.deferred || deferForeignKeys {
            return foreignKeyCounters.deferred == 0 && foreignKeyCounters.deferredImmediate == 0
        }
        return foreignKeyCounters.statement == 0
    }

    private func count(_ n: Int, _ fk: ResolvedForeignKey) {
        if deferForeignKeys { foreignKeyCounters.deferredImmediate += n }
        else if fk.clause.deferred { foreignKeyCounters.deferred += n }
        else { foreignKeyCounters.statement += n }
    }

    /// A child row appears (`row` with its rowid last): a key that names no parent is a violation.
    private func childAdded(_ fk: ResolvedForeignKey, _ row: Row) {
        guard let key = fk.childKey(of: row) else { return }
        if fk.parentExists(key) || fk.refersToItself(row, key: key) { return }
        count(1, fk)
    }

    /// A child row goes: a key that named no parent was a violation, now resolved.
    private func childRemoved(_ fk: ResolvedForeignKey, _ row: Row) {
        guard !counterIsZero(fk), let key = fk.childKey(of: row) else { return }
        if !fk.parentExists(key) { count(-1, fk) }
    }

    /// A parent key appears: the child rows that named it are no longer violations.
    private func parentKeyAdded(_ fk: ResolvedForeignKey, _ row: Row) throws {
        guard !counterIsZero(fk), let key = fk.parentKey(of: row) else { return }
        count(-(try fk.children(naming: key, interrupt: interruptCheck).count), fk)
    }

    /// A parent key goes: each child row naming it is a violation (until an action resolves
    /// it). RESTRICT refuses at once, even when deferred (not under defer_foreign_keys).
    private func parentKeyRemoved(_ fk: ResolvedForeignKey, _ row: Row, restrict: Bool) throws {
        guard let key = fk.parentKey(of: row) else { return }
        var children = try fk.children(naming: key, interrupt: interruptCheck)
        // A row of a self-referencing table that names itself goes with its key.
        if fk.child === fk.parent { children.removeAll { $0 == Table.rowid(of: row) } }
        if children.isEmpty { return }
        if restrict && !deferForeignKeys { throw Database.constraintFailed }
        count(children.count, fk)
    }

    // MARK: The writes

    /// Before a row is inserted (`row`: values then rowid).
    func foreignKeysBeforeInsert(_ plan: ForeignKeyPlan, _ row: Row) throws {
        for fk in plan.asChild where fk.isUsable { childAdded(fk, row) }
        for fk in plan.asParent where fk.isUsable { try parentKeyAdded(fk, row) }
    }

    /// Before a row is deleted: its keys as a child and as a parent.
    func foreignKeysBeforeDelete(_ plan: ForeignKeyPlan, _ old: Row) throws {
        for fk in plan.asChild where fk.isUsable { childRemoved(fk, old) }
        for fk in plan.asParent where fk.isUsable {
            try parentKeyRemoved(fk, old, restrict: fk.clause.onDelete == "RESTRICT")
        }
    }

    /// After a row is deleted: the ON DELETE actions on the rows that named it.
    func foreignKeysAfterDelete(_ plan: ForeignKeyPlan, _ old: Row, ctx: ExecutionContext) throws {
        for fk in plan.asParent where fk.isUsable {
            guard let action = fk.clause.onDelete, action != "RESTRICT", action != "NO ACTION",
                  let key = fk.parentKey(of: old) else { continue }
            let children = try fk.children(naming: key, interrupt: interruptCheck)
            if children.isEmpty { continue }
            try enterTriggerProgram()
            defer { triggerDepth -= 1 }
            if action == "CASCADE" {
                for rowid in children { try deleteRow(fk.child, rowid: rowid, ctx: ctx, fireTriggers: true) }
            } else {
                try setChildKeys(fk, plan: plan, rows: children, action: action, newKey: nil, ctx: ctx)
            }
        }
    }

    /// Before a row is updated (the columns `assigned`): the keys it had.
    func foreignKeysBeforeUpdate(_ plan: ForeignKeyPlan, old: Row, new: Row, assigned: Set<Int>, rowidChanged: Bool) throws {
        for fk in plan.asChild where fk.isUsable && !assigned.isDisjoint(with: fk.childColumns) {
            childRemoved(fk, old)
        }
        for fk in plan.asParent where fk.isUsable && parentKeyTouched(fk, assigned, rowidChanged) {
            try parentKeyRemoved(fk, old, restrict: fk.clause.onUpdate == "RESTRICT" && keyChanged(fk, old, new))
        }
    }

    /// After a row is updated: the keys it has now, then the ON UPDATE actions.
    func foreignKeysAfterUpdate(_ plan: ForeignKeyPlan, old: Row, new: Row, assigned: Set<Int>, rowidChanged: Bool,
                                ctx: ExecutionContext) throws {
        for fk in plan.asChild where fk.isUsable && !assigned.isDisjoint(with: fk.childColumns) {
            childAdded(fk, new)
        }
        let touched = plan.asParent.filter { $0.isUsable && parentKeyTouched($0, assigned, rowidChanged) }
        for fk in touched { try parentKeyAdded(fk, new) }
        for fk in touched {
            guard let action = fk.clause.onUpdate, action != "RESTRICT", action != "NO ACTION",
                  keyChanged(fk, old, new), let key = fk.parentKey(of: old) else { continue }
            let children = try fk.children(naming: key, interrupt: interruptCheck)
            if children.isEmpty { continue }
            try enterTriggerProgram()
            defer { triggerDepth -= 1 }
            try setChildKeys(fk, plan: plan, rows: children, action: action, newKey: fk.parentColumns.map { new[$0] }, ctx: ctx)
        }
    }

    /// Whether an UPDATE sets a column of the parent key (or the rowid it is).
    private func parentKeyTouched(_ fk: ResolvedForeignKey, _ assigned: Set<Int>, _ rowidChanged: Bool) -> Bool {
        if !assigned.isDisjoint(with: fk.parentColumns) { return true }
        return rowidChanged && fk.parentIndex == nil
    }

    /// The WHEN of SQLite's action triggers: NOT (old.key IS new.key).
    private func keyChanged(_ fk: ResolvedForeignKey, _ old: Row, _ new: Row) -> Bool {
        fk.parentColumns.contains { c in
            old[c].isNull != new[c].isNull || (!old[c].isNull && Value.compare(old[c], new[c]) != 0)
        }
    }

    /// SET NULL, SET DEFAULT or CASCADE (to `newKey`, the parent's new key) on the child rows
    /// `rows`: each an UPDATE of the child table, with its triggers and constraints.
    private func setChildKeys(_ fk: ResolvedForeignKey, plan: ForeignKeyPlan, rows: [Int64], action: String,
                              newKey: [Value]?, ctx: ExecutionContext) throws {
        let writer = try actionWriter(for: fk.child, in: plan)
        let assigned = Set(fk.childColumns)
        for rowid in rows {
            try ctx.checkInterrupt()
            guard let row = fk.child.row(rowid: rowid) else { continue }
            var changed = Array(row.dropLast())
            for (i, c) in fk.childColumns.enumerated() {
                switch action {
                case "CASCADE": changed[c] = newKey?[i] ?? .null
                case "SET DEFAULT": changed[c] = try writer.defaultValue(c, ctx: ctx)
                default: changed[c] = .null
                }
            }
            _ = try writer.update(rowid: rowid, to: changed, assigned: assigned, conflict: nil, ctx: ctx)
        }
    }

    private func actionWriter(for child: Table, in plan: ForeignKeyPlan) throws -> RowWriter {
        if let writer = plan.actionWriters[ObjectIdentifier(child)] { return writer }
        let writer = try RowWriter(database: self, table: child, compiler: Compiler(database: self, sql: ""), parent: nil)
        plan.actionWriters[ObjectIdentifier(child)] = writer
        return writer
    }

    // MARK: Statements and transactions

    /// At a statement's end: its immediate violations, and in autocommit its deferred ones.
    func refuseForeignKeyViolationsAtStatementEnd() throws {
        if foreignKeyCounters.statement > 0 { throw Database.constraintFailed }
        if !inTransaction && (foreignKeyCounters.deferred > 0 || foreignKeyCounters.deferredImmediate > 0) {
            throw Database.constraintFailed
        }
    }

    /// COMMIT (or the RELEASE that commits): refused while deferred violations remain; the
    /// transaction stays open then, as in SQLite.
    func refuseCommitWithForeignKeyViolations() throws {
        if foreignKeyCounters.deferred > 0 || foreignKeyCounters.deferredImmediate > 0 { throw Database.constraintFailed }
    }

    /// A transaction ended (committed or rolled back): nothing outstanding, and
    /// defer_foreign_keys is off again.
    func resetForeignKeyCounters() {
        foreignKeyCounters = ForeignKeyCounters()
        deferForeignKeys = false
    }

    // MARK: PRAGMA foreign_key_check

    /// PRAGMA foreign_key_check: each child row whose key names no parent row, as
    /// (table, rowid, parent, fkid); for one table, or every table by name.
    func foreignKeyCheckRows(table name: String?) throws -> [Row] {
        var tables: [Table]
        if let name {
            guard let table = self.table(name, qualifier: nil) else { throw SQLError(.unknownTable, "no such table: \(name)") }
            tables = [table]
        } else {
            tables = catalog.tables.values.sorted { $0.name < $1.name }
        }
        var rows: [Row] = []
        for table in tables where !table.foreignKeys.isEmpty {
            let catalog = catalogs[schemaIndex(of: table)]
            let keys = numberedForeignKeys(of: table).reversed().map {
                ResolvedForeignKey(child: table, clause: $0.clause, columns: $0.columns, id: $0.id, catalog: catalog)
            }
            for fk in keys where fk.parent != nil {
                if let problem = fk.problem { throw problem }
            }
            for row in table.allRows {
                try interruptCheck.step()
                for fk in keys {
                    guard let key = fk.childKey(of: row), !fk.parentExists(key) else { continue }
                    let rowid: Value = table.withoutRowid ? .null : .integer(Table.rowid(of: row))
                    rows.append([.text(table.name), rowid, .text(fk.clause.table), .integer(Int64(fk.id))])
                }
            }
        }
        return rows
    }
}

extension Database {
    /// DROP TABLE's implicit DELETE (foreignkeys.html, section 5): with foreign keys on, the
    /// rows go first, with the foreign-key counting and actions of a DELETE but no triggers
    /// (they are dropped with the table); a "foreign key mismatch" is ignored here.
    func deleteRowsBeforeDrop(_ table: Table) throws {
        guard let plan = foreignKeyPlan(for: table), table.count > 0 else { return }
        let needsWork = plan.asParent.contains { $0.isUsable && $0.child !== table }
            || foreignKeyCounters != ForeignKeyCounters()
        guard needsWork else { return }
        let ctx = ExecutionContext(database: self, parameters: [])
        for row in table.allRows {
            try deleteRow(table, rowid: Table.rowid(of: row), ctx: ctx, fireTriggers: false)
        }
    }
}
