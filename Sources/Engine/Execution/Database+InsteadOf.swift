// INSTEAD OF triggers: INSERT, UPDATE and DELETE on a view run the view's triggers per row.

extension Database {
    /// The view `name` when it has INSTEAD OF triggers for `event`; nil otherwise.
    func insteadOfView(_ name: String, event: TriggerEvent, qualifier: String? = nil, fixed: Int? = nil) -> ViewSchema? {
        guard let s = relationSchema(name, qualifier: qualifier, fixed: fixed), let view = catalogs[s].view(name) else { return nil }
        let has = triggers(on: view.name, schema: s).contains { trigger in
            guard trigger.definition.timing == .insteadOf else { return false }
            switch (trigger.definition.event, event) {
            case (.insert, .insert), (.delete, .delete), (.update, .update): return true
            default: return false
            }
        }
        return has ? view : nil
    }

    /// The view's rows, a scope source describing them (no rowid), a scope holding it under
    /// `alias`, and the WHERE test compiled in that scope.
    private func viewRows(_ view: ViewSchema, alias: String?, whereClause: Expression?, compiler: Compiler,
                          ctx: ExecutionContext, parent: Scope?)
        throws -> (source: ScopeSource, rows: [Row], scope: Scope, test: ((Row, ExecutionContext) throws -> Value)?) {
        let plan = try compiler.compileSelect(view.select, scope: nil)
        let columns = view.columnNames ?? plan.columns
        let source = ScopeSource(name: view.name, columns: columns, offset: 0, affinities: plan.affinities,
                                 collations: Array(repeating: nil, count: columns.count), rowidColumn: nil)
        let scope = Scope(parent: parent)
        var named = source
        named.name = alias ?? view.name
        scope.add(named)
        let test = try whereClause.map { try compiler.compileCondition($0, in: scope).evaluate }
        return (source, try plan.execute(ctx, nil), scope, test)
    }

    func insertIntoView(_ view: ViewSchema, _ statement: InsertStatement, compiler: Compiler, ctx: ExecutionContext,
                        parent: Scope?) throws -> QueryResult {
        let plan = try compiler.compileSelect(view.select, scope: nil)
        let columns = view.columnNames ?? plan.columns
        let source = ScopeSource(name: view.name, columns: columns, offset: 0, affinities: Array(repeating: nil, count: columns.count),
                                 collations: Array(repeating: nil, count: columns.count), rowidColumn: nil)
        var targets: [Int] = Array(0..<columns.count)
        if let named = statement.columns {
            targets = try named.map { name in
                guard let c = columns.firstIndex(where: { asciiLowercased($0) == asciiLowercased(name) }) else {
                    throw SQLError(.unknownColumn, "table \(view.name) has no column named \(name)", position: statement.position)
                }
                return c
            }
        }
        let rows: [Row]
        switch statement.source {
        case .defaultValues: rows = [[]]; targets = []
        case .values(let values):
            let scope = Scope(parent: parent)
            rows = try values.map { row in try row.map { try compiler.compile($0, in: scope).evaluate(ctx.outer.last ?? [], ctx) } }
        case .select(let select):
            rows = try compiler.compileSelect(select, scope: parent).execute(ctx, nil)
        }
        for row in rows {
            guard row.count == targets.count else {
                throw SQLError(.mismatch, "\(row.count) values for \(targets.count) columns", position: statement.position)
            }
            var new = Row(repeating: .null, count: columns.count)
            for (i, t) in targets.enumerated() { new[t] = row[i] }
            try fireTriggers(onName: view.name, schema: schemaIndex(of: view), source: source, timing: .insteadOf, event: .insert, old: nil, new: new, ctx: ctx)
        }
        lastChanges = rows.count
        return QueryResult(changes: rows.count)
    }

    func updateView(_ view: ViewSchema, _ statement: UpdateStatement, compiler: Compiler, ctx: ExecutionContext,
                    parent: Scope?) throws -> QueryResult {
        let (source, rows, scope, test) = try viewRows(view, alias: statement.alias, whereClause: statement.whereClause,
                                                       compiler: compiler, ctx: ctx, parent: parent)
        var assignments: [(Int, (Row, ExecutionContext) throws -> Value)] = []
        for assignment in statement.assignments {
            for name in assignment.columns {
                guard let c = source.columns.firstIndex(where: { asciiLowercased($0) == asciiLowercased(name) }) else {
                    throw SQLError(.unknownColumn, "no such column: \(name)", position: statement.position)
                }
                assignments.append((c, try compiler.compile(assignment.value, in: scope).evaluate))
            }
        }
        let changed = assignments.map { source.columns[$0.0] }
        var count = 0
        for row in rows where try test?(row, ctx).truth ?? true {
            var new = row
            for (c, value) in assignments { new[c] = try value(row, ctx) }
            try fireTriggers(onName: view.name, schema: schemaIndex(of: view), source: source, timing: .insteadOf, event: .update(columns: changed),
                             old: row, new: new, ctx: ctx)
            count += 1
        }
        lastChanges = count
        return QueryResult(changes: count)
    }

    func deleteFromView(_ view: ViewSchema, _ statement: DeleteStatement, compiler: Compiler, ctx: ExecutionContext,
                        parent: Scope?) throws -> QueryResult {
        let (source, rows, _, test) = try viewRows(view, alias: statement.alias, whereClause: statement.whereClause,
                                                   compiler: compiler, ctx: ctx, parent: parent)
        var count = 0
        for row in rows where try test?(row, ctx).truth ?? true {
            try fireTriggers(onName: view.name, schema: schemaIndex(of: view), source: source, timing: .insteadOf, event: .delete, old: row, new: nil, ctx: ctx)
            count += 1
        }
        lastChanges = count
        return QueryResult(changes: count)
    }
}
