// UPDATE and DELETE: find the rows WHERE selects, then change them through the row writer.

extension Database {
    /// A scope with the table as its only source; its rows are stored rows (columns then rowid).
    func tableScope(_ table: Table, alias: String?, parent: Scope?) -> Scope {
        let scope = Scope(parent: parent)
        scope.isTriggerBody = parent?.isTriggerBody ?? false
        scope.add(ScopeSource(table: table, name: alias ?? table.name))
        return scope
    }

    /// Rowids of the rows `whereClause` selects, in rowid order. A key the WHERE clause fixes
    /// (the rowid, or an index's first column) finds the candidates in O(log n), as for SELECT.
    private func selectedRowids(_ table: Table, whereClause: Expression?, scope: Scope, compiler: Compiler,
                                ctx: ExecutionContext) throws -> [Int64] {
        guard let whereClause else { return table.allRows.map(Table.rowid(of:)) }
        let test = try compiler.compileCondition(whereClause, in: scope).evaluate
        let terms = try compiler.conjuncts(of: whereClause).map { try compiler.compileConjunct($0, in: scope) }
        let candidates = try compiler.indexLookup(table: table, terms: terms, narrowScope: scope)?(ctx) ?? table.allRows
        var rowids: [Int64] = []
        for row in candidates {
            try ctx.checkInterrupt()
            if try test(row, ctx).truth == true { rowids.append(Table.rowid(of: row)) }
        }
        rowids.sort()  // an index hands them over in key order
        return rowids
    }

    func executeUpdate(_ statement: UpdateStatement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        var pushed = false
        if let with = statement.with { try compiler.pushCTEs(with, parent: parent); pushed = true }
        defer { if pushed { compiler.ctes.removeLast() } }
        if let view = insteadOfView(statement.table, event: .update(columns: nil), qualifier: statement.schema,
                                    fixed: compiler.fixedSchema) {
            return try updateView(view, statement, compiler: compiler, ctx: ctx, parent: parent)
        }
        let table = try targetTable(statement.table, qualifier: statement.schema, fixed: compiler.fixedSchema,
                                    position: statement.position)
        try checkIndexing(statement.indexing, of: table)
        let scope = tableScope(table, alias: statement.alias, parent: parent)
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
        let rowids: [Int64]
        // UPDATE ... FROM: each target row's new values come from the join, read by rowid.
        let joined = RowSlot()
        var joinedRows: [Int64: Row] = [:]
        if let from = statement.from {
            joinedRows = try updateFromJoin(statement, table: table, from: from, values: targets.map(\.value),
                                            compiler: compiler, ctx: ctx, parent: parent)
            rowids = joinedRows.keys.sorted()
            for (i, target) in targets.enumerated() {
                assignments.append((target.column, { _, _ in i < joined.values.count ? joined.values[i] : .null }))
            }
        } else {
            for target in targets {
                assignments.append((target.column, try compiler.compile(target.value, in: scope).evaluate))
            }
            rowids = try selectedRowids(table, whereClause: statement.whereClause, scope: scope, compiler: compiler, ctx: ctx)
        }
        let writer = try RowWriter(database: self, table: table, compiler: compiler, parent: parent)
        let returning = try ReturningList(statement.returning, table: table, compiler: compiler, parent: parent)
        var returned: [[Value]] = []
        let hiddenRowid = table.columns.count
        let assigned = Set(assignments.map(\.column)).subtracting([hiddenRowid])
        var changes = 0
        for rowid in rowids {
            try ctx.checkInterrupt()
            guard let old = table.row(rowid: rowid) else { continue }
            if !joinedRows.isEmpty { joined.values = joinedRows[rowid] ?? [] }
            var values = Array(old.dropLast())
            var newRowid: Value?
            for (c, value) in assignments {
                if c == hiddenRowid { newRowid = try value(old, ctx) } else { values[c] = try value(old, ctx) }
            }
            let updated = try withConflictResolution(statement.conflict) { conflict in
                try writer.update(rowid: rowid, to: values, assigned: assigned, newRowid: newRowid, conflict: conflict, ctx: ctx)
            }
            if updated {
                changes += 1
                if let returning, let row = table.row(rowid: writer.lastWrittenRowid) {
                    returned.append(try returning.values(for: row, ctx: ctx))
                }
            }
        }
        lastChanges = changes
        totalChanges += changes
        return QueryResult(columns: returning?.columns ?? [], rows: returned, changes: changes)
    }

