// Choosing an index for a table's pushed-down filters: `col = x`, `col IN (...)`, ranges and
// BETWEEN on the first column of an index (or on the rowid). The index only narrows the rows;
// every filter still runs on them, so an index can never change an answer.

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
        if byColumn.isEmpty { return nil }
        let rowidColumn = table.columns.count  // the hidden rowid slot
        // Prefer the rowid, then a unique index, then any index; equality before ranges.
        func score(_ column: Int, unique: Bool) -> Int {
            let constraints = byColumn[column] ?? []
            let hasEqual = constraints.contains { if case .equal = $0 { return true } else { return false } }
            return (hasEqual ? 10 : 1) + (unique ? 5 : 0) + (column == rowidColumn ? 20 : 0)
        }
        var best: (column: Int, index: TableIndex?, score: Int)?
        for column in byColumn.keys {
            if column == rowidColumn || column == table.rowidColumn {
                let s = score(column, unique: true) + 20
                if s > (best?.score ?? Int.min) { best = (column, nil, s) }
                continue
            }
            for index in table.indexes where index.columns.first == column {
                let s = score(column, unique: index.unique && index.columns.count == 1)
                if s > (best?.score ?? Int.min) { best = (column, index, s) }
            }
        }
        guard let choice = best, let constraints = byColumn[choice.column] else { return nil }
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
        func column(_ e: Expression) -> (Int, CompiledExpression)? {
            guard case let .column(t, name, _) = e, case let .column(offset, _, affinity, collation) = scope.resolve(table: t, name: name) else {
                return nil
            }
            return (offset, CompiledExpression(affinity: affinity, collation: collation) { row, _ in row[offset] })
        }
        func probe(_ e: Expression, against c: CompiledExpression) throws -> ((ExecutionContext) throws -> Value)? {
            let saved = scope.usedSources
            scope.usedSources = []
            defer { scope.usedSources = saved }
            let compiled = try compile(e, in: scope)
            guard scope.usedSources.isEmpty else { return nil }
            let (convertColumn, convertProbe) = Affinity.forComparison(c.affinity, compiled.affinity)
            guard convertColumn == nil, comparisonCollation(c, compiled) == (c.collation ?? .binary) else { return nil }
            let f = compiled.evaluate
            return { ctx in
                let v = try f(ctx.outer.last ?? [], ctx)
                return convertProbe.map { $0.applyForComparison(v) } ?? v
            }
        }
        switch e {
        case let .binary(op, l, r) where op.isComparison && op != .notEqual && op != .isNot:
            var op = op
            var col = column(l)
            var other = r
            if col == nil, let c = column(r) {
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
            guard let (offset, compiled) = col, let f = try probe(other, against: compiled) else { return nil }
            switch op {
            case .equal: return (offset, .equal({ ctx in [try f(ctx)] }, matchesNull: false))
            case .is: return (offset, .equal({ ctx in [try f(ctx)] }, matchesNull: true))
            case .less: return (offset, .range(lower: nil, upper: (f, false)))
            case .lessEqual: return (offset, .range(lower: nil, upper: (f, true)))
            case .greater: return (offset, .range(lower: (f, false), upper: nil))
            case .greaterEqual: return (offset, .range(lower: (f, true), upper: nil))
            default: return nil
            }
        case let .between(x, low, high, false):
            guard let (offset, compiled) = column(x), let l = try probe(low, against: compiled),
                  let h = try probe(high, against: compiled) else { return nil }
            return (offset, .range(lower: (l, true), upper: (h, true)))
        case let .inList(x, items, false) where !items.isEmpty:
            guard let (offset, compiled) = column(x) else { return nil }
            var probes: [(ExecutionContext) throws -> Value] = []
            for item in items {
                guard let f = try probe(item, against: compiled) else { return nil }
                probes.append(f)
            }
            return (offset, .equal({ ctx in try probes.map { try $0(ctx) } }, matchesNull: false))
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
