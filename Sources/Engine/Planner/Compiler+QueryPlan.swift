// What the planner tells EXPLAIN QUERY PLAN: each source's access path (scan, index search,
// rowid search, covering index, hash join) in SQLite's words, read from the same choices the
// compiled plan runs with. Only EXPLAIN QUERY PLAN calls this (Compiler.planRecorder set).

/// How an index search narrows a table, as `indexLookup` chose it (IndexSelection.swift).
struct IndexSearchChoice {
    /// nil: the rowid (or the INTEGER PRIMARY KEY).
    let index: TableIndex?
    let column: Int
    /// `=`, `IS` or `IN`; else a range with the bounds it has.
    let equality: Bool
    let lower: Bool
    let upper: Bool
}

extension Compiler {
    /// Runs `body` (a query's compiling) and returns the plan lines it recorded apart; no lines
    /// and no cost without a recorder.
    func recordingPlan<T>(_ body: () throws -> T) rethrows -> (T, () -> [PlanLine]) {
        guard let planRecorder else { return (try body(), { [] }) }
        return try planRecorder.capture(body)
    }

    /// Notes the index search `indexLookup` chose for the source whose own scope is `scope`.
    func noteIndexSearch(_ choice: IndexSearchChoice, scope: Scope) {
        planRecorder?.searches[ObjectIdentifier(scope)] = choice
    }

    /// A compound's lines: `COMPOUND QUERY` over `LEFT-MOST SUBQUERY` and one line per later
    /// SELECT, named by its operator (a compound on the left adds its arms, not a level).
    func noteCompound(_ op: CompoundOperator, leftIsCompound: Bool, left: @escaping () -> [PlanLine],
                      right: @escaping () -> [PlanLine]) {
        guard let planRecorder else { return }
        let opText = op == .unionAll ? "UNION ALL" : "\(op.rawValue) USING TEMP B-TREE"
        planRecorder.add(.loops) {
            let leftLines = left()
            var arms: [PlanLine]
            if leftIsCompound, leftLines.count == 1, let first = leftLines.first {
                arms = first.children
            } else {
                arms = [PlanLine("LEFT-MOST SUBQUERY", children: leftLines)]
            }
            arms.append(PlanLine(opText, children: right()))
            return [PlanLine("COMPOUND QUERY", children: arms)]
        }
    }

    /// A FROM item read through a plan of its own (a view, CTE or subquery): its rows are made
    /// once and kept (MATERIALIZE), or made as the reader asks for them when the plan can stop
    /// early (CO-ROUTINE, as SQLite names a subquery it runs alongside its reader).
    func noteSubplanSource(_ name: @autoclosure () -> String, plan: SelectPlan, lines: @escaping () -> [PlanLine]) {
        guard let planRecorder else { return }
        let text = (plan.honorsRowHint ? "CO-ROUTINE " : "MATERIALIZE ") + name()
        planRecorder.add(.prelude) { [PlanLine(text, children: lines())] }
    }

    /// The sorters a SELECT core uses, after its loops.
    func noteSorters(grouped: Bool, distinct: Bool, ordered: Bool) {
        guard let planRecorder else { return }
        if grouped { planRecorder.add(PlanLine("USE TEMP B-TREE FOR GROUP BY"), .sorters) }
        if distinct { planRecorder.add(PlanLine("USE TEMP B-TREE FOR DISTINCT"), .sorters) }
        if ordered { planRecorder.add(PlanLine("USE TEMP B-TREE FOR ORDER BY"), .sorters) }
    }

