// FROM: resolving table names to tables, views, CTEs and subqueries, and flattening joins.

/// One FROM source ready to run: it produces its own (narrow) rows.
struct FromSource {
    let index: Int
    /// A scope holding only this source at offset 0, for filters pushed down to it.
    let narrowScope: Scope
    let produce: (ExecutionContext) throws -> [Row]
    let table: Table?
    /// NOT INDEXED or INDEXED BY, as the FROM clause wrote it.
    var indexing = TableIndexing.automatic
    /// Set when the source can stop at a row budget (see RowBudget.swift).
    var budgetKey: ObjectIdentifier?
    /// A table-valued function whose arguments read FROM items to its left: its rows for one
    /// row joined so far (see TableValuedFunction.swift).
    var lateral: ((Row, ExecutionContext) throws -> [Row])?
    /// The scope sources this source's rows fill: itself alone, or for a parenthesized join
    /// joined as a unit (`a LEFT JOIN (b JOIN c) ON ...`) each of the join's sources, in order.
    var covered: Range<Int>

    init(index: Int, narrowScope: Scope, produce: @escaping (ExecutionContext) throws -> [Row], table: Table?,
         indexing: TableIndexing = .automatic, budgetKey: ObjectIdentifier? = nil,
         lateral: ((Row, ExecutionContext) throws -> [Row])? = nil, covered: Range<Int>? = nil) {
        self.index = index
        self.narrowScope = narrowScope
        self.produce = produce
        self.table = table
        self.indexing = indexing
        self.budgetKey = budgetKey
        self.lateral = lateral
        self.covered = covered ?? index..<(index + 1)
    }

    /// True when a term reads this source's columns and nothing else of the FROM clause.
    func isLocal(_ term: Conjunct) -> Bool {
        !term.sources.isEmpty && term.sources.allSatisfy { covered.contains($0) }
    }

    /// Where this source's rows go in a joined row, and how wide they are.
    func placement(in scope: Scope) -> (offset: Int, width: Int) {
        (scope.sources[covered.lowerBound].offset, covered.reduce(0) { $0 + scope.sources[$1].width })
    }
}

/// One join in left-to-right order: how source `source` joins everything before it.
struct JoinStep {
    let source: Int
    let kind: JoinKind
    let on: Expression?
    /// Equalities USING and NATURAL imply, as (left offset-resolving expression, right column).
    var implied: [Expression] = []
}

extension Compiler {
    func compileFrom(_ item: FromItem?, into scope: Scope) throws -> (sources: [FromSource], steps: [JoinStep]) {
        guard let item else { return ([], []) }
        var flattening = Flattening(coalescing: Compiler.hasRightOrFullJoin(item), clause: item)
        try flatten(item, scope: scope, into: &flattening, kind: .inner, on: nil, using: nil, natural: false)
        return (flattening.sources, flattening.steps)
    }

    /// The FROM clause flattened so far.
    private struct Flattening {
        var sources: [FromSource] = []
        var steps: [JoinStep] = []
        /// The query has a RIGHT or FULL join: USING compares coalesce() of its left copies.
        let coalescing: Bool
        /// The lowercased names each source joined by USING or NATURAL.
        var usingNames: [Int: Set<String>] = [:]
        /// The whole FROM clause (its item names explain an error).
        let clause: FromItem
        init(coalescing: Bool, clause: FromItem) {
            self.coalescing = coalescing
            self.clause = clause
        }
    }

    /// The lowercased names (aliases or table names) of a FROM clause's items.
    static func itemNames(_ item: FromItem) -> Set<String> {
        switch item {
        case let .table(name, _, alias, _, _): return [asciiLowercased(alias ?? name)]
        case let .subquery(_, alias): return alias.map { [asciiLowercased($0)] } ?? []
        case let .tableFunction(name, _, alias, _): return [asciiLowercased(alias ?? name)]
        case let .join(left, right, _, _, _, _): return itemNames(left).union(itemNames(right))
        }
    }

