// INSERT and REPLACE: defaults, affinity, rowids, constraints with their conflict resolution, triggers.

extension Database {
    func executeInsert(_ statement: InsertStatement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        try compileInsert(statement, compiler: compiler, parent: parent).run(ctx)
    }

    /// The INSERT compiled once: its values or SELECT, row writer and RETURNING list, ready to
    /// run any number of times (a trigger body runs once per row of its event).
    func compileInsert(_ statement: InsertStatement, compiler: Compiler, parent: Scope?) throws -> CompiledChange {
        if let view = insteadOfView(statement.table, event: .insert, qualifier: statement.schema, fixed: compiler.fixedSchema) {
            // Through the view's INSTEAD OF triggers: compiled as it runs.
            return .compiledAsItRuns(with: statement.with, compiler: compiler, parent: parent) { ctx in
                try self.insertIntoView(view, statement, compiler: compiler, ctx: ctx, parent: parent)
            }
        }
        return try compiler.withCTEs(statement.with, parent: parent) {
            try compileTableInsert(statement, compiler: compiler, parent: parent)
        }
    }

    private func compileTableInsert(_ statement: InsertStatement, compiler: Compiler, parent: Scope?) throws -> CompiledChange {
        let table = try targetTable(statement.table, qualifier: statement.schema, fixed: compiler.fixedSchema,
                                    position: statement.position)
        var targets = try insertTargets(statement, table: table)
        let sourceRows: (ExecutionContext) throws -> [Row]
        switch statement.source {
        case .defaultValues:
            targets = []
            sourceRows = { _ in [[]] }
        case .values(let rows):
            let scope = Scope(parent: parent)
            scope.isTriggerBody = parent?.isTriggerBody ?? false
            if let first = rows.first, first.count != targets.count {
                throw valueCountError(table, supplied: first.count, expected: targets.count, named: statement.columns != nil,
                                      position: statement.position)
            }
            let compiled = try rows.map { try $0.map { try compiler.compile($0, in: scope).evaluate } }
            sourceRows = { ctx in
                let outerRow = ctx.outer.last ?? []
                return try compiled.map { row in try row.map { try $0(outerRow, ctx) } }
            }
        case .select(let select):
            let plan = try compiler.compileSelect(select, scope: parent)
            if plan.columns.count != targets.count {
                throw valueCountError(table, supplied: plan.columns.count, expected: targets.count, named: statement.columns != nil,
                                      position: statement.position)
            }
            sourceRows = { ctx in try plan.execute(ctx, nil) }
        }
        for clause in statement.upsert {
            try refuseWritingGeneratedColumns((clause.assignments ?? []).flatMap(\.columns), of: table, verb: "UPDATE",
                                              position: statement.position)
        }
        let writer = try RowWriter(database: self, table: table, compiler: compiler, parent: parent, upsert: statement.upsert)
        try writer.foreignKeys?.refuseProblems()
        let returning = try ReturningList(statement.returning, table: table, compiler: compiler, parent: parent)
        return CompiledChange { [unowned self] ctx in
            var tally = ChangeTally(returning)
            var sources = try sourceRows(ctx)
            for i in sources.indices {
                try ctx.checkInterrupt()
                // Each source row is let go once written, so a big INSERT ... SELECT does not
                // hold every row twice (as the SELECT made it and as the table keeps it).
                let source = sources[i]
                sources[i] = []
                if try self.insertSourceRow(source, statement, table: table, targets: targets, writer: writer, ctx: ctx) {
                    try tally.wrote(writer.lastWrittenRowid, in: table, ctx: ctx)
                }
            }
            return tally.result(in: self)
        }
    }

    /// Which table column each supplied value goes to (-1: the rowid).
    func insertTargets(_ statement: InsertStatement, table: Table) throws -> [Int] {
        guard let columns = statement.columns else {
            // Values are given for the columns that are not generated.
            if !table.hasGeneratedColumns { return Array(0..<table.columns.count) }
            return table.columns.indices.filter { table.columns[$0].definition.generated == nil }
        }
        try refuseWritingGeneratedColumns(columns, of: table, verb: "INSERT into", position: statement.position)
        var targets: [Int] = []
        for name in columns {
            if let c = table.columnIndex(name) { targets.append(c) }
            else if ["rowid", "oid", "_rowid_"].contains(asciiLowercased(name)) { targets.append(-1) }
            else { throw SQLError(.unknownColumn, "table \(table.name) has no column named \(name)", position: statement.position) }
        }
        return targets
    }

    /// Writes one row of supplied values (in `targets` order), defaults filling the other
    /// columns; true when a row was written (not skipped by OR IGNORE or DO NOTHING).
    func insertSourceRow(_ source: Row, _ statement: InsertStatement, table: Table, targets: [Int],
                         writer: RowWriter, ctx: ExecutionContext) throws -> Bool {
        let columnCount = table.columns.count
        var values: Row
        var rowid: Value = .null
        if targets.count == columnCount, targets.indices.allSatisfy({ targets[$0] == $0 }) {
            values = source  // every column in table order (INSERT INTO t VALUES (...))
        } else {
            values = Row(repeating: .null, count: columnCount)
            var given = [Bool](repeating: false, count: columnCount)
            for (i, target) in targets.enumerated() {
                if target < 0 { rowid = source[i] } else { values[target] = source[i]; given[target] = true }
            }
            for c in 0..<columnCount where !given[c] {
                values[c] = try writer.defaultValue(c, ctx: ctx)
            }
        }
        return try withConflictResolution(statement.conflict) { conflict in
            try writer.insert(values, rowid: rowid, conflict: conflict, upsert: statement.upsert, ctx: ctx)
        }
    }

    func valueCountError(_ table: Table, supplied: Int, expected: Int, named: Bool, position: Int) -> SQLError {
        if named {
            return SQLError(.mismatch, "\(supplied) values for \(expected) columns", position: position)
        }
        return SQLError(.mismatch, "table \(table.name) has \(expected) columns but \(supplied) values were supplied", position: position)
    }
}
