// Compiling SELECT: WITH, compound operators, VALUES, and the ORDER BY / LIMIT around them.

extension Compiler {
    /// Compiles a SELECT whose enclosing query (for correlated references) has scope `parent`.
    func compileSelect(_ select: SelectStatement, scope parentScope: Scope?) throws -> SelectPlan {
        // Views over views and CTEs over CTEs recurse here as deep as the schema goes.
        try StackGuard.check()
        let parent = parentScope
        var pushed = false
        if let with = select.with {
            try pushCTEs(with, parent: parent)
            pushed = true
        }
        defer { if pushed { ctes.removeLast() } }

        switch select.body {
        case .core(let core):
            return try compileCore(core, parent: parent, orderBy: select.orderBy, limit: select.limit, offset: select.offset)
        case .values(let rows):
            let plan = try compileValues(rows, parent: parent)
            return try wrapOrderAndLimit(plan, select: select, parent: parent)
        case .compound:
            let plan = try compileCompound(select.body, parent: parent, ordered: !select.orderBy.isEmpty)
            noteSorters(grouped: false, distinct: false, ordered: !select.orderBy.isEmpty)
            return try wrapOrderAndLimit(plan, select: select, parent: parent)
        }
    }

    func pushCTEs(_ with: WithClause, parent: Scope?) throws {
        ctes.append([:])
        for table in with.tables {
            let key = asciiLowercased(table.name)
            if ctes[ctes.count - 1][key] != nil { throw error(.misuse, "duplicate WITH table name: \(table.name)") }
            let definition: CTEDefinition
            // A CTE that reads itself is recursive, RECURSIVE written or not, as in SQLite.
            if case .compound(let anchorBody, let op, let recursiveBody) = table.select.body,
               op == .union || op == .unionAll, selectBodyReferences(recursiveBody, table: key) {
                definition = try compileRecursiveCTE(table, anchor: anchorBody, op: op, recursive: recursiveBody, parent: parent)
            } else if selectBodyReferences(table.select.body, table: key) {
                throw error(.misuse, "circular reference: \(table.name)")
            } else {
                let (plan, lines) = try recordingPlan { try compileSelect(table.select, scope: parent) }
                let columns = table.columns ?? plan.columns
                definition = CTEDefinition(name: table.name, columns: columns, affinities: plan.affinities, plan: plan, recursive: false)
                definition.planLines = lines
                // Reported where the CTE is read: SQLite says nothing of a CTE no one reads.
                if columns.count != plan.columns.count {
                    definition.unusable = SQLError(.mismatch, "table \(table.name) has \(plan.columns.count) values for \(columns.count) columns")
                }
            }
            ctes[ctes.count - 1][key] = definition
        }
    }

    private func compileRecursiveCTE(_ table: CommonTableExpression, anchor: SelectBody, op: CompoundOperator,
                                     recursive: SelectBody, parent: Scope?) throws -> CTEDefinition {
        let (anchorPlan, anchorLines) = try recordingPlan { try compileSelect(SelectStatement(body: anchor), scope: parent) }
        let columns = table.columns ?? anchorPlan.columns
        // Checked before the recursive part reads the working table: its rows must be as wide
        // as the columns the recursive part was compiled against.
        if columns.count != anchorPlan.columns.count {
            throw error(.mismatch, "table \(table.name) has \(anchorPlan.columns.count) values for \(columns.count) columns")
        }
        // SQLite's rules for the recursive part: one reference to the CTE, no aggregate (a
        // query that always answers a row would recurse forever).
        let key = asciiLowercased(table.name)
        if selectBodyReferenceCount(recursive, table: key) > 1 {
            throw error(.misuse, "multiple references to recursive table: \(table.name)")
        }
        if case .core(let core) = recursive, !core.groupBy.isEmpty
            || core.columns.contains(where: { if case .expression(let e, _, _) = $0 { return containsAggregate(e) }; return false })
            || (core.having.map(containsAggregate) ?? false) {
            throw error(.misuse, "recursive aggregate queries not supported")
        }
        // The recursive part reads the working table through this definition.
        let working = CTEDefinition(name: table.name, columns: columns, affinities: anchorPlan.affinities, plan: nil, recursive: true)
        ctes[ctes.count - 1][asciiLowercased(table.name)] = working
        let (recursivePlan, recursiveLines) = try recordingPlan { try compileSelect(SelectStatement(body: recursive), scope: parent) }
        guard recursivePlan.columns.count == columns.count else {
            throw error(.mismatch, "SELECTs to the left and right of \(op.rawValue) do not have the same number of result columns")
        }
        let orderBy = table.select.orderBy, limitExpression = table.select.limit
        if !orderBy.isEmpty { throw error(.syntax, "ORDER BY in a recursive query is not supported") }
        let limit = try limitExpression.map { try compile($0, in: Scope(parent: nil)).evaluate }
        let distinct = op == .union
        // Runs until the queue is empty, its own LIMIT or the reader's (the hint) is reached, or
        // the statement is interrupted: no cap of its own, as in SQLite.
        let plan = SelectPlan(columns: columns, affinities: anchorPlan.affinities, readsOuter: anchorPlan.readsOuter || recursivePlan.readsOuter) { ctx, hint in
            var maxRows = try limit.map { try limitValue($0([], ctx)) } ?? -1
            if let hint, maxRows < 0 || Int64(hint) < maxRows { maxRows = Int64(hint) }
            var result: [Row] = []
            var seen = Set<Row>()
            var queue = try anchorPlan.execute(ctx, nil)
            if distinct { queue = queue.filter { seen.insert($0).inserted } }
            var next = 0
            while next < queue.count {
                try ctx.checkInterrupt()
                if maxRows >= 0 && result.count >= maxRows { break }
                // Process one row at a time, as SQLite's queue does.
                let row = queue[next]
                next += 1
                // Rows taken off the queue are dropped now and then, so it holds only what waits.
                if next > 4096 && next * 2 > queue.count { queue.removeFirst(next); next = 0 }
                result.append(row)
                working.workingRows = [row]
                var produced = try recursivePlan.execute(ctx, nil)
                if distinct { produced = produced.filter { seen.insert($0).inserted } }
                queue.append(contentsOf: produced)
            }
            working.workingRows = nil
            return maxRows >= 0 ? Array(result.prefix(Int(maxRows))) : result
        }
        plan.honorsRowHint = true
        let definition = CTEDefinition(name: table.name, columns: columns, affinities: anchorPlan.affinities, plan: plan, recursive: false)
        definition.planLines = { [PlanLine("SETUP", children: anchorLines()), PlanLine("RECURSIVE STEP", children: recursiveLines())] }
        return definition
    }