    private func flatten(_ item: FromItem, scope: Scope, into flattening: inout Flattening,
                         kind: JoinKind, on: Expression?, using: [String]?, natural: Bool) throws {
        switch item {
        case let .join(left, right, joinKind, isNatural, onExpression, usingColumns):
            try flatten(left, scope: scope, into: &flattening, kind: kind, on: on, using: using, natural: natural)
            if isNatural && (onExpression != nil || usingColumns != nil) {
                throw error(.syntax, "a NATURAL join may not have an ON or USING clause")
            }
            if Compiler.joinsAsUnit(right, kind: joinKind) {
                try addJoinedUnit(right, scope: scope, into: &flattening, kind: joinKind, on: onExpression,
                                  using: usingColumns, natural: isNatural)
            } else {
                try flatten(right, scope: scope, into: &flattening, kind: joinKind, on: onExpression,
                            using: usingColumns, natural: isNatural)
            }
        default:
            var joinsOnArguments: [Expression] = []
            let (source, produce, table): (ScopeSource, (ExecutionContext) throws -> [Row], Table?)
            var budgetKey: ObjectIdentifier?
            var lateral: ((Row, ExecutionContext) throws -> [Row])?
            if case let .tableFunction(name, arguments, alias, position) = item,
               let function = Compiler.tableValuedFunction(name) {
                let made = try tableFunctionSource(function, name: name, arguments: arguments, alias: alias, scope: scope,
                                                   clause: flattening.clause, position: position)
                (source, produce, table, lateral) = (made.source, made.produce, nil, made.lateral)
                if lateral != nil, kind == .right || kind == .full {
                    throw error(.syntax, "a RIGHT or FULL JOIN to \(name)() reading the tables on its left is not supported",
                                at: position)
                }
            } else if case let .tableFunction(name, arguments, alias, position) = item,
               let pragma = Compiler.pragmaFunction(name) {
                (source, produce, joinsOnArguments) = try pragmaFunctionSource(pragma, name: name, arguments: arguments, alias: alias,
                                                                               scope: scope, position: position)
                table = nil
            } else {
                (source, produce, table, budgetKey) = try makeSource(item, scope: scope)
            }
            let index = scope.add(source)
            scope.sources[index].internalName = Scope.internalName(ofSource: index)
            let narrow = Scope(parent: scope.parent)
            narrow.isTriggerBody = scope.isTriggerBody
            narrow.aliases = scope.aliases
            narrow.add(scope.sources[index])
            var indexing = TableIndexing.automatic
            if case .table(_, _, _, _, let hint) = item { indexing = hint }
            if case .indexedBy(let name) = indexing, let table, !table.indexes.contains(where: { asciiLowercased($0.name) == asciiLowercased(name) }) {
                throw error(.unknownTable, "no such index: \(name)")
            }
            flattening.sources.append(FromSource(index: index, narrowScope: narrow, produce: produce, table: table, indexing: indexing,
                                                 budgetKey: budgetKey, lateral: lateral))
            var step = JoinStep(source: index, kind: kind, on: on)
            if index > 0 {
                step.implied = try impliedEqualities(scope: scope, newSources: index..<(index + 1), using: using, natural: natural,
                                                     kind: kind, flattening: &flattening)
            } else if let unresolved = joinsOnArguments.first, case .binary(_, _, let argument) = unresolved {
                // Nothing comes before to join with: the argument names an unknown column.
                _ = try compile(argument, in: scope)
            }
            step.implied += joinsOnArguments
            flattening.steps.append(step)
        }
    }

    /// A parenthesized join on the right of a join is flattened into the chain when that keeps
    /// its meaning: inner and cross joins all through. Otherwise (`a LEFT JOIN (b JOIN c) ON
    /// ...`, or an outer join inside the parentheses) it joins as a unit, as SQLite reads it.
    static func joinsAsUnit(_ right: FromItem, kind: JoinKind) -> Bool {
        guard case .join = right else { return false }
        func innerOnly(_ item: FromItem) -> Bool {
            guard case let .join(l, r, k, _, _, _) = item else { return true }
            return (k == .inner || k == .cross) && innerOnly(l) && innerOnly(r)
        }
        return !(kind == .inner || kind == .cross) || !innerOnly(right)
    }

