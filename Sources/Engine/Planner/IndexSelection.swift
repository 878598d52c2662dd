// Choosing an index for a table's pushed-down filters: `col = x`, `col IN (...)`, ranges and
// BETWEEN on the first column of an index (or on the rowid), or on the expression an index's
// first key term is; a partial index only when the filters imply its WHERE. The index only
// narrows the rows; every filter still runs on them, so an index can never change an answer.

/// What one term asks of one column, with probe values computed at run time.
private enum KeyConstraint {
    /// One value, or an IN list; `IS` also finds NULLs where `=` never does.
    case equal((ExecutionContext) throws -> [Value], matchesNull: Bool)
    case range(lower: ((ExecutionContext) throws -> Value, inclusive: Bool)?, upper: ((ExecutionContext) throws -> Value, inclusive: Bool)?)
}

extension Compiler {
    /// Rows of `table` that may satisfy `terms`, found through an index; nil when no index helps.
    func indexLookup(table: Table, terms: [Conjunct], narrowScope: Scope) throws -> ((ExecutionContext) throws -> [Row])? {
        var byColumn: [Int: [KeyConstraint]] = [:]
        for term in terms {
            if let (column, constraint) = try keyConstraint(term.expression, table: table, scope: narrowScope) {
                byColumn[column, default: []].append(constraint)
            }
        }
        // Indexes whose first key term is an expression: the terms that constrain exactly it.
        var byExpressionIndex: [(index: TableIndex, constraints: [KeyConstraint])] = []
        let hasComputedIndexes = table.indexes.contains { $0.computed != nil }
        if hasComputedIndexes {
            for index in table.indexes where index.columns.first == TableIndex.expressionColumn {
                guard let shape = index.expressionShape(0, table: table),
                      partialIndexUsable(index, table: table, terms: terms, scope: narrowScope) else { continue }
                var constraints: [KeyConstraint] = []
                for term in terms {
                    if let constraint = try keyConstraint(term.expression, scope: narrowScope, target: { e in
                        guard self.queryShape(strippingCollate(e), scope: narrowScope) == shape else { return nil }
                        return (try self.compile(e, in: narrowScope), index.collations[0])
                    }) {
                        constraints.append(constraint)
                    }
                }
                if !constraints.isEmpty { byExpressionIndex.append((index, constraints)) }
            }
        }
        if byColumn.isEmpty && byExpressionIndex.isEmpty { return nil }
        let rowidColumn = table.columns.count  // the hidden rowid slot
        // Prefer the rowid, then a unique index, then any index; equality before ranges.
        func score(_ constraints: [KeyConstraint], unique: Bool, rowid: Bool) -> Int {
            let hasEqual = constraints.contains { if case .equal = $0 { return true } else { return false } }
            return (hasEqual ? 10 : 1) + (unique ? 5 : 0) + (rowid ? 20 : 0)
        }
        var best: (constraints: [KeyConstraint], index: TableIndex?, score: Int)?
        for (column, constraints) in byColumn {
            if column == rowidColumn || column == table.rowidColumn {
                let s = score(constraints, unique: true, rowid: column == rowidColumn) + 20
                if s > (best?.score ?? Int.min) { best = (constraints, nil, s) }
                continue
            }
            for index in table.indexes where index.columns.first == column {
                if hasComputedIndexes && !partialIndexUsable(index, table: table, terms: terms, scope: narrowScope) { continue }
                let s = score(constraints, unique: index.unique && index.columns.count == 1, rowid: false)
                if s > (best?.score ?? Int.min) { best = (constraints, index, s) }
            }
        }
        for (index, constraints) in byExpressionIndex {
            let s = score(constraints, unique: index.unique && index.columns.count == 1, rowid: false)
            if s > (best?.score ?? Int.min) { best = (constraints, index, s) }
        }
        guard let choice = best else { return nil }
        let constraints = choice.constraints
        let equal = constraints.first { if case .equal = $0 { return true } else { return false } }
        let chosen = equal ?? constraints[0]
        // Several range terms on the column tighten one range.
        var lowers: [((ExecutionContext) throws -> Value, inclusive: Bool)] = []
        var uppers: [((ExecutionContext) throws -> Value, inclusive: Bool)] = []
        if equal == nil {
            for case let .range(lower, upper) in constraints {
                if let lower { lowers.append(lower) }
                if let upper { uppers.append(upper) }
            }
        }
        let index = choice.index
        noteIndexSearch(IndexSearchChoice(index: index, column: index?.columns.first ?? rowidColumn, equality: equal != nil,
                                          lower: !lowers.isEmpty, upper: !uppers.isEmpty), scope: narrowScope)
        return { ctx in
            if table.count < 16 { return table.allRows }
            var rowids: [Int64] = []
            // Rows come in the index's order, as SQLite's index loop reads them (key, then
            // rowid; an IN list's values in ascending order, each once).
            switch chosen {
            case .equal(let probes, let matchesNull):
                var values = try probes(ctx).filter { matchesNull || !$0.isNull }
                if values.count > 1 {
                    let collation = index?.collations[0] ?? .binary
                    values.sort { Value.compare($0, $1, collation: collation) < 0 }
                    var distinct: [Value] = []
                    for v in values where distinct.last.map({ Value.compare($0, v, collation: collation) != 0 }) ?? true {
                        distinct.append(v)
                    }
                    values = distinct
                }
                guard let index else {
                    // Rowids: one descent each, straight to the row (a point query's path).
                    for probe in values {
                        if case .integer(let r) = Affinity.integer.apply(probe) { rowids.append(r) }
                    }
                    if rowids.count > 1 { rowids = Array(Set(rowids)).sorted() }
                    return rowids.compactMap { table.row(rowid: $0) }
                }
                for probe in values { rowids += index.rowids(firstKeyEqualTo: probe) }
            case .range:
                var low: (Value, Bool)?
                var high: (Value, Bool)?
                for (f, inclusive) in lowers {
                    let v = try f(ctx)
                    if v.isNull { return [] }
                    if let l = low, Value.compare(v, l.0) < 0 || (Value.compare(v, l.0) == 0 && inclusive) { continue }
                    low = (v, inclusive)
                }
                for (f, inclusive) in uppers {
                    let v = try f(ctx)
                    if v.isNull { return [] }
                    if let h = high, Value.compare(v, h.0) > 0 || (Value.compare(v, h.0) == 0 && inclusive) { continue }
                    high = (v, inclusive)
                }
                if let index {
                    rowids = index.rowids(firstKeyBetween: low, and: high)
                } else {
                    return try rowidRange(table, low: low, high: high)
                }
            }
            var rows: [Row] = []
            rows.reserveCapacity(rowids.count)
            for r in rowids { if let row = table.row(rowid: r) { rows.append(row) } }
            return rows
        }
    }

