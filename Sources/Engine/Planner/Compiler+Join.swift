// The join planner: filters pushed to their source, equi-joins as hash joins, greedy join order.

/// A FROM clause's rows handed to a consumer one at a time. The row handed over may be a
/// buffer the producer reuses for the next row: a consumer that keeps it keeps a copy, which
/// copy-on-write makes automatic. Rows a consumer drops (ORDER BY ... LIMIT) are never built.
typealias RowStream = (ExecutionContext, (Row) throws -> Void) throws -> Void

/// A materialized producer as a stream.
func streaming(_ produce: @escaping (ExecutionContext) throws -> [Row]) -> RowStream {
    { ctx, consume in for row in try produce(ctx) { try consume(row) } }
}

/// A WHERE or ON term with the sources it reads.
struct Conjunct {
    let expression: Expression
    let compiled: CompiledExpression
    let sources: Set<Int>
}

/// An equality usable as a hash-join key between one new source and sources already joined.
private struct EquiKey {
    /// Evaluated on the new source's own (narrow) rows.
    let newSide: (Row, ExecutionContext) throws -> Value
    /// Evaluated on the partial (full-width) rows joined so far.
    let joinedSide: (Row, ExecutionContext) throws -> Value
    let convertNew: Affinity?
    let convertJoined: Affinity?
    /// The new source's rows that may match a key value, found through its table's rowid or an
    /// index (a superset: the join still compares every key), when the new side is a column
    /// the table can look up.
    var lookup: ((Value) throws -> [Row])?
}

/// A join step's choice, as SQLite's planner makes it per loop: look each partial row's key up
/// in the new table (O(log n) each) when there are few partial rows, else hash the new
/// source's rows once.
private func prefersLookup(partialRows: Int, sourceRows: Int, tableRows: Int) -> Bool {
    var depth = 1
    var n = tableRows
    while n > 1 { n >>= 1; depth += 1 }
    return partialRows * depth < sourceRows
}

extension Compiler {
    /// Splits `a AND b AND c` into its terms.
    func conjuncts(of expression: Expression?) -> [Expression] {
        guard let expression else { return [] }
        if case .binary(.and, let l, let r) = expression { return conjuncts(of: l) + conjuncts(of: r) }
        return [expression]
    }

    func compileConjunct(_ expression: Expression, in scope: Scope) throws -> Conjunct {
        let saved = scope.usedSources
        scope.usedSources = []
        defer { scope.usedSources = saved }
        let compiled = try compileCondition(expression, in: scope)
        return Conjunct(expression: expression, compiled: compiled, sources: scope.usedSources)
    }

    /// Builds the closure that produces the FROM clause's rows (full width) filtered by WHERE.
    /// With `order`, a single-table query may come back already in that order (`ordered`).
    func compileJoin(sources: [FromSource], steps: [JoinStep], whereClause: Expression?, scope: Scope,
                     order: IndexOrder? = nil) throws
        -> (produce: (ExecutionContext) throws -> [Row], stream: RowStream, ordered: Bool) {
        let whereTerms = try conjuncts(of: whereClause).map { try compileConjunct($0, in: scope) }
        try checkIndexedBy(sources: sources, steps: steps, whereTerms: whereTerms, scope: scope)
        if sources.isEmpty {
            noteLoops(sources: [], steps: [], terms: [], scope: scope, orderedBy: nil)
            let tests = whereTerms.map(\.compiled.evaluate)
            let produce: (ExecutionContext) throws -> [Row] = { ctx in
                for test in tests where try test([], ctx).truth != true { return [] }
                return [[]]
            }
            return (produce, streaming(produce), false)
        }
        let hasOuterJoin = steps.contains { $0.kind == .left || $0.kind == .right || $0.kind == .full }
            || sources.contains { $0.lateral != nil || $0.covered.count > 1 }
        if hasOuterJoin {
            let produce = try compileLeftToRight(sources: sources, steps: steps, whereTerms: whereTerms, scope: scope)
            noteLoops(sources: sources, steps: steps, terms: whereTerms, scope: scope, orderedBy: nil)
            return (produce, streaming(produce), false)
        }
        if let order, sources.count == 1, let table = sources[0].table,
           let scan = try orderedScan(sources[0], table: table, terms: whereTerms, order: order, scope: scope) {
            noteLoops(sources: sources, steps: steps, terms: whereTerms, scope: scope, orderedBy: order)
            let gate = constantGate(whereTerms)
            let produce: (ExecutionContext) throws -> [Row] = { ctx in try gate(ctx) ? try scan(ctx) : [] }
            return (produce, streaming(produce), true)
        }
        var pool = whereTerms
        for step in steps {
            for e in conjuncts(of: step.on) + step.implied { pool.append(try compileConjunct(e, in: scope)) }
        }
        let join = try compileGreedy(sources: sources, conjuncts: pool, scope: scope)
        noteLoops(sources: sources, steps: steps, terms: pool, scope: scope, orderedBy: nil)
        return ({ ctx in try join(ctx, nil) },
                { ctx, consume in _ = try withoutActuallyEscaping(consume) { try join(ctx, $0) } }, false)
    }