    /// Joins a parenthesized join as one source: its rows are joined on their own, in a scope
    /// of their own (its ON clauses see only its tables, as in SQLite), and its tables join the
    /// outer scope in order, so `b.x` and unqualified names still reach them.
    private func addJoinedUnit(_ item: FromItem, scope: Scope, into flattening: inout Flattening,
                               kind: JoinKind, on: Expression?, using: [String]?, natural: Bool) throws {
        let inner = Scope(parent: scope.parent)
        inner.isTriggerBody = scope.isTriggerBody
        inner.aliases = scope.aliases
        let (innerSources, innerSteps) = try compileFrom(item, into: inner)
        let produce = try compileJoin(sources: innerSources, steps: innerSteps, whereClause: nil, scope: inner).produce
        if inner.readsOuter { scope.readsOuter = true }
        let first = scope.sources.count
        let baseOffset = scope.width
        let narrow = Scope(parent: scope.parent)
        narrow.isTriggerBody = scope.isTriggerBody
        narrow.aliases = scope.aliases
        for var source in inner.sources {
            let index = scope.sources.count
            source.internalName = Scope.internalName(ofSource: index)
            narrow.add(source)
            source.mergedColumns = source.mergedColumns.mapValues { merged in
                var moved = merged
                moved.offsets = merged.offsets.map { $0 + baseOffset }
                moved.sources = Set(merged.sources.map { $0 + first })
                return moved
            }
            scope.add(source)
        }
        let covered = first..<scope.sources.count
        flattening.sources.append(FromSource(index: first, narrowScope: narrow, produce: produce, table: nil, covered: covered))
        var step = JoinStep(source: first, kind: kind, on: on)
        if first > 0 {
            step.implied = try impliedEqualities(scope: scope, newSources: covered, using: using, natural: natural,
                                                 kind: kind, flattening: &flattening)
        }
        flattening.steps.append(step)
    }

    /// USING (a, b) and NATURAL joins: `left.a = right.a` for each shared column; the right copy is hidden.
    /// The right side is one source, or the sources of a parenthesized join (its first copy).
    private func impliedEqualities(scope: Scope, newSources: Range<Int>, using: [String]?, natural: Bool, kind: JoinKind,
                                   flattening: inout Flattening) throws -> [Expression] {
        var names: [String] = using ?? []
        let leftSources = scope.sources[..<newSources.lowerBound]
        /// The first visible copy of a column among the right side's sources.
        func rightCopy(_ key: String) -> (source: Int, column: Int)? {
            for s in newSources {
                let source = scope.sources[s]
                if let c = source.columns.indices.first(where: { asciiLowercased(source.columns[$0]) == key && !source.hidden.contains($0) }) {
                    return (s, c)
                }
            }
            return nil
        }
        if natural {
            for s in newSources {
                for (c, column) in scope.sources[s].columns.enumerated() where !scope.sources[s].hidden.contains(c) {
                    let key = asciiLowercased(column)
                    let onLeft = leftSources.contains { s in
                        s.columns.enumerated().contains { asciiLowercased($1) == key && !s.hidden.contains($0) }
                    }
                    if onLeft && !names.contains(where: { asciiLowercased($0) == key }) { names.append(column) }
                }
            }
        }
        var equalities: [Expression] = []
        for name in names {
            let key = asciiLowercased(name)
            guard let (newSource, rightColumn) = rightCopy(key) else {
                throw error(.unknownColumn, "cannot join using column \(name) - column not present in both tables")
            }
            let right = scope.sources[newSource]
            guard let leftSource = leftSources.firstIndex(where: { s in
                s.columns.enumerated().contains { asciiLowercased($1) == key && !s.hidden.contains($0) }
            }) else {
                throw error(.unknownColumn, "cannot join using column \(name) - column not present in both tables")
            }
            let leftCopy = scope.sources[leftSource]
            guard let leftColumn = leftCopy.columns.indices.first(where: {
                asciiLowercased(leftCopy.columns[$0]) == key && !leftCopy.hidden.contains($0)
            }) else {
                throw error(.unknownColumn, "cannot join using column \(name) - column not present in both tables")
            }
            scope.sources[newSource].hidden.insert(rightColumn)
            flattening.usingNames[newSource, default: []].insert(key)
            let leftSide = try usingLeftSide(name, leftSource: leftSource, leftColumn: leftColumn, newSource: newSource,
                                             newColumn: rightColumn, rightStart: newSources.lowerBound, kind: kind, coalescing: flattening.coalescing,
                                             usingNames: flattening.usingNames, scope: scope)
            equalities.append(.binary(.equal, leftSide,
                                      .column(table: Scope.internalName(ofSource: newSource), name: right.columns[rightColumn],
                                              position: 0)))
        }
        return equalities
    }