    /// The loops over a FROM clause, as `compileJoin` runs them. `orderedBy` is the index order
    /// a single table is read in when that serves ORDER BY.
    func noteLoops(sources: [FromSource], steps: [JoinStep], terms: [Conjunct], scope: Scope,
                   orderedBy order: IndexOrder?) {
        guard let planRecorder else { return }
        if sources.isEmpty {
            planRecorder.add(PlanLine("SCAN CONSTANT ROW"), .loops)
            return
        }
        let outer = steps.contains { $0.kind != .inner } || sources.contains { $0.lateral != nil }
        let searches = { planRecorder.searches }
        planRecorder.add(.loops) { [self] in
            let describer = LoopDescriber(sources: sources, scope: scope, searches: searches(), terms: terms)
            if let order, sources.count == 1 { return [describer.orderedScan(order)] }
            if sources.count == 1 { return [describer.ownAccess(0, alone: true)] }
            if outer { return describer.writtenOrder(steps: steps, terms: terms, compiler: self) }
            return describer.greedyOrder(terms: terms, compiler: self)
        }
    }

    /// The column a side of an equality names in source `n`'s own rows, when it is one.
    fileprivate func sourceColumn(_ e: Expression, in source: FromSource) -> Int? {
        guard case let .column(t, name, _) = e,
              case let .column(offset, _, _, _) = source.narrowScope.resolve(table: t, name: name) else { return nil }
        return offset
    }

    /// The FROM sources an expression reads, found by name only (nothing is compiled again);
    /// nil when it holds a subquery or a name no source has.
    fileprivate func sourcesRead(_ e: Expression, scope: Scope) -> Set<Int>? {
        var found: Set<Int> = []
        var unknown = false
        visit(e) { node in
            switch node {
            case .subquery, .exists, .inSelect, .inTable: unknown = true
            case let .column(t, name, _):
                if case let .column(_, source, _, _) = scope.resolve(table: t, name: name) { found.insert(source) } else { unknown = true }
            default: break
            }
        }
        return unknown ? nil : found
    }
}

/// Describes the loops of one FROM clause from what the planner recorded.
private struct LoopDescriber {
    let sources: [FromSource]
    let scope: Scope
    let searches: [ObjectIdentifier: IndexSearchChoice]
    /// The WHERE and ON terms, with the sources each reads.
    let terms: [Conjunct]

    func name(_ i: Int) -> String {
        scope.sources[sources[i].index].name ?? "(subquery-\(sources[i].index + 1))"
    }

    /// Columns of source `i` the statement reads, as positions in its own rows.
    func usedColumns(_ i: Int) -> Set<Int> {
        let source = scope.sources[sources[i].index]
        var used = sources[i].narrowScope.usedColumns
        for c in scope.usedColumns where c >= source.offset && c < source.offset + source.width { used.insert(c - source.offset) }
        return used
    }

    /// True when `index` holds every column of table source `i` the statement reads.
    func covers(_ index: TableIndex, _ i: Int, table: Table) -> Bool {
        usedColumns(i).allSatisfy { $0 >= table.columns.count || $0 == table.rowidColumn || index.columns.contains($0) }
    }

    func indexText(_ index: TableIndex, _ i: Int, table: Table) -> String {
        (covers(index, i, table: table) ? "USING COVERING INDEX " : "USING INDEX ") + index.name
    }

    /// How source `i` reads its own rows: its index search, an index INDEXED BY names, the
    /// covering index a lone table is scanned through, or the table.
    func ownAccess(_ i: Int, alone: Bool) -> PlanLine {
        let source = sources[i]
        let shown = name(i)
        guard let table = source.table else {
            return PlanLine("SCAN \(shown)")
        }
        if let search = searches[ObjectIdentifier(source.narrowScope)] {
            return PlanLine { "SEARCH \(shown) " + searchText(search, table: table) { self.indexText($0, i, table: table) } }
        }
        if case .indexedBy(let indexName) = source.indexing, alone,
           let index = table.indexes.first(where: { asciiLowercased($0.name) == asciiLowercased(indexName) }) {
            return PlanLine { "SCAN \(shown) " + self.indexText(index, i, table: table) }
        }
        if alone, source.indexing == .automatic {
            return PlanLine {
                let used = self.usedColumns(i)
                if !used.isEmpty, let index = table.coveringScanIndex(reading: used) {
                    return "SCAN \(shown) USING COVERING INDEX \(index.name)"
                }
                return "SCAN \(shown)"
            }
        }
        return PlanLine("SCAN \(shown)")
    }

