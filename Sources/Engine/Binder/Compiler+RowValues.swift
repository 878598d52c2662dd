// Row values: `(a, b) = (1, 2)`, `<`, `<=`, `>`, `>=` compared left to right, IS and IS NOT,
// and IN with a list of rows or a subquery of several columns (SQLite's vector comparisons,
// rowvalue.html). Each pair of parts is compared with its own affinity and collation.

extension Compiler {
    /// The parts of a row operand, and what computes them first (a subquery's first row).
    struct RowOperand {
        var load: ((Row, ExecutionContext) throws -> Void)?
        var parts: [CompiledExpression]
    }

    /// Whether a comparison operand is a row value, or a subquery that may give several columns
    /// (decided by its result columns as written; one-column subqueries keep their usual path).
    static func mayBeRowValue(_ e: Expression) -> Bool {
        switch e {
        case .row: return true
        case .subquery(let select): return !selectsOneColumn(select.body)
        default: return false
        }
    }

    private static func selectsOneColumn(_ body: SelectBody) -> Bool {
        switch body {
        case .core(let core):
            guard core.columns.count == 1, case .expression = core.columns[0] else { return false }
            return true
        case .values(let rows): return rows.first?.count == 1
        case .compound(let first, _, _): return selectsOneColumn(first)
        }
    }

    /// `(a, b)`, a subquery's columns (its first row; NULLs when it has none), or one value.
    func rowOperand(_ e: Expression, in scope: Scope) throws -> RowOperand {
        switch e {
        case .row(let items):
            return RowOperand(load: nil, parts: try items.map { try compile($0, in: scope) })
        case .subquery(let select):
            let sub = try compileSubquery(select, in: scope)
            let count = sub.plan.columns.count
            let nulls = Row(repeating: .null, count: count)
            let slot = RowSlot()
            let run = sub.plan.execute
            let load: (Row, ExecutionContext) throws -> Void
            if sub.correlated {
                load = { row, ctx in slot.values = try ctx.withOuter(row) { try run(ctx, 1) }.first ?? nulls }
            } else {
                let cache = Cache<Row>()
                load = { _, ctx in slot.values = try cache.get(ctx) { try run(ctx, 1).first ?? nulls } }
            }
            let parts = (0..<count).map { i -> CompiledExpression in
                var part = CompiledExpression(affinity: sub.plan.affinities[i], collation: sub.plan.collations.count > i
                                              ? sub.plan.collations[i] : nil) { _, _ in i < slot.values.count ? slot.values[i] : .null }
                part.explicitCollation = sub.plan.explicitCollations.count > i && sub.plan.explicitCollations[i]
                return part
            }
            return RowOperand(load: load, parts: parts)
        default:
            return RowOperand(load: nil, parts: [try compile(e, in: scope)])
        }
    }

    /// Both sides of a comparison must have as many parts (SQLite says no more than this).
    @inline(never)
    private func sizeError() -> SQLError { error(.misuse, "row value misused") }

    func compileRowComparison(_ op: BinaryOperator, _ left: Expression, _ right: Expression,
                              in scope: Scope) throws -> CompiledExpression {
        let l = try rowOperand(left, in: scope)
        let r = try rowOperand(right, in: scope)
        guard l.parts.count == r.parts.count else { throw sizeError() }
        let loads = [l.load, r.load].compactMap { $0 }
        let compare = try rowComparison(op, l.parts, r.parts)
        guard !loads.isEmpty else { return compare }
        let f = compare.evaluate
        return CompiledExpression { row, ctx in
            for load in loads { try load(row, ctx) }
            return try f(row, ctx)
        }
    }

    /// Pairwise: `=` is false when a pair is false, else NULL when a pair is NULL; `<` and the
    /// other orderings decide at the first pair that is not equal (NULL there gives NULL), with
    /// the strict operator before the last pair; IS holds when every pair IS.
    private func rowComparison(_ op: BinaryOperator, _ l: [CompiledExpression], _ r: [CompiledExpression]) throws -> CompiledExpression {
        if l.count == 1 { return try comparison(op, l[0], r[0]) }
        switch op {
        case .equal, .notEqual:
            let pairs = try zip(l, r).map { try comparison(.equal, $0, $1).evaluate }
            let negated = op == .notEqual
            return CompiledExpression { row, ctx in
                var sawNull = false
                for pair in pairs {
                    switch try pair(row, ctx).truth {
                    case false?: return Value.boolean(negated)
                    case nil: sawNull = true
                    case true?: break
                    }
                }
                return sawNull ? .null : Value.boolean(!negated)
            }
        case .is, .isNot:
            let pairs = try zip(l, r).map { try comparison(.is, $0, $1).evaluate }
            let negated = op == .isNot
            return CompiledExpression { row, ctx in
                for pair in pairs where try pair(row, ctx).truth != true { return Value.boolean(negated) }
                return Value.boolean(!negated)
            }
        default:
            let strict: BinaryOperator = (op == .less || op == .lessEqual) ? .less : .greater
            let equals = try zip(l, r).map { try comparison(.equal, $0, $1).evaluate }
            let orders = try zip(l, r).enumerated().map { i, pair in
                try comparison(i == l.count - 1 ? op : strict, pair.0, pair.1).evaluate
            }
            return CompiledExpression { row, ctx in
                for i in 0..<(orders.count - 1) {
                    switch try equals[i](row, ctx).truth {
                    case true?: continue
                    case nil: return .null
                    case false?: return try orders[i](row, ctx)
                    }
                }
                return try orders[orders.count - 1](row, ctx)
            }
        }
    }