    /// `INDEXED BY` a partial index: SQLite finds no plan ("no query solution") unless the
    /// WHERE (or the inner join's ON) implies the index's WHERE, as it must to use the index.
    private func checkIndexedBy(sources: [FromSource], steps: [JoinStep], whereTerms: [Conjunct], scope: Scope) throws {
        for (n, source) in sources.enumerated() {
            guard case .indexedBy(let name) = source.indexing, let table = source.table,
                  let index = table.indexes.first(where: { asciiLowercased($0.name) == asciiLowercased(name) }),
                  index.isPartial else { continue }
            var terms = whereTerms
            if let step = steps.first(where: { $0.source == n }), step.kind == .inner || step.kind == .cross {
                terms += try (conjuncts(of: step.on) + step.implied).map { try compileConjunct($0, in: scope) }
            }
            if !partialIndexUsable(index, table: table, terms: terms, scope: source.narrowScope) {
                throw error(.misuse, "no query solution")
            }
        }
    }

    /// The constant terms (no local source) decide once whether any row can qualify.
    private func constantGate(_ terms: [Conjunct]) -> (ExecutionContext) throws -> Bool {
        let tests = terms.filter { $0.sources.isEmpty }.map(\.compiled.evaluate)
        return { ctx in
            for test in tests {
                // A constant term may still read the enclosing row; it has no local row of its own.
                if try test(ctx.outer.last ?? [], ctx).truth != true { return false }
            }
            return true
        }
    }

    /// Filters pushed down to one source, compiled against its own narrow rows.
    /// With `alone` (the query's only source), a table scan comes through the index SQLite would
    /// scan instead when one covers the columns the query reads (see CoveringScan.swift).
    private func pushedFilter(_ source: FromSource, _ terms: [Conjunct], scope: Scope, alone: Bool = false) throws
        -> (ExecutionContext) throws -> [Row] {
        let local = terms.filter(source.isLocal)
        var produce = source.produce
        if alone, let table = source.table, source.indexing != .notIndexed {
            let narrow = source.narrowScope
            var named: TableIndex?
            if case .indexedBy(let name) = source.indexing {
                named = table.indexes.first { asciiLowercased($0.name) == asciiLowercased(name) }
            }
            produce = { _ in
                // A partial index holds only some rows: the table itself gives them all.
                if let named, !named.isPartial { return named.rowsInScanOrder() }
                // Read at run time: every column reference has been compiled by then. A query
                // that reads no column, not even the rowid (count(*)), cannot tell the order.
                let used = scope.usedColumns.union(narrow.usedColumns)
                if !used.isEmpty, let index = table.coveringScanIndex(reading: used) { return index.rowsInScanOrder() }
                return table.allRows
            }
        }
        if local.isEmpty { return produce }
        let tests = try local.map { try compileCondition($0.expression, in: source.narrowScope).evaluate }
        if source.narrowScope.readsOuter { scope.readsOuter = true }
        if let table = source.table, source.indexing == .automatic,
           let lookup = try indexLookup(table: table, terms: local, narrowScope: source.narrowScope) {
            return { ctx in
                var out: [Row] = []
                for row in try lookup(ctx) {
                    try ctx.checkInterrupt()
                    var keep = true
                    for test in tests where try test(row, ctx).truth != true { keep = false; break }
                    if keep { out.append(row) }
                }
                return out
            }
        }
        return { ctx in
            var out: [Row] = []
            for row in try produce(ctx) {
                try ctx.checkInterrupt()
                var keep = true
                for test in tests where try test(row, ctx).truth != true { keep = false; break }
                if keep { out.append(row) }
            }
            return out
        }
    }