    /// A lone table read in an index's order (or the rowid's) to serve ORDER BY.
    func orderedScan(_ order: IndexOrder) -> PlanLine {
        guard let table = sources[0].table, let index = order.index else { return PlanLine("SCAN \(name(0))") }
        return PlanLine { "SCAN \(self.name(0)) " + self.indexText(index, 0, table: table) }
    }

    /// One join step onto source `n`: a search of its table by the key (an index or the rowid
    /// on that column) when the join looks rows up, else a hash table built on its rows, which
    /// SQLite's words for a transient index name (PARTIAL when its own filters narrow it), or a
    /// scan of it for every row joined so far.
    func joinStep(_ n: Int, keys: [(newColumn: Int, lookup: Bool)], looksUp: Bool, suffix: String) -> PlanLine {
        let shown = name(n)
        if looksUp, let table = sources[n].table, let key = keys.first(where: \.lookup) {
            let column = key.newColumn
            if column == table.columns.count || column == table.rowidColumn {
                return PlanLine("SEARCH \(shown) USING INTEGER PRIMARY KEY (rowid=?)" + suffix)
            }
            if let index = table.indexes.first(where: { $0.columns.first == column && $0.collations[0] == .binary }) {
                let columnName = table.columns[column].name
                return PlanLine { "SEARCH \(shown) " + self.indexText(index, n, table: table) + " (\(columnName)=?)" + suffix }
            }
        }
        guard !keys.isEmpty else {
            let own = ownAccess(n, alone: false)
            return PlanLine({ own.detail() + suffix })
        }
        let names = keys.map { key -> String in
            let columns = scope.sources[sources[n].index].columns
            return key.newColumn < columns.count ? "\(columns[key.newColumn])=?" : "rowid=?"
        }
        let own = sources[n].index
        let partial = terms.contains { $0.sources == [own] }
        return PlanLine("SEARCH \(shown) USING AUTOMATIC \(partial ? "PARTIAL " : "")COVERING INDEX ("
                        + names.joined(separator: " AND ") + ")" + suffix)
    }

    /// The equalities joining source `n` to the sources in `before`: the column of `n` each
    /// compares, and whether the table can look that column up (rowid, or an index's first
    /// column with BINARY collation).
    func keys(onto n: Int, before: Set<Int>, terms: [Conjunct], compiler: Compiler) -> [(newColumn: Int, lookup: Bool)] {
        var keys: [(newColumn: Int, lookup: Bool)] = []
        let index = sources[n].index
        let beforeIndexes = Set(before.map { sources[$0].index })
        for term in terms where term.sources.contains(index) && term.sources.count > 1 {
            guard case .binary(.equal, let l, let r) = term.expression else { continue }
            for (mine, other) in [(l, r), (r, l)] {
                guard let column = compiler.sourceColumn(mine, in: sources[n]),
                      compiler.sourcesRead(mine, scope: scope) == [index],
                      let read = compiler.sourcesRead(other, scope: scope), !read.isEmpty, read.isSubset(of: beforeIndexes) else { continue }
                var lookup = false
                if let table = sources[n].table, sources[n].indexing == .automatic {
                    lookup = column == table.columns.count || column == table.rowidColumn
                        || table.indexes.contains { $0.columns.first == column && $0.collations[0] == .binary }
                }
                keys.append((column, lookup))
                break
            }
        }
        return keys
    }

