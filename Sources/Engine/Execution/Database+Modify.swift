// UPDATE and DELETE: find the rows WHERE selects, then change them through the row writer.

extension Database {
    /// A scope with the table as its only source; its rows are stored rows (columns then rowid).
    func tableScope(_ table: Table, alias: String?, parent: Scope?) -> Scope {
        let scope = Scope(parent: parent)
        scope.isTriggerBody = parent?.isTriggerBody ?? false
        var source = ScopeSource(table: table, name: alias ?? table.name)
        source.schema = asciiLowercased(catalogs[schemaIndex(of: table)].schemaName)
        scope.add(source)
        return scope
    }

    /// The rows `whereClause` selects, as a function giving their rowids in rowid order. A key
    /// the WHERE clause fixes (the rowid, or an index's first column) finds the candidates in
    /// O(log n), as for SELECT.
    private func compileRowSelector(_ table: Table, whereClause: Expression?, scope: Scope,
                                    compiler: Compiler) throws -> (ExecutionContext) throws -> [Int64] {
        guard let whereClause else {
            // Read from the table's tree: a scan's snapshot of every row is not needed for rowids.
            return { _ in
                var rowids: [Int64] = []
                rowids.reserveCapacity(table.count)
                table.forEachRow(fromRowid: nil) { row in rowids.append(Table.rowid(of: row)); return true }
                return rowids
            }
        }
        let test = try compiler.compileCondition(whereClause, in: scope).evaluate
        let terms = try compiler.conjuncts(of: whereClause).map { try compiler.compileConjunct($0, in: scope) }
        let lookup = try compiler.indexLookup(table: table, terms: terms, narrowScope: scope)
        return { ctx in
            let candidates = try lookup?(ctx) ?? table.allRows
            var rowids: [Int64] = []
            for row in candidates {
                try ctx.checkInterrupt()
                if try test(row, ctx).truth == true { rowids.append(Table.rowid(of: row)) }
            }
            if lookup != nil { rowids.sort() }  // an index hands them over in key order
            return rowids
        }
    }

    func executeUpdate(_ statement: UpdateStatement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        try compileUpdate(statement, compiler: compiler, parent: parent).run(ctx)
    }

    /// The UPDATE compiled once (its WHERE, new values, row writer and RETURNING list), ready to
    /// run any number of times. Through a view's INSTEAD OF triggers, or with FROM, it compiles
    /// as it runs.
    func compileUpdate(_ statement: UpdateStatement, compiler: Compiler, parent: Scope?) throws -> CompiledChange {
        if let view = insteadOfView(statement.table, event: .update(columns: nil), qualifier: statement.schema,
                                    fixed: compiler.fixedSchema) {
            return .compiledAsItRuns(with: statement.with, compiler: compiler, parent: parent) { ctx in
                try self.updateView(view, statement, compiler: compiler, ctx: ctx, parent: parent)
            }
        }
        if statement.from != nil {
            return .compiledAsItRuns(with: statement.with, compiler: compiler, parent: parent) { ctx in
                try self.runUpdate(statement, compiler: compiler, parent: parent, ctx: ctx)
            }
        }
        return try compiler.withCTEs(statement.with, parent: parent) {
            try compileTableUpdate(statement, compiler: compiler, parent: parent)
        }
    }

    /// UPDATE ... FROM: the join that gives each target row its values runs as it compiles.
    private func runUpdate(_ statement: UpdateStatement, compiler: Compiler, parent: Scope?, ctx: ExecutionContext) throws -> QueryResult {
        try compileTableUpdate(statement, compiler: compiler, parent: parent, fromContext: ctx).run(ctx)
    }