    /// The collations a subquery, view or CTE gives its columns: each output's own (a column's
    /// declared one, or a COLLATE), as SQLite carries them out of a subquery.
    static func columnCollations(_ plan: SelectPlan?, count: Int) -> [Collation?] {
        (0..<count).map { i in
            guard let plan, i < plan.collations.count else { return nil }
            return plan.collations[i]
        }
    }

    /// A FROM item's scope entry, its row producer, its table when it is one, and its budget key
    /// when it can stop early.
    private func makeSource(_ item: FromItem, scope: Scope) throws
        -> (ScopeSource, (ExecutionContext) throws -> [Row], Table?, ObjectIdentifier?) {
        switch item {
        case let .table(name, schemaName, alias, position, _):
            if schemaName == nil, let cte = lookupCTE(name) {
                if let unusable = cte.unusable { throw error(unusable.kind, unusable.message, at: position) }
                let source = ScopeSource(name: alias ?? name, columns: cte.columns, offset: 0, affinities: cte.affinities,
                                         collations: Compiler.columnCollations(cte.plan, count: cte.columns.count), rowidColumn: nil)
                if cte.recursive {
                    return (source, { _ in cte.workingRows ?? [] }, nil, nil)
                }
                guard let plan = cte.plan else { return (source, { _ in [] }, nil, nil) }
                noteSubplanSource(alias ?? name, plan: plan, lines: cte.planLines)
                return budgetable(source, plan, cached: true)
            }
            let holder = database.relationSchema(name, qualifier: schemaName, fixed: fixedSchema)
            if let holder, let table = database.catalogs[holder].table(name) {
                if let schemaName, let tableSchema = table.schema, asciiLowercased(schemaName) != asciiLowercased(tableSchema),
                   asciiLowercased(schemaName) != "main" {
                    throw error(.unknownTable, "no such table: \(schemaName).\(name)", at: position)
                }
                var source = ScopeSource(table: table, name: alias ?? table.name)
                source.schema = asciiLowercased(database.catalogs[holder].schemaName)
                return (source, { _ in table.allRows }, table, nil)
            }
            if let holder, let view = database.catalogs[holder].view(name) {
                let key = asciiLowercased(view.name)
                guard !expandingViews.contains(key) else {
                    throw error(.misuse, "view \(view.name) is circularly defined", at: position)
                }
                expandingViews.insert(key)
                defer { expandingViews.remove(key) }
                let saved = ctes, savedSQL = sql, savedSchema = fixedSchema
                ctes = []
                sql = view.sql
                // A view outside temp reads its own schema's tables (SQLite's rule).
                fixedSchema = holder == Database.tempSchema ? nil : holder
                defer { ctes = saved; sql = savedSQL; fixedSchema = savedSchema }
                let (plan, lines) = try recordingPlan { try compileSelect(view.select, scope: nil) }
                noteSubplanSource(alias ?? view.name, plan: plan, lines: lines)
                let columns = view.columnNames ?? plan.columns
                guard columns.count == plan.columns.count else {
                    throw error(.mismatch, "expected \(columns.count) columns for '\(view.name)' but got \(plan.columns.count)", at: position)
                }
                var source = ScopeSource(name: alias ?? view.name, columns: columns, offset: 0, affinities: plan.affinities,
                                         collations: Compiler.columnCollations(plan, count: columns.count), rowidColumn: nil)
                source.schema = asciiLowercased(database.catalogs[holder].schemaName)
                return budgetable(source, plan, cached: true)
            }
            let key = asciiLowercased(name)
            if Compiler.schemaTableNames.contains(key) || Compiler.tempSchemaTableNames.contains(key),
               let described = schemaTableSchema(key, qualifier: schemaName) {
                let columns = ["type", "name", "tbl_name", "rootpage", "sql"]
                let source = ScopeSource(name: alias ?? name, columns: columns, offset: 0,
                                         affinities: [.text, .text, .text, .integer, .text],
                                         collations: Array(repeating: nil, count: columns.count), rowidColumn: columns.count)
                let rows = schemaTableRows(database.catalogs[described]).map { $0.row + [.integer($0.rowid)] }
                return (source, { _ in rows }, nil, nil)
            }
            if key == "sqlite_sequence", schemaName == nil || database.schemaIndex(named: schemaName ?? "") == Database.mainSchema,
               let sequence = sequenceTableRows() {
                let source = ScopeSource(name: alias ?? name, columns: ["name", "seq"], offset: 0, affinities: [nil, nil],
                                         collations: [nil, nil], rowidColumn: 2)
                let rows = sequence.enumerated().map { $1 + [.integer(Int64($0 + 1))] }
                return (source, { _ in rows }, nil, nil)
            }
            if let function = Compiler.tableValuedFunction(name) {
                // Without arguments its argument columns are NULL: no rows.
                let made = try tableFunctionSource(function, name: name, arguments: [], alias: alias, scope: scope,
                                                   clause: item, position: position)
                return (made.source, made.produce, nil, nil)
            }
            if let pragma = Compiler.pragmaFunction(name) {
                let (source, produce, _) = try pragmaFunctionSource(pragma, name: name, arguments: [], alias: alias,
                                                                    scope: scope, position: position)
                return (source, produce, nil, nil)
            }
            throw error(.unknownTable, "no such table: \(database.missingTableName(name, qualifier: schemaName, fixed: fixedSchema))",
                        at: position)

        case let .subquery(select, alias):
            let (plan, lines) = try recordingPlan { try compileSelect(select, scope: scope.parent) }
            noteSubplanSource(alias ?? "(subquery-\(scope.sources.count + 1))", plan: plan, lines: lines)
            let source = ScopeSource(name: alias, columns: plan.columns, offset: 0, affinities: plan.affinities,
                                     collations: Compiler.columnCollations(plan, count: plan.columns.count), rowidColumn: nil)
            if plan.readsOuter { scope.readsOuter = true }
            return budgetable(source, plan, cached: !plan.readsOuter)

        case let .tableFunction(name, _, _, position):
            throw error(.unknownTable, "no such table-valued function: \(name)", at: position)

        case .join:
            throw error(.syntax, "unexpected join")
        }
    }

    /// A source read through a plan; it can stop at a row budget when the plan honors the hint.
    private func budgetable(_ source: ScopeSource, _ plan: SelectPlan, cached: Bool)
        -> (ScopeSource, (ExecutionContext) throws -> [Row], Table?, ObjectIdentifier?) {
        let token = RowBudgetToken()
        return (source, budgetedProducer(plan, token: token, cached: cached), nil, plan.honorsRowHint ? token.key : nil)
    }
}