    /// `(a, b) IN ((1, 2), (3, 4))`: true when a row is equal, else NULL when one compares NULL.
    func compileRowInList(_ operand: Expression, _ items: [Expression], negated: Bool,
                          in scope: Scope) throws -> CompiledExpression {
        let x = try rowOperand(operand, in: scope)
        var tests: [(Row, ExecutionContext) throws -> Value] = []
        for item in items {
            let y = try rowOperand(item, in: scope)
            guard y.parts.count == x.parts.count else {
                if case .row = item {
                    throw error(.misuse, "IN(...) element has \(y.parts.count) terms - expected \(x.parts.count)")
                }
                throw sizeError()
            }
            let compare = try rowComparison(.equal, x.parts, y.parts).evaluate
            if let load = y.load {
                tests.append { row, ctx in try load(row, ctx); return try compare(row, ctx) }
            } else {
                tests.append(compare)
            }
        }
        let load = x.load
        return CompiledExpression { row, ctx in
            try load?(row, ctx)
            var sawNull = false
            for test in tests {
                switch try test(row, ctx).truth {
                case true?: return Value.boolean(!negated)
                case nil: sawNull = true
                case false?: break
                }
            }
            return sawNull ? .null : Value.boolean(negated)
        }
    }

    /// `(a, b) IN (SELECT x, y ...)`: the subquery's rows are hashed once (once per outer row
    /// when correlated); a probe or a row holding NULL falls back to comparing pair by pair.
    func compileRowInSelect(_ operand: Expression, _ select: SelectStatement, negated: Bool,
                            in scope: Scope) throws -> CompiledExpression {
        let x = try rowOperand(operand, in: scope)
        let sub = try compileSubquery(select, in: scope, list: true)
        let n = x.parts.count
        guard sub.plan.columns.count == n else {
            throw error(.mismatch, "sub-select returns \(sub.plan.columns.count) columns - expected \(n)")
        }
        // Per column: conversions and collation as `a = x` would use them.
        var converts: [(left: Affinity?, right: Affinity?)] = []
        var collations: [Collation] = []
        for i in 0..<n {
            let part = x.parts[i]
            converts.append(Affinity.forComparison(part.affinity, sub.plan.affinities[i]))
            let subCollation = i < sub.plan.collations.count ? sub.plan.collations[i] : nil
            let subExplicit = i < sub.plan.explicitCollations.count && sub.plan.explicitCollations[i]
            if part.explicitCollation, let c = part.collation { collations.append(c) }
            else if subExplicit, let c = subCollation { collations.append(c) }
            else { collations.append(part.collation ?? subCollation ?? .binary) }
        }
        let parts = x.parts.map(\.evaluate)
        let load = x.load
        let run = sub.plan.execute
        struct Members { var keys: Set<[Value]>; var withNull: [Row] }
        func members(_ rows: [Row]) -> Members {
            var m = Members(keys: [], withNull: [])
            for row in rows {
                if row.contains(where: \.isNull) { m.withNull.append(row); continue }
                m.keys.insert((0..<n).map { i in
                    var v = row[i]
                    if let c = converts[i].right { v = c.applyForComparison(v) }
                    return v.collationKey(collations[i])
                })
            }
            return m
        }
        func membership(_ probe: Row, _ m: Members, _ rows: [Row]) -> Value {
            var key: [Value] = []
            key.reserveCapacity(n)
            var probeHasNull = false
            for i in 0..<n {
                var v = probe[i]
                if v.isNull { probeHasNull = true; break }
                if let c = converts[i].left { v = c.applyForComparison(v) }
                key.append(v.collationKey(collations[i]))
            }
            if !probeHasNull && m.keys.contains(key) { return Value.boolean(!negated) }
            if !probeHasNull && m.withNull.isEmpty { return Value.boolean(negated) }
            // Some pair compares NULL: a row is "maybe equal" unless one of its pairs differs.
            var sawNull = false
            for row in probeHasNull ? rows : m.withNull {
                var differs = false, unknown = false
                for i in 0..<n {
                    var a = probe[i], b = row[i]
                    if a.isNull || b.isNull { unknown = true; continue }
                    if let c = converts[i].left { a = c.applyForComparison(a) }
                    if let c = converts[i].right { b = c.applyForComparison(b) }
                    if Value.compare(a, b, collation: collations[i]) != 0 { differs = true; break }
                }
                if !differs && !unknown { return Value.boolean(!negated) }
                if !differs { sawNull = true }
            }
            return sawNull ? .null : Value.boolean(negated)
        }
        func probe(_ row: Row, _ ctx: ExecutionContext) throws -> Row {
            try load?(row, ctx)
            return try parts.map { try $0(row, ctx) }
        }
        if sub.correlated {
            return CompiledExpression { row, ctx in
                let p = try probe(row, ctx)
                let rows = try ctx.withOuter(row) { try run(ctx, nil) }
                return membership(p, members(rows), rows)
            }
        }
        let cache = Cache<(Members, [Row])>()
        return CompiledExpression { row, ctx in
            let p = try probe(row, ctx)
            let (m, rows) = try cache.get(ctx) {
                let rows = try run(ctx, nil)
                return (members(rows), rows)
            }
            return membership(p, m, rows)
        }
    }
}

/// The first row of a subquery used as a row value, read by its parts.
final class RowSlot {
    var values: Row = []
}