    private func selectBodyReferences(_ body: SelectBody, table: String) -> Bool {
        selectBodyReferenceCount(body, table: table) > 0
    }

    /// How many times the FROM clauses of `body` (and of subqueries in them) name `table`.
    private func selectBodyReferenceCount(_ body: SelectBody, table: String) -> Int {
        switch body {
        case .core(let core): return core.from.map { fromReferenceCount($0, table: table) } ?? 0
        case .values: return 0
        case .compound(let l, _, let r): return selectBodyReferenceCount(l, table: table) + selectBodyReferenceCount(r, table: table)
        }
    }

    private func fromReferenceCount(_ item: FromItem, table: String) -> Int {
        switch item {
        case .table(let name, let schema, _, _, _): return schema == nil && asciiLowercased(name) == table ? 1 : 0
        case .subquery(let s, _): return selectBodyReferenceCount(s.body, table: table)
        case .tableFunction: return 0
        case .join(let l, let r, _, _, _, _): return fromReferenceCount(l, table: table) + fromReferenceCount(r, table: table)
        }
    }

    private func compileValues(_ rows: [[Expression]], parent: Scope?) throws -> SelectPlan {
        let scope = Scope(parent: parent)
        var readsOuter = false
        // A row with a window function is a SELECT without FROM, as SQLite codes it:
        // `VALUES(count(*) OVER ())` is 1. So is the first row with an aggregate.
        let compiled: [(ExecutionContext) throws -> Row] = try rows.enumerated().map { (i, row) in
            let windowed = row.contains(where: containsWindow)
            if windowed || (i == 0 && row.contains(where: containsAggregate)) {
                let core = SelectCore(columns: row.map { .expression($0, alias: nil, text: "") })
                let plan = try compileCore(core, parent: parent, orderBy: [], limit: nil, offset: nil)
                if plan.readsOuter { readsOuter = true }
                return { ctx in try plan.execute(ctx, nil).first ?? [] }
            }
            let values = try row.map { try compile($0, in: scope).evaluate }
            return { ctx in try values.map { try $0([], ctx) } }
        }
        let width = rows.first?.count ?? 0
        let names = (0..<width).map { "column\($0 + 1)" }
        planRecorder?.add(PlanLine(rows.count == 1 ? "SCAN CONSTANT ROW" : "SCAN \(rows.count) CONSTANT ROWS"), .loops)
        return SelectPlan(columns: names, affinities: Array(repeating: nil, count: width),
                          readsOuter: readsOuter || scope.readsOuter) { ctx, _ in
            try compiled.map { try $0(ctx) }
        }
    }