    /// Outer joins (and table-valued functions reading the left): the order written.
    func writtenOrder(steps: [JoinStep], terms: [Conjunct], compiler: Compiler) -> [PlanLine] {
        var lines = [ownAccess(0, alone: false)]
        var partial = estimatedRows(0)
        for n in 1..<sources.count {
            let kind = steps[n].kind
            let stepTerms = (compiler.conjuncts(of: steps[n].on) + steps[n].implied).compactMap { e -> Conjunct? in
                guard let read = compiler.sourcesRead(e, scope: scope) else { return nil }
                return Conjunct(expression: e, compiled: CompiledExpression { _, _ in .null }, sources: read)
            }
            let keys = sources[n].lateral != nil ? [] : self.keys(onto: n, before: Set(0..<n), terms: stepTerms, compiler: compiler)
            let looksUp = kind != .right && kind != .full
                && prefersLookupEstimate(partial: partial, rows: estimatedRows(n), tableRows: sources[n].table?.count ?? 0)
            let suffix = kind == .left || kind == .full ? " LEFT-JOIN" : ""
            lines.append(joinStep(n, keys: keys, looksUp: looksUp, suffix: suffix))
            if kind == .right || kind == .full {
                lines.append(PlanLine("RIGHT-JOIN \(name(n))", children: [PlanLine("SCAN \(name(n))")]))
            }
            partial = keys.isEmpty ? partial * max(estimatedRows(n), 1) : max(partial, 1)
        }
        return lines
    }

    /// Inner joins: the planner's greedy order (Compiler+Join.swift) from the smallest source,
    /// each next one connected by an equality when one is, smallest first. The run decides it
    /// from the rows each source's own filters leave; here the tables' row counts stand in.
    func greedyOrder(terms: [Conjunct], compiler: Compiler) -> [PlanLine] {
        let rows = sources.indices.map(estimatedRows)
        var start = 0
        for i in 1..<sources.count where rows[i] < rows[start] { start = i }
        var joined: Set<Int> = [start]
        var lines = [ownAccess(start, alone: false)]
        var partial = rows[start]
        while joined.count < sources.count {
            var next = -1
            var nextConnected = false
            for i in sources.indices where !joined.contains(i) {
                let connected = !keys(onto: i, before: joined, terms: terms, compiler: compiler).isEmpty
                if next < 0 || (connected && !nextConnected) || (connected == nextConnected && rows[i] < rows[next]) {
                    next = i
                    nextConnected = connected
                }
            }
            let keys = self.keys(onto: next, before: joined, terms: terms, compiler: compiler)
            let looksUp = prefersLookupEstimate(partial: partial, rows: rows[next], tableRows: sources[next].table?.count ?? 0)
            lines.append(joinStep(next, keys: keys, looksUp: looksUp, suffix: ""))
            partial = keys.isEmpty ? partial * max(rows[next], 1) : max(partial, 1)
            joined.insert(next)
        }
        return lines
    }

    /// A table's row count; a source made by a plan of its own counts as unknown, large.
    func estimatedRows(_ i: Int) -> Int {
        sources[i].table?.count ?? 1_000_000
    }

    /// The run's rule (Compiler+Join.swift `prefersLookup`): a lookup per joined row when
    /// that costs less than reading the new source.
    func prefersLookupEstimate(partial: Int, rows: Int, tableRows: Int) -> Bool {
        var depth = 1
        var n = tableRows
        while n > 1 { n >>= 1; depth += 1 }
        let (cost, overflow) = partial.multipliedReportingOverflow(by: depth)
        return !overflow && cost < rows
    }
}

/// An index search in SQLite's words: `USING INDEX i (a=?)`, `USING INTEGER PRIMARY KEY
/// (rowid>? AND rowid<?)`; `indexText` words the index (covering or not).
private func searchText(_ search: IndexSearchChoice, table: Table, indexText: (TableIndex) -> String) -> String {
    // An index on an expression: SQLite writes its key as <expr>.
    let column = search.index == nil ? "rowid"
        : (search.column >= 0 && search.column < table.columns.count ? table.columns[search.column].name : "<expr>")
    var bounds: [String] = []
    if search.equality { bounds = ["\(column)=?"] } else {
        if search.lower { bounds.append("\(column)>?") }
        if search.upper { bounds.append("\(column)<?") }
    }
    let how = search.index.map(indexText) ?? "USING INTEGER PRIMARY KEY"
    return how + " (" + bounds.joined(separator: " AND ") + ")"
}