    /// `fromContext` runs the FROM join of UPDATE ... FROM, which is compiled and run at once.
    private func compileTableUpdate(_ statement: UpdateStatement, compiler: Compiler, parent: Scope?,
                                    fromContext: ExecutionContext? = nil) throws -> CompiledChange {
        let table = try targetTable(statement.table, qualifier: statement.schema, fixed: compiler.fixedSchema,
                                    position: statement.position)
        let scope = tableScope(table, alias: statement.alias, parent: parent)
        try checkIndexing(statement.indexing, of: table, whereClause: statement.whereClause, scope: scope, compiler: compiler)
        // Each assigned column with its value; rowid, oid and _rowid_ name the INTEGER PRIMARY
        // KEY, else the hidden rowid (the slot after the columns).
        var targets: [(column: Int, value: Expression)] = []
        for (column, value) in try expandRowAssignments(statement.assignments, compiler: compiler, scope: scope) {
            guard let c = table.columnIndex(column) else {
                if ["rowid", "oid", "_rowid_"].contains(asciiLowercased(column)) {
                    targets.append((table.rowidColumn ?? table.columns.count, value))
                    continue
                }
                throw SQLError(.unknownColumn, "no such column: \(column)", position: statement.position)
            }
            try refuseWritingGeneratedColumns([column], of: table, verb: "UPDATE", position: statement.position)
            targets.append((c, value))
        }
        var assignments: [(column: Int, value: (Row, ExecutionContext) throws -> Value)] = []
        let selectRowids: (ExecutionContext) throws -> [Int64]
        // UPDATE ... FROM: each target row's new values come from the join, read by rowid.
        let joined = RowSlot()
        var joinedRows: [Int64: Row] = [:]
        if let from = statement.from, let ctx = fromContext {
            joinedRows = try updateFromJoin(statement, table: table, from: from, values: targets.map(\.value),
                                            compiler: compiler, ctx: ctx, parent: parent)
            let rowids = joinedRows.keys.sorted()
            selectRowids = { _ in rowids }
            for (i, target) in targets.enumerated() {
                assignments.append((target.column, { _, _ in i < joined.values.count ? joined.values[i] : .null }))
            }
        } else {
            for target in targets {
                assignments.append((target.column, try compiler.compile(target.value, in: scope).evaluate))
            }
            selectRowids = try compileRowSelector(table, whereClause: statement.whereClause, scope: scope, compiler: compiler)
        }
        let writer = try RowWriter(database: self, table: table, compiler: compiler, parent: parent)
        let returning = try ReturningList(statement.returning, table: table, compiler: compiler, parent: parent)
        let hiddenRowid = table.columns.count
        let assigned = Set(assignments.map(\.column)).subtracting([hiddenRowid])
        try writer.foreignKeys?.refuseProblems(assigned: assigned)
        return CompiledChange { [unowned self] ctx in
            var tally = ChangeTally(returning)
            for rowid in try selectRowids(ctx) {
                try ctx.checkInterrupt()
                guard let old = table.row(rowid: rowid) else { continue }
                if !joinedRows.isEmpty { joined.values = joinedRows[rowid] ?? [] }
                var values = Database.columnValues(of: old)
                var newRowid: Value?
                for (c, value) in assignments {
                    if c == hiddenRowid { newRowid = try value(old, ctx) } else { values[c] = try value(old, ctx) }
                }
                let updated = try self.withConflictResolution(statement.conflict) { conflict in
                    try writer.update(rowid: rowid, to: values, assigned: assigned, newRowid: newRowid, conflict: conflict,
                                      stored: old, ctx: ctx)
                }
                if updated { try tally.wrote(writer.lastWrittenRowid, in: table, ctx: ctx) }
            }
            return tally.result(in: self)
        }
    }

    /// A stored row's column values, without the rowid after them, copied value by value (the
    /// slice-to-array copy of `Array(row.dropLast())` goes through the runtime's generic copy).
    static func columnValues(of stored: Row) -> Row {
        var values = Row()
        let count = stored.count - 1
        guard count > 0 else { return values }
        values.reserveCapacity(count)
        for i in 0..<count { values.append(stored[i]) }
        return values
    }

    /// INDEXED BY must name one of the table's indexes, as SQLite checks (the hint itself only
    /// changes SQLite's plan, never the rows), and a partial one only for a WHERE that implies
    /// the index's (else SQLite finds "no query solution").
    private func checkIndexing(_ indexing: TableIndexing, of table: Table, whereClause: Expression?, scope: Scope,
                               compiler: Compiler) throws {
        guard case .indexedBy(let name) = indexing else { return }
        guard let index = table.indexes.first(where: { asciiLowercased($0.name) == asciiLowercased(name) }) else {
            throw SQLError(.unknownTable, "no such index: \(name)")
        }
        if index.isPartial,
           !compiler.partialIndexUsable(index, table: table, queryTerms: compiler.conjuncts(of: whereClause), scope: scope) {
            throw SQLError(.misuse, "no query solution")
        }
    }