    /// `col op expr` (either way round), `col BETWEEN a AND b` or `col IN (...)`, where expr reads
    /// no column of this table and the comparison needs no conversion on the column's side.
    private func keyConstraint(_ e: Expression, table: Table, scope: Scope) throws -> (Int, KeyConstraint)? {
        var offset: Int?
        let constraint = try keyConstraint(e, scope: scope) { e in
            guard case let .column(t, name, _) = e, case let .column(c, _, affinity, collation) = scope.resolve(table: t, name: name) else {
                return nil
            }
            offset = c
            return (CompiledExpression(affinity: affinity, collation: collation) { row, _ in row[c] }, collation ?? .binary)
        }
        guard let constraint, let offset else { return nil }
        return (offset, constraint)
    }

    /// The same for the key `target` recognises (a column, or an index's expression): it gives
    /// the key side compiled and the collation the comparison must have to use the index.
    private func keyConstraint(_ e: Expression, scope: Scope,
                               target: (Expression) throws -> (CompiledExpression, Collation)?) throws -> KeyConstraint? {
        func column(_ e: Expression) throws -> (CompiledExpression, Collation)? { try target(e) }
        func probe(_ e: Expression, against key: (CompiledExpression, Collation)) throws -> ((ExecutionContext) throws -> Value)? {
            let (c, collation) = key
            let saved = scope.usedSources
            scope.usedSources = []
            defer { scope.usedSources = saved }
            let compiled = try compile(e, in: scope)
            guard scope.usedSources.isEmpty else { return nil }
            let (convertColumn, convertProbe) = Affinity.forComparison(c.affinity, compiled.affinity)
            guard convertColumn == nil, comparisonCollation(c, compiled) == collation else { return nil }
            let f = compiled.evaluate
            return { ctx in
                let v = try f(ctx.outer.last ?? [], ctx)
                return convertProbe.map { $0.applyForComparison(v) } ?? v
            }
        }
        switch e {
        case let .binary(op, l, r) where op.isComparison && op != .notEqual && op != .isNot:
            var op = op
            var col = try column(l)
            var other = r
            if col == nil, let c = try column(r) {
                col = c
                other = l
                switch op {
                case .less: op = .greater
                case .lessEqual: op = .greaterEqual
                case .greater: op = .less
                case .greaterEqual: op = .lessEqual
                default: break
                }
            }
            guard let key = col, let f = try probe(other, against: key) else { return nil }
            switch op {
            case .equal: return .equal({ ctx in [try f(ctx)] }, matchesNull: false)
            case .is: return .equal({ ctx in [try f(ctx)] }, matchesNull: true)
            case .less: return .range(lower: nil, upper: (f, false))
            case .lessEqual: return .range(lower: nil, upper: (f, true))
            case .greater: return .range(lower: (f, false), upper: nil)
            case .greaterEqual: return .range(lower: (f, true), upper: nil)
            default: return nil
            }
        case let .between(x, low, high, false):
            guard let key = try column(x), let l = try probe(low, against: key),
                  let h = try probe(high, against: key) else { return nil }
            return .range(lower: (l, true), upper: (h, true))
        case let .inList(x, items, false) where !items.isEmpty:
            guard let key = try column(x) else { return nil }
            var probes: [(ExecutionContext) throws -> Value] = []
            for item in items {
                guard let f = try probe(item, against: key) else { return nil }
                probes.append(f)
            }
            return .equal({ ctx in try probes.map { try $0(ctx) } }, matchesNull: false)
        default:
            return nil
        }
    }
}