    /// INDEXED BY must name one of the table's indexes, as SQLite checks (the hint itself only
    /// changes SQLite's plan, never the rows).
    private func checkIndexing(_ indexing: TableIndexing, of table: Table) throws {
        guard case .indexedBy(let name) = indexing else { return }
        if !table.indexes.contains(where: { asciiLowercased($0.name) == asciiLowercased(name) }) {
            throw SQLError(.unknownTable, "no such index: \(name)")
        }
    }

    func executeDelete(_ statement: DeleteStatement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        var pushed = false
        if let with = statement.with { try compiler.pushCTEs(with, parent: parent); pushed = true }
        defer { if pushed { compiler.ctes.removeLast() } }
        if let view = insteadOfView(statement.table, event: .delete, qualifier: statement.schema, fixed: compiler.fixedSchema) {
            return try deleteFromView(view, statement, compiler: compiler, ctx: ctx, parent: parent)
        }
        let table = try targetTable(statement.table, qualifier: statement.schema, fixed: compiler.fixedSchema,
                                    position: statement.position)
        try checkIndexing(statement.indexing, of: table)
        let scope = tableScope(table, alias: statement.alias, parent: parent)
        let rowids = try selectedRowids(table, whereClause: statement.whereClause, scope: scope, compiler: compiler, ctx: ctx)
        // RETURNING sees each row as it was before the delete.
        var returned: [[Value]] = []
        let returning = try ReturningList(statement.returning, table: table, compiler: compiler, parent: parent)
        if let returning {
            for rowid in rowids {
                if let row = table.row(rowid: rowid) { returned.append(try returning.values(for: row, ctx: ctx)) }
            }
        }
        let schema = schemaIndex(of: table)
        let hasTriggers = !triggers(on: table.name, schema: schema).isEmpty
        let referenced = foreignKeysEnabled && catalogs[schema].tables.values.contains { t in
            t.foreignKeys.contains { asciiLowercased($0.clause.table) == asciiLowercased(table.name) }
        }
        if !hasTriggers && !referenced && statement.whereClause == nil {
            // DELETE without WHERE: every row goes at once, indexes emptied rather than edited.
            for row in table.removeAll() {
                undoLog.append(.deleted(table, rowid: Table.rowid(of: row), values: Array(row.dropLast())))
            }
        } else if !hasTriggers && !referenced {
            // Fast path: no trigger or foreign key to consult per row.
            for rowid in rowids {
                if let removed = table.remove(rowid: rowid) {
                    undoLog.append(.deleted(table, rowid: rowid, values: Array(removed.dropLast())))
                }
            }
        } else {
            for rowid in rowids {
                try ctx.checkInterrupt()
                try deleteRow(table, rowid: rowid, ctx: ctx, fireTriggers: true)
            }
        }
        lastChanges = rowids.count
        totalChanges += rowids.count
        return QueryResult(columns: returning?.columns ?? [], rows: returned, changes: rowids.count)
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
        try applyDeleteActions(parent: table, old: old, ctx: ctx)
        guard let removed = table.remove(rowid: rowid) else { return }
        undoLog.append(.deleted(table, rowid: rowid, values: Array(removed.dropLast())))
        if fireTriggers {
            try self.fireTriggers(on: table, timing: .after, event: .delete, old: old, new: nil, ctx: ctx)
        }
    }
}