    /// Inner joins only: every term goes where it first can; tables join in a greedy order,
    /// preferring a table connected by an equality to those already joined, smallest first.
    /// Source sets are bit masks: SQLite allows at most 64 tables in a join, and so do we.
    /// The closure returns the joined rows, or with a consumer hands them to it (and returns none).
    private func compileGreedy(sources: [FromSource], conjuncts: [Conjunct], scope: Scope) throws
        -> (ExecutionContext, ((Row) throws -> Void)?) throws -> [Row] {
        guard sources.count <= 64 else { throw error(.misuse, "at most 64 tables in a join") }
        let gate = constantGate(conjuncts)
        let filtered = try sources.map { try pushedFilter($0, conjuncts, scope: scope, alone: sources.count == 1) }
        let width = scope.width
        if sources.count == 1 {
            let produce = filtered[0]
            return { ctx, consume in
                guard try gate(ctx) else { return [] }
                let rows = try produce(ctx)
                guard let consume else { return rows }
                for row in rows { try consume(row) }
                return []
            }
        }
        func mask(_ set: Set<Int>) -> UInt64 { set.reduce(0) { $0 | (1 << UInt64($1)) } }
        let multi = conjuncts.filter { $0.sources.count > 1 }
        // Each source's own filters, for rows looked up by key rather than produced filtered.
        let localTests = try sources.map { source in
            try conjuncts.filter { $0.sources == [source.index] }
                .map { try compileCondition($0.expression, in: source.narrowScope).evaluate }
        }
        struct Equality {
            let term: Int
            let left: UInt64, right: UInt64
            let leftAffinity: Affinity?, rightAffinity: Affinity?
            let leftFull: (Row, ExecutionContext) throws -> Value
            let rightFull: (Row, ExecutionContext) throws -> Value
            /// Evaluators on the single source's own rows, when that side names one source.
            let leftNarrow: ((Row, ExecutionContext) throws -> Value)?
            let rightNarrow: ((Row, ExecutionContext) throws -> Value)?
            /// Looking a side's rows up by key, when that side is a looked-up column of a table.
            let leftLookup: ((ExecutionContext) -> (Value) throws -> [Row])?
            let rightLookup: ((ExecutionContext) -> (Value) throws -> [Row])?
        }
        var equalities: [Equality] = []
        for (i, term) in multi.enumerated() {
            guard case .binary(.equal, let le, let re) = term.expression else { continue }
            let l = try compileConjunct(le, in: scope), r = try compileConjunct(re, in: scope)
            guard !l.sources.isEmpty, !r.sources.isEmpty, l.sources.isDisjoint(with: r.sources) else { continue }
            guard comparisonCollation(l.compiled, r.compiled) == .binary else { continue }
            let leftNarrow = try l.sources.count == 1 ? l.sources.first.map { try compile(le, in: sources[$0].narrowScope).evaluate } : nil
            let rightNarrow = try r.sources.count == 1 ? r.sources.first.map { try compile(re, in: sources[$0].narrowScope).evaluate } : nil
            let leftLookup = l.sources.count == 1 ? l.sources.first.flatMap { keyLookup(sources[$0], le, localTests: localTests[$0]) } : nil
            let rightLookup = r.sources.count == 1 ? r.sources.first.flatMap { keyLookup(sources[$0], re, localTests: localTests[$0]) } : nil
            equalities.append(Equality(term: i, left: mask(l.sources), right: mask(r.sources),
                                       leftAffinity: l.compiled.affinity, rightAffinity: r.compiled.affinity,
                                       leftFull: l.compiled.evaluate, rightFull: r.compiled.evaluate,
                                       leftNarrow: leftNarrow, rightNarrow: rightNarrow,
                                       leftLookup: leftLookup, rightLookup: rightLookup))
        }
        let sourceOffsets = sources.map { scope.sources[$0.index].offset }
        let sourceWidths = sources.map { scope.sources[$0.index].width }
        let multiTests = multi.map(\.compiled.evaluate)
        let multiMasks = multi.map { mask($0.sources) }

        return { ctx, consume in
            guard try gate(ctx) else { return [] }
            var rowsBySource: [[Row]] = []
            rowsBySource.reserveCapacity(sources.count)
            for f in filtered {
                let rows = try f(ctx)
                if rows.isEmpty { return [] }
                rowsBySource.append(rows)
            }
            var joined: UInt64 = 0
            var applied = [Bool](repeating: false, count: multi.count)
            var start = 0
            for i in 1..<sources.count where rowsBySource[i].count < rowsBySource[start].count { start = i }
            let empty = Row(repeating: .null, count: width)
            var current: [Row] = rowsBySource[start].map { merge(empty, $0, at: sourceOffsets[start]) }
            joined |= 1 << UInt64(start)
            for step in 1..<sources.count {
                // Sources one equality away from the joined set.
                var connected: UInt64 = 0
                for eq in equalities where !applied[eq.term] {
                    if eq.right & ~joined == 0 && eq.left.nonzeroBitCount == 1 && eq.left & joined == 0 { connected |= eq.left }
                    if eq.left & ~joined == 0 && eq.right.nonzeroBitCount == 1 && eq.right & joined == 0 { connected |= eq.right }
                }
                var next = -1
                for i in 0..<sources.count where joined & (1 << UInt64(i)) == 0 {
                    let isConnected = connected & (1 << UInt64(i)) != 0
                    let nextConnected = next >= 0 && connected & (1 << UInt64(next)) != 0
                    if next < 0 || (isConnected && !nextConnected)
                        || (isConnected == nextConnected && rowsBySource[i].count < rowsBySource[next].count) {
                        next = i
                    }
                }
                let bit: UInt64 = 1 << UInt64(next)
                var keys: [EquiKey] = []
                for eq in equalities where !applied[eq.term] {
                    if eq.left == bit, eq.right & ~joined == 0, let newSide = eq.leftNarrow {
                        let (cl, cr) = Affinity.forComparison(eq.leftAffinity, eq.rightAffinity)
                        keys.append(EquiKey(newSide: newSide, joinedSide: eq.rightFull, convertNew: cl, convertJoined: cr,
                                            lookup: cl == nil ? eq.leftLookup?(ctx) : nil))
                        applied[eq.term] = true
                    } else if eq.right == bit, eq.left & ~joined == 0, let newSide = eq.rightNarrow {
                        let (cl, cr) = Affinity.forComparison(eq.leftAffinity, eq.rightAffinity)
                        keys.append(EquiKey(newSide: newSide, joinedSide: eq.leftFull, convertNew: cr, convertJoined: cl,
                                            lookup: cr == nil ? eq.rightLookup?(ctx) : nil))
                        applied[eq.term] = true
                    }
                }
                joined |= bit
                var tests: [(Row, ExecutionContext) throws -> Value] = []
                for t in 0..<multi.count where !applied[t] && multiMasks[t] & ~joined == 0 {
                    tests.append(multiTests[t])
                    applied[t] = true
                }
                // The last step hands its rows to the consumer, if there is one, as it makes them.
                let last = step == sources.count - 1
                current = try self.joinStep(current, rowsBySource[next], offset: sourceOffsets[next], width: sourceWidths[next],
                                            keys: keys, tests: tests, ctx: ctx, tableRows: sources[next].table?.count,
                                            consume: last ? consume : nil)
                if current.isEmpty { return [] }
            }
            return current
        }
    }