extension TableIndex {
    /// Rowids of the entries whose first key column equals `value` (this index's collation).
    func rowids(firstKeyEqualTo value: Value) -> [Int64] {
        let collation = collations[0]
        var out: [Int64] = []
        forEachEntry(firstKeyIsBelow: { Value.compare($0, value, collation: collation) < 0 }) { entry in
            guard Value.compare(entry.first, value, collation: collation) == 0 else { return false }
            out.append(entry.rowid)
            return true
        }
        return out
    }

    /// Rowids of the entries whose first key column lies between the bounds (each inclusive
    /// or not); NULL keys, which sort first, never qualify.
    func rowids(firstKeyBetween low: (Value, Bool)?, and high: (Value, Bool)?) -> [Int64] {
        let collation = collations[0]
        var out: [Int64] = []
        forEachEntry(firstKeyIsBelow: { key in
            if key.isNull { return true }
            guard let (v, inclusive) = low else { return false }
            let c = Value.compare(key, v, collation: collation)
            return c < 0 || (c == 0 && !inclusive)
        }) { entry in
            if let (v, inclusive) = high {
                let c = Value.compare(entry.first, v, collation: collation)
                if c > 0 || (c == 0 && !inclusive) { return false }
            }
            out.append(entry.rowid)
            return true
        }
        return out
    }
}

/// Rows whose rowid lies between the bounds, found from the lower bound in O(log n).
private func rowidRange(_ table: Table, low: (Value, Bool)?, high: (Value, Bool)?) throws -> [Row] {
    var out: [Row] = []
    // The first rowid the lower bound admits (a real bound rounds up; text is above every rowid).
    var start: Int64?
    if let (v, _) = low {
        switch v {
        case .integer(let i): start = i
        case .real(let d):
            if d.isNaN { return [] }
            if d <= -9.2e18 { start = nil } else if d >= 9.2e18 { return [] } else { start = Int64(d.rounded(.down)) }
        case .null: return []
        default: return []
        }
    }
    table.forEachRow(fromRowid: start) { row in
        let r = Value.integer(Table.rowid(of: row))
        if let (v, inclusive) = low {
            let c = Value.compare(r, v)
            if c < 0 || (c == 0 && !inclusive) { return true }
        }
        if let (v, inclusive) = high {
            let c = Value.compare(r, v)
            if c > 0 || (c == 0 && !inclusive) { return false }
        }
        out.append(row)
        return true
    }
    return out
}