    func executeDelete(_ statement: DeleteStatement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        try compileDelete(statement, compiler: compiler, parent: parent).run(ctx)
    }

    /// The DELETE compiled once (its WHERE and RETURNING list), ready to run any number of
    /// times; through a view's INSTEAD OF triggers it compiles as it runs.
    func compileDelete(_ statement: DeleteStatement, compiler: Compiler, parent: Scope?) throws -> CompiledChange {
        if let view = insteadOfView(statement.table, event: .delete, qualifier: statement.schema, fixed: compiler.fixedSchema) {
            return .compiledAsItRuns(with: statement.with, compiler: compiler, parent: parent) { ctx in
                try self.deleteFromView(view, statement, compiler: compiler, ctx: ctx, parent: parent)
            }
        }
        return try compiler.withCTEs(statement.with, parent: parent) {
            try compileTableDelete(statement, compiler: compiler, parent: parent)
        }
    }

    private func compileTableDelete(_ statement: DeleteStatement, compiler: Compiler, parent: Scope?) throws -> CompiledChange {
        let table = try targetTable(statement.table, qualifier: statement.schema, fixed: compiler.fixedSchema,
                                    position: statement.position)
        let scope = tableScope(table, alias: statement.alias, parent: parent)
        try checkIndexing(statement.indexing, of: table, whereClause: statement.whereClause, scope: scope, compiler: compiler)
        let selectRowids = try compileRowSelector(table, whereClause: statement.whereClause, scope: scope, compiler: compiler)
        let returning = try ReturningList(statement.returning, table: table, compiler: compiler, parent: parent)
        let schema = schemaIndex(of: table)
        let hasTriggers = !triggers(on: table.name, schema: schema).isEmpty
        let foreignKeys = foreignKeyPlan(for: table)
        try foreignKeys?.refuseProblems()
        let whole = statement.whereClause == nil
        return CompiledChange { [unowned self] ctx in
            // A row's foreign keys need looking at when it is a parent, or when violations are
            // outstanding that deleting a child row may resolve (known only as the run starts).
            let referenced = foreignKeys.map { !$0.asParent.isEmpty || self.foreignKeyCounters != ForeignKeyCounters() } ?? false
            let rowids = try selectRowids(ctx)
            // RETURNING sees each row as it was before the delete.
            var tally = ChangeTally(returning)
            for rowid in rowids { try tally.wrote(rowid, in: table, ctx: ctx) }
            if !hasTriggers && !referenced && whole {
                // DELETE without WHERE: every row goes at once, indexes emptied rather than edited.
                self.undoLog.append(.emptied(table, stored: table.removeAll()))
            } else if !hasTriggers && !referenced {
                // Fast path: no trigger or foreign key to consult per row.
                for rowid in rowids {
                    if let removed = table.remove(rowid: rowid) { self.logDelete(table, stored: removed) }
                }
            } else {
                for rowid in rowids {
                    try ctx.checkInterrupt()
                    try self.deleteRow(table, rowid: rowid, ctx: ctx, fireTriggers: true)
                }
            }
            return tally.result(in: self)
        }
    }

    /// Deletes one row, with its triggers and foreign-key actions, logging it for undo.
    func deleteRow(_ table: Table, rowid: Int64, ctx: ExecutionContext, fireTriggers: Bool) throws {
        guard let old = table.row(rowid: rowid) else { return }
        if fireTriggers {
            do {
                try self.fireTriggers(on: table, timing: .before, event: .delete, old: old, new: nil, ctx: ctx)
            } catch let raise as TriggerRaise where raise.kind == "IGNORE" {
                return
            }
        }
        let foreignKeys = foreignKeyPlan(for: table)
        if let foreignKeys {
            // BEFORE triggers may have changed or removed the row.
            guard let current = table.row(rowid: rowid) else { return }
            try foreignKeysBeforeDelete(foreignKeys, current)
        }
        guard let removed = table.remove(rowid: rowid) else { return }
        logDelete(table, stored: removed)
        if let foreignKeys { try foreignKeysAfterDelete(foreignKeys, removed, ctx: ctx) }
        if fireTriggers {
            try self.fireTriggers(on: table, timing: .after, event: .delete, old: old, new: nil, ctx: ctx)
        }
    }
}