extension Database {
    /// EXPLAIN QUERY PLAN: compiles `statement` with the planner's choices recorded and returns
    /// them as rows; nothing runs. INSERT, UPDATE and DELETE show how they read (the SELECT an
    /// INSERT takes its rows from, the rows an UPDATE or DELETE finds); other statements have
    /// no plan to show (no rows, as in SQLite).
    func describePlan(of statement: Statement, compiler: Compiler, parent: Scope?) throws -> QueryPlan {
        let recorder = PlanRecorder()
        compiler.planRecorder = recorder
        defer { compiler.planRecorder = nil }
        switch statement {
        case .select(let select):
            _ = try compiler.compileSelect(select, scope: parent)
        case .insert(let insert):
            if let with = insert.with { try compiler.pushCTEs(with, parent: parent) }
            defer { if insert.with != nil { compiler.ctes.removeLast() } }
            switch insert.source {
            case .select(let select):
                _ = try compiler.compileSelect(select, scope: parent)
            case .values(let rows):
                let scope = Scope(parent: parent)
                for row in rows { for value in row { _ = try compiler.compile(value, in: scope) } }
            case .defaultValues:
                break
            }
        case .update(let update):
            guard update.from == nil else {
                throw SQLError(.misuse, "EXPLAIN QUERY PLAN of UPDATE ... FROM is not supported")
            }
            if let with = update.with { try compiler.pushCTEs(with, parent: parent) }
            defer { if update.with != nil { compiler.ctes.removeLast() } }
            let scope = try describeRowsFound(update.table, alias: update.alias, whereClause: update.whereClause,
                                              position: update.position, compiler: compiler, parent: parent)
            for assignment in update.assignments { _ = try compiler.compile(assignment.value, in: scope) }
        case .delete(let delete):
            if let with = delete.with { try compiler.pushCTEs(with, parent: parent) }
            defer { if delete.with != nil { compiler.ctes.removeLast() } }
            _ = try describeRowsFound(delete.table, alias: delete.alias, whereClause: delete.whereClause,
                                      position: delete.position, compiler: compiler, parent: parent)
        case .explain:
            throw SQLError(.syntax, "EXPLAIN QUERY PLAN of an EXPLAIN is not supported")
        default:
            break
        }
        return QueryPlan(recorder.rootLines())
    }

    /// How UPDATE or DELETE finds its rows (Database+Modify.swift `selectedRowids`): an index
    /// or rowid search when its WHERE fixes a key, else a scan. Returns the table's scope.
    private func describeRowsFound(_ name: String, alias: String?, whereClause: Expression?, position: Int,
                                   compiler: Compiler, parent: Scope?) throws -> Scope {
        guard let table = catalog.table(name) else {
            throw SQLError(.unknownTable, "no such table: \(name)", position: position)
        }
        let scope = tableScope(table, alias: alias, parent: parent)
        let terms = try compiler.conjuncts(of: whereClause).map { try compiler.compileConjunct($0, in: scope) }
        let shown = alias ?? table.name
        if !terms.isEmpty, try compiler.indexLookup(table: table, terms: terms, narrowScope: scope) != nil,
           let search = compiler.planRecorder?.searches[ObjectIdentifier(scope)] {
            let text = searchText(search, table: table) { "USING INDEX \($0.name)" }
            compiler.planRecorder?.add(PlanLine("SEARCH \(shown) " + text), .loops)
        } else {
            compiler.planRecorder?.add(PlanLine("SCAN \(shown)"), .loops)
        }
        return scope
    }
}