    /// Outer joins present: join in the order written; ON terms join, WHERE filters at the end.
    /// A RIGHT or FULL step also keeps the new source's unmatched rows, so its ON terms filter
    /// none of them beforehand.
    private func compileLeftToRight(sources: [FromSource], steps: [JoinStep], whereTerms: [Conjunct],
                                    scope: Scope) throws -> (ExecutionContext) throws -> [Row] {
        let width = scope.width
        struct Step {
            let produce: (ExecutionContext) throws -> [Row]
            let offset: Int
            let width: Int
            let left: Bool
            let right: Bool
            let keys: [EquiKey]
            let tests: [(Row, ExecutionContext) throws -> Value]
            let lookups: [(key: Int, lookup: ((ExecutionContext) -> (Value) throws -> [Row])?)]
            let table: Table?
            let lateral: ((Row, ExecutionContext) throws -> [Row])?
        }
        var compiledSteps: [Step] = []
        for (n, step) in steps.enumerated() {
            let source = sources[n]
            let terms = try (conjuncts(of: step.on) + step.implied).map { try compileConjunct($0, in: scope) }
            let keepsUnmatched = n > 0 && (step.kind == .right || step.kind == .full)
            // ON terms on the new source alone filter it before the join (unless its unmatched
            // rows are kept, or it is made per joined row: then every term tests the joined rows).
            let testsAll = keepsUnmatched || source.lateral != nil
            let produce = try pushedFilter(source, testsAll ? [] : terms, scope: scope)
            let localTests = testsAll ? [] : try terms.filter(source.isLocal)
                .map { try compileCondition($0.expression, in: source.narrowScope).evaluate }
            var lookups: [(key: Int, lookup: ((ExecutionContext) -> (Value) throws -> [Row])?)] = []
            var keys: [EquiKey] = []
            var tests: [(Row, ExecutionContext) throws -> Value] = []
            let before = Set(0..<source.covered.lowerBound)
            for term in terms where testsAll || !source.isLocal(term) {
                if source.lateral == nil, case .binary(.equal, let le, let re) = term.expression {
                    let l = try compileConjunct(le, in: scope), r = try compileConjunct(re, in: scope)
                    if comparisonCollation(l.compiled, r.compiled) == .binary {
                        if source.isLocal(l), r.sources.isSubset(of: before) {
                            let (cl, cr) = Affinity.forComparison(l.compiled.affinity, r.compiled.affinity)
                            keys.append(EquiKey(newSide: try compile(le, in: source.narrowScope).evaluate,
                                                joinedSide: r.compiled.evaluate, convertNew: cl, convertJoined: cr))
                            if cl == nil { lookups.append((keys.count - 1, keyLookup(source, le, localTests: localTests))) }
                            continue
                        }
                        if source.isLocal(r), l.sources.isSubset(of: before) {
                            let (cl, cr) = Affinity.forComparison(l.compiled.affinity, r.compiled.affinity)
                            keys.append(EquiKey(newSide: try compile(re, in: source.narrowScope).evaluate,
                                                joinedSide: l.compiled.evaluate, convertNew: cr, convertJoined: cl))
                            if cr == nil { lookups.append((keys.count - 1, keyLookup(source, re, localTests: localTests))) }
                            continue
                        }
                    }
                }
                tests.append(term.compiled.evaluate)
            }
            let (offset, sourceWidth) = source.placement(in: scope)
            compiledSteps.append(Step(produce: produce, offset: offset, width: sourceWidth,
                                      left: (step.kind == .left || step.kind == .full) && n > 0, right: keepsUnmatched,
                                      keys: keys, tests: tests, lookups: lookups, table: source.table, lateral: source.lateral))
        }
        let whereTests = whereTerms.map(\.compiled.evaluate)
        return { ctx in
            let empty = Row(repeating: .null, count: width)
            let first = compiledSteps[0]
            var current = try first.produce(ctx).map { merge(empty, $0, at: first.offset) }
            for step in compiledSteps.dropFirst() {
                if let lateral = step.lateral {
                    // Made again for each row joined so far, then joined with that row alone.
                    var joined: [Row] = []
                    for partial in current {
                        joined += try self.joinStep([partial], try lateral(partial, ctx), offset: step.offset, width: step.width,
                                                    keys: [], tests: step.tests, ctx: ctx, leftOuter: step.left)
                    }
                    current = joined
                    continue
                }
                let rows = try step.produce(ctx)
                var keys = step.keys
                for (k, lookup) in step.lookups { keys[k].lookup = lookup?(ctx) }
                current = try self.joinStep(current, rows, offset: step.offset, width: step.width, keys: keys,
                                            tests: step.tests, ctx: ctx, tableRows: step.table?.count, leftOuter: step.left,
                                            unmatchedBase: step.right ? empty : nil)
            }
            guard !whereTests.isEmpty else { return current }
            var out: [Row] = []
            for row in current {
                try ctx.checkInterrupt()
                var keep = true
                for test in whereTests where try test(row, ctx).truth != true { keep = false; break }
                if keep { out.append(row) }
            }
            return out
        }
    }