    /// Of rows that are equal (3 and 3.0), a compound keeps the last: SQLite's temporary index
    /// replaces the entry. Under an ORDER BY (`ordered`) SQLite merges the two sorted sides
    /// instead (multiSelectOrderBy): a row equal to the one just output is dropped, so the first
    /// of a side wins, and UNION skips the left row when the right has an equal one.
    private func compileCompound(_ body: SelectBody, parent: Scope?, ordered: Bool) throws -> SelectPlan {
        guard case .compound(let leftBody, let op, let rightBody) = body else {
            return try compileSelect(SelectStatement(body: body), scope: parent)
        }
        let (left, leftLines) = try recordingPlan { try compileCompound(leftBody, parent: parent, ordered: ordered) }
        let distinctRows: ([Row], (Row) -> Row) -> [Row] = ordered
            ? { rows, key in firstWins(rows, key: key) } : { rows, key in lastWins(rows, key: key) }
        let union: ([Row], [Row], (Row) -> Row) -> [Row] = ordered
            ? { a, b, key in rightFirstWins(a, b, key: key) } : { a, b, key in lastWins(a + b, key: key) }
        let (right, rightLines) = try recordingPlan { try compileSelect(SelectStatement(body: rightBody), scope: parent) }
        if case .compound = leftBody { noteCompound(op, leftIsCompound: true, left: leftLines, right: rightLines) }
        else { noteCompound(op, leftIsCompound: false, left: leftLines, right: rightLines) }
        guard left.columns.count == right.columns.count else {
            throw error(.mismatch, "SELECTs to the left and right of \(op.rawValue) do not have the same number of result columns")
        }
        let l = left.execute, r = right.execute
        // Rows are equal under each column's collation (the left SELECT's, as SQLite takes it).
        let collations = left.collations.map { $0 ?? .binary }
        let key: (Row) -> Row = collations.contains(where: { $0 != .binary })
            ? { row in zip(row, collations).map { $0.collationKey($1) } + row.dropFirst(collations.count) }
            : { $0 }
        let plan = SelectPlan(columns: left.columns, affinities: left.affinities, readsOuter: left.readsOuter || right.readsOuter) { ctx, _ in
            let a = try l(ctx, nil), b = try r(ctx, nil)
            switch op {
            case .unionAll:
                return a + b
            case .union:
                return try sortedDistinctOrder(union(a, b, key), ctx: ctx)
            case .intersect:
                let right = Set(b.map(key))
                return try sortedDistinctOrder(distinctRows(a, key).filter { right.contains(key($0)) }, ctx: ctx)
            case .except:
                let right = Set(b.map(key))
                return try sortedDistinctOrder(distinctRows(a, key).filter { !right.contains(key($0)) }, ctx: ctx)
            }
        }
        plan.collations = left.collations
        plan.explicitCollations = left.explicitCollations
        return plan
    }

    /// ORDER BY and LIMIT around a compound or VALUES: terms name output columns by number, name or text.
    private func wrapOrderAndLimit(_ plan: SelectPlan, select: SelectStatement, parent: Scope?) throws -> SelectPlan {
        if select.orderBy.isEmpty && select.limit == nil { return plan }
        let constantScope = Scope(parent: parent)
        var keys: [(column: Int, key: SortKey)] = []
        for term in select.orderBy {
            let column = try outputColumn(for: term.expression, columns: plan.columns, select: select)
            var collation = Collation.binary
            if case .collate(_, let name) = term.expression, let c = Collation(name: name) { collation = c }
            keys.append((column, SortKey(descending: term.descending, nullsFirst: term.nullsFirst ?? !term.descending,
                                         collation: collation)))
        }
        let limit = try select.limit.map { try compile($0, in: constantScope).evaluate }
        let offset = try select.offset.map { try compile($0, in: constantScope).evaluate }
        let run = plan.execute
        return SelectPlan(columns: plan.columns, affinities: plan.affinities, readsOuter: plan.readsOuter || constantScope.readsOuter) { ctx, _ in
            let rows = try run(ctx, nil)
            var keyed = rows.map { row in (keys: keys.map { row[$0.column] }, row: row) }
            try sortRows(&keyed, by: keys.map(\.key), ctx: ctx)
            let l = try limit.map { try limitValue($0([], ctx)) }
            let o = try offset.map { try limitValue($0([], ctx)) } ?? 0
            return applyLimit(keyed.map(\.row), limit: l, offset: o)
        }
    }

    /// Which output column an ORDER BY term of a compound select means.
    private func outputColumn(for expression: Expression, columns: [String], select: SelectStatement) throws -> Int {
        var e = expression
        if case .collate(let inner, _) = e { e = inner }
        if let k = columnNumber(e) {
            guard k >= 1 && k <= columns.count else {
                throw error(.syntax, "1st ORDER BY term out of range - should be between 1 and \(columns.count)")
            }
            return Int(k - 1)
        }
        if case .column(nil, let name, _) = e,
           let i = columns.firstIndex(where: { asciiLowercased($0) == asciiLowercased(name) }) {
            return i
        }
        if case .column(_, let name, _) = e,
           let i = columns.firstIndex(where: { asciiLowercased($0) == asciiLowercased(name) }) {
            return i
        }
        // An expression written the same way as an output column of the first SELECT.
        if let text = firstCoreColumnTexts(select.body), let written = expressionText(e) {
            if let i = text.firstIndex(where: { $0 == written }) { return i }
        }
        // Then, as SQLite does, the names and expressions of the later SELECTs, left to right.
        for arm in compoundArms(select.body).dropFirst() {
            guard case .core(let core) = arm, let names = outputNames(core) else { continue }
            if case .column(nil, let name, _) = e,
               let i = names.firstIndex(where: { asciiLowercased($0) == asciiLowercased(name) }), i < columns.count {
                return i
            }
            if let text = firstCoreColumnTexts(arm), let written = expressionText(e),
               let i = text.firstIndex(where: { $0 == written }), i < columns.count {
                return i
            }
        }
        throw error(.syntax, "1st ORDER BY term does not match any column in the result set")
    }

    /// The SELECTs of a compound, left to right.
    private func compoundArms(_ body: SelectBody) -> [SelectBody] {
        if case .compound(let l, _, let r) = body { return compoundArms(l) + compoundArms(r) }
        return [body]
    }

    /// The names a SELECT's result columns answer to in a compound's ORDER BY (alias, column
    /// name or text); nil when a `*` hides how many there are.
    private func outputNames(_ core: SelectCore) -> [String]? {
        var names: [String] = []
        for column in core.columns {
            guard case let .expression(e, alias, text) = column else { return nil }
            if let alias { names.append(alias) } else if case .column(_, let name, _) = e { names.append(name) } else { names.append(text) }
        }
        return names
    }

    private func firstCoreColumnTexts(_ body: SelectBody) -> [String]? {
        switch body {
        case .core(let core):
            return core.columns.map { column in
                if case .expression(_, _, let text) = column { return asciiLowercased(text.filter { $0 != " " }) }
                return ""
            }
        case .values: return nil
        case .compound(let l, _, _): return firstCoreColumnTexts(l)
        }
    }

    private func expressionText(_ e: Expression) -> String? {
        if case .column(let t, let n, _) = e { return asciiLowercased((t.map { "\($0)." } ?? "") + n) }
        return nil
    }
}

/// Distinct rows where a later duplicate (1.0 after 1) replaces the earlier one, as rows do
/// when SQLite inserts them into the temporary index behind UNION, INTERSECT and EXCEPT.
func lastWins(_ rows: [Row], key: (Row) -> Row = { $0 }) -> [Row] {
    var position: [Row: Int] = [:]
    var out: [Row] = []
    for row in rows {
        let k = key(row)
        if let p = position[k] { out[p] = row } else {
            position[k] = out.count
            out.append(row)
        }
    }
    return out
}

/// Rows without repeats (equal by `key`), each the first of its kind, in first-seen order.
func firstWins(_ rows: [Row], key: (Row) -> Row = { $0 }) -> [Row] {
    var seen = Set<Row>()
    return rows.filter { seen.insert(key($0)).inserted }
}

/// UNION under ORDER BY: distinct rows of both sides, each the first of its kind in `b` when
/// `b` has one, else the first in `a`.
func rightFirstWins(_ a: [Row], _ b: [Row], key: (Row) -> Row) -> [Row] {
    var position: [Row: Int] = [:]
    var out: [Row] = []
    for row in a {
        let k = key(row)
        if position[k] == nil { position[k] = out.count; out.append(row) }
    }
    var fromRight = Set<Row>()
    for row in b {
        let k = key(row)
        guard fromRight.insert(k).inserted else { continue }
        if let p = position[k] { out[p] = row } else { position[k] = out.count; out.append(row) }
    }
    return out
}

/// UNION, INTERSECT and EXCEPT hand back their rows in sorted order, as SQLite's temp index does.
func sortedDistinctOrder(_ rows: [Row], ctx: ExecutionContext) throws -> [Row] {
    try rows.sorted { a, b in
        try ctx.checkInterrupt()
        for i in 0..<min(a.count, b.count) {
            let c = Value.compare(a[i], b[i])
            if c != 0 { return c < 0 }
        }
        return false
    }
}

/// The output column a GROUP BY or ORDER BY term names by number, as sqlite3ExprIsInteger reads
/// it: an integer literal that fits in 32 bits, under any unary + or -. A larger integer
/// (`ORDER BY 5000000000`) is an ordinary constant expression.
func columnNumber(_ expression: Expression) -> Int? {
    switch expression {
    case .literal(.integer(let k)): return k >= 0 && k <= Int64(Int32.max) ? Int(k) : nil
    case .unary(.plus, let inner): return columnNumber(inner)
    case .unary(.negate, let inner): return columnNumber(inner).map { -$0 }
    default: return nil
    }
}