    /// Joins partial rows with a source's rows: by hash on the equality keys when there are any,
    /// else as a nested loop; `tests` then filter the combined rows. A LEFT join keeps unmatched
    /// partial rows; with `unmatchedBase` (a RIGHT or FULL join) the new source's unmatched rows
    /// follow, written into that all-NULL row.
    /// With `consume`, each combined row is written into one reused buffer and handed over
    /// (nothing is returned): a consumer that drops most rows costs no allocation per row.
    private func joinStep(_ current: [Row], _ rows: [Row], offset: Int, width: Int, keys: [EquiKey],
                          tests: [(Row, ExecutionContext) throws -> Value], ctx: ExecutionContext, tableRows: Int? = nil,
                          leftOuter: Bool = false, unmatchedBase: Row? = nil,
                          consume: ((Row) throws -> Void)? = nil) throws -> [Row] {
        var out: [Row] = []
        /// The new rows that joined some partial row (a RIGHT or FULL join only).
        var matchedNew = [Bool](repeating: false, count: unmatchedBase == nil ? 0 : rows.count)
        let tracksNew = unmatchedBase != nil
        /// The rows made, then the new source's unmatched rows when kept.
        func finished() -> [Row] {
            if let unmatchedBase {
                for (i, row) in rows.enumerated() where !matchedNew[i] { out.append(merge(unmatchedBase, row, at: offset)) }
            }
            return out
        }
        if consume == nil { out.reserveCapacity(max(current.count, rows.count)) }
        func passes(_ row: Row) throws -> Bool {
            for test in tests where try test(row, ctx).truth != true { return false }
            return true
        }
        var scratch: Row = []
        var scratchPartial = -1
        /// Partial row `p` with `row` at the offset, kept when the tests pass; true when kept.
        func combine(_ p: Int, _ row: Row) throws -> Bool {
            try ctx.checkInterrupt()
            guard let consume else {
                let combined = merge(current[p], row, at: offset)
                guard try passes(combined) else { return false }
                out.append(combined)
                return true
            }
            let partial = current[p]
            if scratch.count != partial.count {
                scratch = partial
                scratchPartial = p
            } else if scratchPartial != p {
                for j in 0..<min(offset, partial.count) { scratch[j] = partial[j] }
                for j in min(offset + row.count, partial.count)..<partial.count { scratch[j] = partial[j] }
                scratchPartial = p
            }
            for j in 0..<row.count { scratch[offset + j] = row[j] }
            guard try passes(scratch) else { return false }
            try consume(scratch)
            return true
        }
        /// A LEFT join's partial row that matched nothing.
        func keepUnmatched(_ p: Int) throws {
            if let consume { try consume(current[p]) } else { out.append(current[p]) }
        }
        if keys.isEmpty {
            for p in current.indices {
                var matched = false
                for (i, row) in rows.enumerated() where try combine(p, row) {
                    matched = true
                    if tracksNew { matchedNew[i] = true }
                }
                if leftOuter && !matched { try keepUnmatched(p) }
            }
            return finished()
        }
        // Build on the new source's rows, probe with the partial rows (their order is the output's).
        func hashJoin<Key: Hashable>(_ newKey: (Row) throws -> Key?, _ joinedKey: (Row) throws -> Key?) throws {
            if !leftOuter && rows.count > 4 * current.count {
                // Far fewer partial rows: hash those and stream the new source's rows past them,
                // so the output follows the larger (new) side's order.
                var table: [Key: [Int]] = [:]
                table.reserveCapacity(current.count)
                for (i, partial) in current.enumerated() {
                    try ctx.checkInterrupt()
                    if let key = try joinedKey(partial) { table[key, default: []].append(i) }
                }
                for (i, row) in rows.enumerated() {
                    try ctx.checkInterrupt()
                    guard let key = try newKey(row), let hits = table[key] else { continue }
                    for p in hits where try combine(p, row) {
                        if tracksNew { matchedNew[i] = true }
                    }
                }
                return
            }
            var table: [Key: [Int]] = [:]
            table.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() {
                try ctx.checkInterrupt()
                if let key = try newKey(row) { table[key, default: []].append(i) }
            }
            for p in current.indices {
                try ctx.checkInterrupt()
                var matched = false
                if let key = try joinedKey(current[p]), let hits = table[key] {
                    for i in hits where try combine(p, rows[i]) {
                        matched = true
                        if tracksNew { matchedNew[i] = true }
                    }
                }
                if leftOuter && !matched { try keepUnmatched(p) }
            }
        }
        /// One side's key value, converted for comparison; nil for NULL (which never joins).
        func value(_ e: (Row, ExecutionContext) throws -> Value, _ convert: Affinity?, _ row: Row) throws -> Value? {
            let v = try e(row, ctx)
            if v.isNull { return nil }
            return convert.map { $0.applyForComparison(v) } ?? v
        }
        if !tracksNew, let tableRows, let probe = keys.first(where: { $0.lookup != nil }), let lookup = probe.lookup,
           prefersLookup(partialRows: current.count, sourceRows: rows.count, tableRows: tableRows) {
            // Few partial rows: look each one's key up in the new table. The rows found are
            // those the hash join would pair with it (every key is compared the same way).
            for p in current.indices {
                var matched = false
                if let v = try value(probe.joinedSide, probe.convertJoined, current[p]) {
                    candidates: for row in try lookup(v) {
                        for k in keys {
                            guard let a = try value(k.newSide, k.convertNew, row), let b = try value(k.joinedSide, k.convertJoined, current[p]),
                                  a == b else { continue candidates }
                        }
                        if try combine(p, row) { matched = true }
                    }
                }
                if leftOuter && !matched { try keepUnmatched(p) }
            }
            return finished()
        }
        if keys.count == 1 {
            // One equality (the usual case): the value itself is the key, no array per row.
            let k = keys[0]
            try hashJoin({ try value(k.newSide, k.convertNew, $0) }, { try value(k.joinedSide, k.convertJoined, $0) })
        } else {
            func composite(_ side: @escaping (EquiKey) -> ((Row, ExecutionContext) throws -> Value, Affinity?)) -> (Row) throws -> [Value]? {
                { row in
                    var key: [Value] = []
                    key.reserveCapacity(keys.count)
                    for k in keys {
                        let (e, convert) = side(k)
                        guard let v = try value(e, convert, row) else { return nil }
                        key.append(v)
                    }
                    return key
                }
            }
            try hashJoin(composite { ($0.newSide, $0.convertNew) }, composite { ($0.joinedSide, $0.convertJoined) })
        }
        return finished()
    }
}

extension Compiler {
    /// For `expression` naming one column of a table source that its rowid or an index (first
    /// column, BINARY) can look up: a function from a key value to the table's rows with that
    /// key which pass the source's own filters. Made per execution (`ctx`).
    fileprivate func keyLookup(_ source: FromSource, _ expression: Expression,
                               localTests: [(Row, ExecutionContext) throws -> Value]) -> ((ExecutionContext) -> (Value) throws -> [Row])? {
        guard let table = source.table, source.indexing == .automatic,
              case let .column(t, name, _) = expression,
              case let .column(column, _, _, _) = source.narrowScope.resolve(table: t, name: name) else { return nil }
        func passing(_ row: Row, _ ctx: ExecutionContext) throws -> Bool {
            for test in localTests where try test(row, ctx).truth != true { return false }
            return true
        }
        if column == table.columns.count || column == table.rowidColumn {
            return { ctx in
                { value in
                    let rowid: Int64
                    switch value {
                    case .integer(let i): rowid = i
                    case .real(let d) where d == d.rounded() && abs(d) < 9.2e18: rowid = Int64(d)
                    default: return []
                    }
                    guard let row = table.row(rowid: rowid), try passing(row, ctx) else { return [] }
                    return [row]
                }
            }
        }
        guard let index = table.indexes.first(where: { $0.columns.first == column && $0.collations[0] == .binary && !$0.isPartial })
        else { return nil }
        return { ctx in
            { value in
                var rows: [Row] = []
                for rowid in index.rowids(firstKeyEqualTo: value) {
                    if let row = table.row(rowid: rowid), try passing(row, ctx) { rows.append(row) }
                }
                return rows
            }
        }
    }
}

/// A partial row with a source's row written at its offset.
@inline(__always)
func merge(_ partial: Row, _ row: Row, at offset: Int) -> Row {
    var combined = partial
    for i in 0..<row.count { combined[offset + i] = row[i] }
    return combined
}
