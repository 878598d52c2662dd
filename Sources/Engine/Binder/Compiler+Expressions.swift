// Compiling expressions: names become row offsets, operators become closures, constants fold.

extension Compiler {
    func compile(_ expression: Expression, in scope: Scope) throws -> CompiledExpression {
        try StackGuard.check()
        switch expression {
        case .literal(let value):
            return .constant(value)

        case let .column(table, name, position):
            return try compileColumn(table: table, name: name, position: position, in: scope)

        case let .parameter(index, _):
            return CompiledExpression { _, ctx in index - 1 < ctx.parameters.count ? ctx.parameters[index - 1] : .null }

        case let .unary(op, operand):
            let inner = try compile(operand, in: scope)
            let f = inner.evaluate
            let result: CompiledExpression
            switch op {
            case .negate: result = CompiledExpression { row, ctx in Value.negate(try f(row, ctx)) }
            case .plus:
                // `+x` keeps the value but drops the column's affinity, as in SQLite.
                var e = CompiledExpression(f)
                e.collation = inner.collation
                result = e
            case .not: result = CompiledExpression { row, ctx in try f(row, ctx).truth.map { Value.boolean(!$0) } ?? .null }
            case .bitNot: result = CompiledExpression { row, ctx in Value.bitNot(try f(row, ctx)) }
            }
            return fold(result, inner.constant != nil)

        case let .binary(op, left, right):
            return try compileBinary(op, left, right, in: scope)

        case let .isNull(operand, negated):
            let f = try compile(operand, in: scope).evaluate
            return CompiledExpression { row, ctx in Value.boolean(try f(row, ctx).isNull != negated) }

        case let .between(operand, low, high, negated):
            // As a value, both bounds are computed (SQLite codes `x >= a AND x <= b`); as a
            // condition, compileCondition stops at the first bound that fails.
            return try compileBetween(operand, low, high, negated: negated, in: scope, shortCircuit: false)

        case let .inList(operand, items, negated):
            return try compileInList(operand, items, negated: negated, in: scope)

        case let .inSelect(operand, select, negated):
            return try compileInSelect(operand, select, negated: negated, in: scope)

        case let .inTable(operand, table, negated, position):
            let select = SelectStatement(body: .core(SelectCore(columns: [.all(position: position)],
                                                                from: .table(name: table, schema: nil, alias: nil, position: position))))
            return try compileInSelect(operand, select, negated: negated, in: scope)

        case let .exists(select, negated):
            let sub = try compileSubquery(select, in: scope)
            let run = sub.plan.execute
            if sub.correlated {
                return CompiledExpression { row, ctx in
                    let rows = try ctx.withOuter(row) { try run(ctx, 1) }
                    return Value.boolean(rows.isEmpty == negated)
                }
            }
            let cache = Cache<Value>()
            return CompiledExpression { _, ctx in
                try cache.get(ctx) { Value.boolean(try run(ctx, 1).isEmpty == negated) }
            }

        case .subquery(let select):
            let sub = try compileSubquery(select, in: scope)
            guard sub.plan.columns.count == 1 else {
                throw error(.mismatch, "sub-select returns \(sub.plan.columns.count) columns - expected 1")
            }
            let run = sub.plan.execute
            var result: CompiledExpression
            if sub.correlated {
                result = CompiledExpression { row, ctx in
                    let rows = try ctx.withOuter(row) { try run(ctx, 1) }
                    return rows.first?.first ?? .null
                }
            } else {
                let cache = Cache<Value>()
                result = CompiledExpression { _, ctx in try cache.get(ctx) { try run(ctx, 1).first?.first ?? .null } }
            }
            result.affinity = sub.plan.affinities.first ?? nil
            return result

        case let .function(call, position):
            return try compileFunction(call, position: position, in: scope)

        case let .cast(operand, type):
            let inner = try compile(operand, in: scope)
            let f = inner.evaluate
            let affinity = Affinity(declaredType: type.name)
            let convert: (Value) -> Value
            switch affinity {
            case .integer: convert = { $0.castToInteger() }
            case .real: convert = { $0.castToReal() }
            case .text: convert = { $0.castToText() }
            case .numeric: convert = { $0.castToNumeric() }
            case .blob: convert = { $0.castToBlob() }
            }
            var e = CompiledExpression(affinity: affinity) { row, ctx in convert(try f(row, ctx)) }
            e.collation = inner.collation
            return fold(e, inner.constant != nil)

        case let .caseWhen(base, branches, otherwise):
            return try compileCase(base: base, branches: branches, otherwise: otherwise, in: scope)

        case let .like(operand, pattern, escape, negated, kind):
            return try compileLike(operand, pattern, escape, negated: negated, kind: kind, in: scope)

        case let .collate(operand, name):
            guard let collation = Collation(name: name) else {
                throw error(.syntax, "no such collation sequence: \(name)")
            }
            var e = try compile(operand, in: scope)
            e.collation = collation
            e.explicitCollation = true
            return e

        case .row:
            // A row value only makes sense compared (compileBinary) or tested with IN.
            throw error(.misuse, "row value misused")

        case let .raise(kind, message):
            guard scope.isTriggerBody else {
                throw error(.misuse, "RAISE() may only be used within a trigger-program")
            }
            return CompiledExpression { _, _ in throw TriggerRaise(kind: kind, message: message ?? "") }
        }
    }

    /// Evaluates a constant expression once, at compile time, when evaluating it cannot fail.
    func fold(_ e: CompiledExpression, _ isConstant: Bool) -> CompiledExpression {
        guard isConstant, e.constant == nil, let dummy = database.foldingContext,
              let value = try? e.evaluate([], dummy) else { return e }
        var folded = CompiledExpression.constant(value)
        folded.affinity = e.affinity
        folded.collation = e.collation
        folded.explicitCollation = e.explicitCollation
        return folded
    }

    // MARK: Columns

    private func compileColumn(table: String?, name: String, position: Int, in scope: Scope) throws -> CompiledExpression {
        var offset: Int?
        return try compileColumn(table: table, name: name, position: position, in: scope, ownRowOffset: &offset)
    }

    /// Compiles an operand; `offset` is set when it reads one column of the query's own row and
    /// nothing else, which a comparison then reads in place instead of calling the closure.
    private func compileOperand(_ expression: Expression, in scope: Scope, ownRowOffset offset: inout Int?) throws -> CompiledExpression {
        if case let .column(table, name, position) = expression {
            return try compileColumn(table: table, name: name, position: position, in: scope, ownRowOffset: &offset)
        }
        return try compile(expression, in: scope)
    }

    private func compileColumn(table: String?, name: String, position: Int, in scope: Scope,
                               ownRowOffset: inout Int?) throws -> CompiledExpression {
        var depth = 0
        var current: Scope? = scope
        while let s = current {
            switch s.resolve(table: table, name: name) {
            case let .column(offset, source, affinity, collation):
                if table == nil, !s.sources[source].mergedColumns.isEmpty,
                   let merged = s.sources[source].mergedColumns[offset - s.sources[source].offset] {
                    return mergedColumnExpression(merged, resolvedIn: s, depth: depth, from: scope)
                }
                s.usedSources.insert(source)
                s.usedColumns.insert(offset)
                if let uses = columnUses { noteUse(uses, of: s.sources[source], offset: offset, at: position) }
                if depth == 0 {
                    ownRowOffset = offset
                    return CompiledExpression(affinity: affinity, collation: collation) { row, _ in row[offset] }
                }
                // A correlated reference: every scope between here and there reads outer rows.
                var inner: Scope? = scope
                for _ in 0..<depth { inner?.readsOuter = true; inner = inner?.parent }
                let d = depth
                return CompiledExpression(affinity: affinity, collation: collation) { _, ctx in
                    // Read in place: copying `ctx.outer` out would retain it on every row of
                    // a correlated subquery's scan.
                    let i = ctx.outer.count - d
                    return i >= 0 && offset < ctx.outer[i].count ? ctx.outer[i][offset] : .null
                }
            case .ambiguous:
                throw error(.ambiguous, "ambiguous column name: \(table.map { "\(ColumnQualifier.shown($0))." } ?? "")\(name)", at: position)
            case .none:
                // A result-column alias (only for unqualified names, in this query's own scope).
                if table == nil, depth == 0, !s.aliasesHidden, let aliased = s.aliases[asciiLowercased(name)] {
                    s.aliasesHidden = true
                    defer { s.aliasesHidden = false }
                    return try compile(aliased, in: s)
                }
            }
            depth += 1
            current = s.parent
        }
        if let table, !scopeChainHasSource(scope, named: table) {
            throw error(.unknownColumn, "no such column: \(ColumnQualifier.shown(table)).\(name)", at: position)
        }
        // A double-quoted name that names no column is a string, as SQLite reads it.
        if table == nil, writtenInDoubleQuotes(at: position) { return .constant(.text(name)) }
        let shown = table.map { "\(ColumnQualifier.shown($0)).\(name)" } ?? name
        throw error(.unknownColumn, "no such column: \(shown)", at: position)
    }

    /// Notes a reference written in the text being compiled that names `uses`'s column.
    private func noteUse(_ uses: ColumnUses, of source: ScopeSource, offset: Int, at position: Int) {
        guard expandingViews.isEmpty, pureContext == nil, source.table === uses.table,
              offset - source.offset == uses.column else { return }
        uses.positions.insert(position)
    }

    /// True when the statement's text has a double quote at `position` (a byte offset).
    private func writtenInDoubleQuotes(at position: Int) -> Bool {
        let bytes = sql.utf8
        guard position >= 0, position < bytes.count else { return false }
        return bytes[bytes.index(bytes.startIndex, offsetBy: position)] == UInt8(ascii: "\"")
    }

    private func scopeChainHasSource(_ scope: Scope, named table: String) -> Bool {
        var current: Scope? = scope
        while let s = current {
            if s.hasSource(named: table) { return true }
            current = s.parent
        }
        return false
    }

    // MARK: Operators

    private func compileBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, in scope: Scope) throws -> CompiledExpression {
        if op.isComparison && (Compiler.mayBeRowValue(left) || Compiler.mayBeRowValue(right)) {
            return try compileRowComparison(op, left, right, in: scope)
        }
        var leftColumn: Int?, rightColumn: Int?
        let l = try compileOperand(left, in: scope, ownRowOffset: &leftColumn)
        let r = try compileOperand(right, in: scope, ownRowOffset: &rightColumn)
        let bothConstant = l.constant != nil && r.constant != nil
        if op.isComparison {
            return fold(try comparison(op, l, r, leftColumn: leftColumn, rightColumn: rightColumn), bothConstant)
        }
        let a = l.evaluate, b = r.evaluate
        let result: CompiledExpression
        switch op {
        // As a value (a select list, an operand), SQLite computes both sides of AND and OR, so
        // an error on either side is raised; only an operand that is literally false makes
        // AND a constant 0 (sqlite3ExprAnd). Conditions short-circuit: see compileCondition.
        case .and:
            if isLiteralFalse(left) || isLiteralFalse(right) { return .constant(.integer(0)) }
            result = valueAnd(l, r)
        case .or:
            result = CompiledExpression { row, ctx in
                let x = try a(row, ctx).truth, y = try b(row, ctx).truth
                if x == true || y == true { return .integer(1) }
                if x == nil || y == nil { return .null }
                return .integer(0)
            }
        case .add: result = CompiledExpression { row, ctx in Value.add(try a(row, ctx), try b(row, ctx)) }
        case .subtract: result = CompiledExpression { row, ctx in Value.subtract(try a(row, ctx), try b(row, ctx)) }
        case .multiply: result = CompiledExpression { row, ctx in Value.multiply(try a(row, ctx), try b(row, ctx)) }
        case .divide: result = CompiledExpression { row, ctx in Value.divide(try a(row, ctx), try b(row, ctx)) }
        case .remainder: result = CompiledExpression { row, ctx in Value.remainder(try a(row, ctx), try b(row, ctx)) }
        case .concat:
            var e = CompiledExpression { row, ctx in try Value.concat(try a(row, ctx), try b(row, ctx)) }
            // Only a COLLATE written in an operand carries through ||; a column's declared
            // collation stops at the operator (sqlite3ExprCollSeq follows EP_Collate only).
            if let explicit = [l, r].first(where: \.explicitCollation) {
                e.collation = explicit.collation
                e.explicitCollation = true
            }
            result = e
        case .bitAnd, .bitOr, .shiftLeft, .shiftRight:
            result = CompiledExpression { row, ctx in Value.bitwise(try a(row, ctx), try b(row, ctx), op) }
        default:
            throw error(.syntax, "unsupported operator \(op.rawValue)")
        }
        return fold(result, bothConstant)
    }

    private func isLiteralFalse(_ e: Expression) -> Bool {
        if case .literal(.integer(0)) = e { return true }
        return false
    }

    /// A condition (WHERE, ON, HAVING, CASE WHEN, a trigger's WHEN): AND, OR and NOT decide as
    /// soon as one operand does, as SQLite's jumps do, so the other operand is not computed.
    func compileCondition(_ expression: Expression, in scope: Scope) throws -> CompiledExpression {
        switch expression {
        case let .binary(.and, left, right):
            return logicalAnd(try compileCondition(left, in: scope), try compileCondition(right, in: scope))
        case let .binary(.or, left, right):
            let a = try compileCondition(left, in: scope).evaluate, b = try compileCondition(right, in: scope).evaluate
            return CompiledExpression { row, ctx in
                let x = try a(row, ctx).truth
                if x == true { return .integer(1) }
                let y = try b(row, ctx).truth
                if y == true { return .integer(1) }
                if x == nil || y == nil { return .null }
                return .integer(0)
            }
        case let .unary(.not, operand):
            let f = try compileCondition(operand, in: scope).evaluate
            return CompiledExpression { row, ctx in try f(row, ctx).truth.map { Value.boolean(!$0) } ?? .null }
        case let .between(operand, low, high, negated):
            return try compileBetween(operand, low, high, negated: negated, in: scope, shortCircuit: true)
        default:
            return try compile(expression, in: scope)
        }
    }

    /// `x [NOT] BETWEEN a AND b` as `x >= a AND x <= b`, short-circuiting only as a condition.
    /// x is computed once per row, as SQLite keeps it in a register (exprCodeBetween): computed
    /// twice, a chain `x BETWEEN a AND b BETWEEN c AND d ...` would double its work per link.
    private func compileBetween(_ operand: Expression, _ low: Expression, _ high: Expression, negated: Bool,
                                in scope: Scope, shortCircuit: Bool) throws -> CompiledExpression {
        if [operand, low, high].contains(where: Compiler.mayBeRowValue) {
            // Row values: `(a, b) BETWEEN (1, 2) AND (3, 4)` compares the rows as wholes.
            let ge = try compileRowComparison(.greaterEqual, operand, low, in: scope)
            let le = try compileRowComparison(.lessEqual, operand, high, in: scope)
            let both = (shortCircuit ? logicalAnd(ge, le) : valueAnd(ge, le)).evaluate
            return CompiledExpression { row, ctx in try both(row, ctx).truth.map { Value.boolean($0 != negated) } ?? .null }
        }
        let (load, x) = computedOnce(try compile(operand, in: scope))
        let ge = try comparison(.greaterEqual, x, try compile(low, in: scope))
        let le = try comparison(.lessEqual, x, try compile(high, in: scope))
        let both = (shortCircuit ? logicalAnd(ge, le) : valueAnd(ge, le)).evaluate
        return CompiledExpression { row, ctx in
            try load(row, ctx)
            let truth = try both(row, ctx).truth
            return truth.map { Value.boolean($0 != negated) } ?? .null
        }
    }

    /// An operand an operator reads more than once per row (BETWEEN's x, CASE's base): `load`
    /// computes it and keeps the value, and `read` gives the value kept. A constant needs neither.
    /// The slot is safe to share: one compiled closure is never inside its own operand.
    func computedOnce(_ e: CompiledExpression) -> (load: (Row, ExecutionContext) throws -> Void, read: CompiledExpression) {
        if e.constant != nil { return ({ _, _ in }, e) }
        let slot = ValueSlot()
        let compute = e.evaluate
        var read = CompiledExpression(affinity: e.affinity, collation: e.collation) { _, _ in slot.value }
        read.explicitCollation = e.explicitCollation
        return ({ row, ctx in slot.value = try compute(row, ctx) }, read)
    }

    /// AND as a value: both operands are computed, so an error on either side is raised.
    func valueAnd(_ l: CompiledExpression, _ r: CompiledExpression) -> CompiledExpression {
        let a = l.evaluate, b = r.evaluate
        return CompiledExpression { row, ctx in
            let x = try a(row, ctx).truth, y = try b(row, ctx).truth
            if x == false || y == false { return .integer(0) }
            if x == nil || y == nil { return .null }
            return .integer(1)
        }
    }

    func logicalAnd(_ l: CompiledExpression, _ r: CompiledExpression) -> CompiledExpression {
        let a = l.evaluate, b = r.evaluate
        return CompiledExpression { row, ctx in
            let x = try a(row, ctx).truth
            if x == false { return .integer(0) }
            let y = try b(row, ctx).truth
            if y == false { return .integer(0) }
            if x == nil || y == nil { return .null }
            return .integer(1)
        }
    }

    /// The collation a comparison uses: an explicit COLLATE on either side, else the left
    /// operand's column collation, else the right's (datatype3.html, section 7.1).
    func comparisonCollation(_ l: CompiledExpression, _ r: CompiledExpression) -> Collation {
        if l.explicitCollation, let c = l.collation { return c }
        if r.explicitCollation, let c = r.collation { return c }
        return l.collation ?? r.collation ?? .binary
    }

    /// A comparison with SQLite's affinity conversions and collation; IS and IS NOT treat NULL as a value.
    /// `leftColumn` and `rightColumn`: the row offset an operand reads, when it is a column of
    /// the query's own row (see compileOperand).
    func comparison(_ op: BinaryOperator, _ l: CompiledExpression, _ r: CompiledExpression,
                    leftColumn: Int? = nil, rightColumn: Int? = nil) throws -> CompiledExpression {
        var (convertLeft, convertRight) = Affinity.forComparison(l.affinity, r.affinity)
        let collation = comparisonCollation(l, r)
        var l = l, r = r
        // A constant side is converted once, here, rather than on every row.
        if let c = convertRight, let v = r.constant { r = .constant(c.applyForComparison(v)); convertRight = nil }
        if let c = convertLeft, let v = l.constant { l = .constant(c.applyForComparison(v)); convertLeft = nil }
        let a = l.evaluate, b = r.evaluate
        guard let outcome = ComparisonOutcome(op) else { throw error(.syntax, "not a comparison: \(op.rawValue)") }
        let nullIsValue = op == .is || op == .isNot
        // `column = constant` with nothing to convert: Value's equality agrees with compare()
        // under BINARY (1 = 1.0, and no text equals a number), and is cheaper.
        if (op == .equal || op == .notEqual), collation == .binary, convertLeft == nil, convertRight == nil,
           let constant = r.constant, !constant.isNull {
            let wantEqual = op == .equal
            if let offset = leftColumn {
                return CompiledExpression { row, _ in
                    let x = row[offset]
                    if x.isNull { return .null }
                    return Value.boolean((x == constant) == wantEqual)
                }
            }
            return CompiledExpression { row, ctx in
                let x = try a(row, ctx)
                if x.isNull { return .null }
                return Value.boolean((x == constant) == wantEqual)
            }
        }
        // The commonest shapes read their operands in place: a column against a constant, and
        // a column against a column, each without a call per operand.
        if let offset = leftColumn, let constant = r.constant, convertRight == nil {
            return CompiledExpression { row, _ in
                compared(row[offset], constant, outcome, nullIsValue: nullIsValue, convertLeft, nil, collation)
            }
        }
        if let constant = l.constant, let offset = rightColumn, convertLeft == nil {
            return CompiledExpression { row, _ in
                compared(constant, row[offset], outcome, nullIsValue: nullIsValue, nil, convertRight, collation)
            }
        }
        if let left = leftColumn, let right = rightColumn {
            return CompiledExpression { row, _ in
                compared(row[left], row[right], outcome, nullIsValue: nullIsValue, convertLeft, convertRight, collation)
            }
        }
        return CompiledExpression { row, ctx in
            compared(try a(row, ctx), try b(row, ctx), outcome, nullIsValue: nullIsValue, convertLeft, convertRight, collation)
        }
    }

    // MARK: IN

    /// `x IN (a, b, ...)`: SQLite compares with the left operand's affinity and collation only
    /// (exprINAffinity), not pairwise as `x = a` would.
    private func compileInList(_ operand: Expression, _ items: [Expression], negated: Bool, in scope: Scope) throws -> CompiledExpression {
        if case .row = operand { return try compileRowInList(operand, items, negated: negated, in: scope) }
        let x = try compile(operand, in: scope)
        if items.isEmpty {
            // `x IN ()` is false and `x NOT IN ()` true, even when x is NULL.
            return .constant(Value.boolean(negated))
        }
        let compiled = try items.map { try compile($0, in: scope) }
        let f = x.evaluate
        let convert = Affinity.forComparison(x.affinity, nil).right
        let collation = x.explicitCollation ? (x.collation ?? .binary) : (x.collation ?? .binary)
        // All constants and binary collation: one hash lookup per row.
        if compiled.allSatisfy({ $0.constant != nil }), collation == .binary {
            var set = Set<Value>()
            var hasNull = false
            for item in compiled {
                guard var v = item.constant else { continue }
                if v.isNull { hasNull = true; continue }
                if let c = convert { v = c.applyForComparison(v) }
                set.insert(v)
            }
            return CompiledExpression { row, ctx in
                let v = try f(row, ctx)
                if v.isNull { return .null }
                if set.contains(v) { return Value.boolean(!negated) }
                return hasNull ? .null : Value.boolean(negated)
            }
        }
        let evaluators = compiled.map(\.evaluate)
        return CompiledExpression { row, ctx in
            let v = try f(row, ctx)
            if v.isNull { return .null }
            var sawNull = false
            for e in evaluators {
                var item = try e(row, ctx)
                if item.isNull { sawNull = true; continue }
                if let c = convert { item = c.applyForComparison(item) }
                if Value.compare(v, item, collation: collation) == 0 { return Value.boolean(!negated) }
            }
            return sawNull ? .null : Value.boolean(negated)
        }
    }

    private func compileInSelect(_ operand: Expression, _ select: SelectStatement, negated: Bool, in scope: Scope) throws -> CompiledExpression {
        if case .row = operand { return try compileRowInSelect(operand, select, negated: negated, in: scope) }
        let x = try compile(operand, in: scope)
        let sub = try compileSubquery(select, in: scope, list: true)
        guard sub.plan.columns.count == 1 else {
            throw error(.mismatch, "sub-select returns \(sub.plan.columns.count) columns - expected 1")
        }
        let subAffinity = sub.plan.affinities.first ?? nil
        let (convertLeft, convertRight) = Affinity.forComparison(x.affinity, subAffinity)
        // The collation as for `x = y`: an explicit COLLATE on either side, else x's, else the column's.
        let subCollation = sub.plan.collations.first ?? nil
        let subExplicit = sub.plan.explicitCollations.first ?? false
        let collation: Collation
        if x.explicitCollation, let c = x.collation { collation = c }
        else if subExplicit, let c = subCollation { collation = c }
        else { collation = x.collation ?? subCollation ?? .binary }
        let f = x.evaluate
        let run = sub.plan.execute
        func membership(_ v: Value, _ set: Set<Value>, _ hasNull: Bool, _ rows: [Row]) -> Value {
            if v.isNull { return rows.isEmpty ? Value.boolean(negated) : .null }
            var probe = v
            if let c = convertLeft { probe = c.applyForComparison(probe) }
            if set.contains(probe.collationKey(collation)) { return Value.boolean(!negated) }
            return hasNull ? .null : Value.boolean(negated)
        }
        func buildSet(_ rows: [Row]) -> (Set<Value>, Bool) {
            var set = Set<Value>()
            set.reserveCapacity(rows.count)
            var hasNull = false
            for row in rows {
                var v = row[0]
                if v.isNull { hasNull = true; continue }
                if let c = convertRight { v = c.applyForComparison(v) }
                set.insert(v.collationKey(collation))
            }
            return (set, hasNull)
        }
        if sub.correlated {
            return CompiledExpression { row, ctx in
                let v = try f(row, ctx)
                let rows = try ctx.withOuter(row) { try run(ctx, nil) }
                let (set, hasNull) = buildSet(rows)
                return membership(v, set, hasNull, rows)
            }
        }
        let cache = Cache<(Set<Value>, Bool, [Row])>()
        return CompiledExpression { row, ctx in
            let v = try f(row, ctx)
            let (set, hasNull, rows) = try cache.get(ctx) {
                let rows = try run(ctx, nil)
                let (s, n) = buildSet(rows)
                return (s, n, rows)
            }
            return membership(v, set, hasNull, rows)
        }
    }

    /// Compiles a subquery in a child scope and says whether it reads the enclosing row.
    /// `list`: its rows are a set (IN), else it gives one value or row (EXPLAIN QUERY PLAN tells them apart).
    func compileSubquery(_ select: SelectStatement, in scope: Scope, list: Bool = false) throws -> (plan: SelectPlan, correlated: Bool) {
        let plan = try planRecorder.map { try $0.subquery(list: list, key: ObjectIdentifier(select)) { try compileSelect(select, scope: scope) } }
            ?? compileSelect(select, scope: scope)
        return (plan, plan.readsOuter)
    }

    // MARK: CASE, LIKE

    private func compileCase(base: Expression?, branches: [(when: Expression, then: Expression)], otherwise: Expression?,
                             in scope: Scope) throws -> CompiledExpression {
        let elseValue = try otherwise.map { try compile($0, in: scope).evaluate }
        var conditions: [(Row, ExecutionContext) throws -> Value] = []
        var results: [(Row, ExecutionContext) throws -> Value] = []
        // The base is computed once per row and compared with each WHEN, as SQLite does.
        let baseOnce = try base.map { computedOnce(try compile($0, in: scope)) }
        let loadBase = baseOnce?.load
        for branch in branches {
            if let baseCompiled = baseOnce?.read {
                conditions.append(try comparison(.equal, baseCompiled, try compile(branch.when, in: scope)).evaluate)
            } else {
                conditions.append(try compileCondition(branch.when, in: scope).evaluate)
            }
            results.append(try compile(branch.then, in: scope).evaluate)
        }
        return CompiledExpression { row, ctx in
            try loadBase?(row, ctx)
            for i in 0..<conditions.count where try conditions[i](row, ctx).truth == true {
                return try results[i](row, ctx)
            }
            return try elseValue?(row, ctx) ?? .null
        }
    }

    private func compileLike(_ operand: Expression, _ pattern: Expression, _ escape: Expression?, negated: Bool,
                             kind: String, in scope: Scope) throws -> CompiledExpression {
        let x = try compile(operand, in: scope).evaluate
        let p = try compile(pattern, in: scope).evaluate
        let e = try escape.map { try compile($0, in: scope).evaluate }
        guard kind == "LIKE" || kind == "GLOB" else {
            throw error(.unknownFunction, "no such function: \(kind)")
        }
        let isLike = kind == "LIKE"
        let caseSensitive = database.settingIsOn("case_sensitive_like")
        return CompiledExpression { row, ctx in
            let value = try x(row, ctx), pat = try p(row, ctx)
            // The operator is the like() and glob() function with its arguments swapped.
            let matched = isLike ? try CoreFunctions.like(pat, value, try e?(row, ctx), hasEscape: e != nil, caseSensitive: caseSensitive)
                                 : try CoreFunctions.glob(pat, value)
            guard let truth = matched.truth else { return .null }
            return Value.boolean(truth != negated)
        }
    }
}

/// A value computed at most once per run of a compiled statement (uncorrelated subqueries):
/// a prepared statement runs its compiled plan again with new parameters and new data, so the
/// value belongs to the run's context.
final class Cache<T> {
    private var value: T?
    private var run: ExecutionContext?
    @inline(__always)
    func get(_ ctx: ExecutionContext, _ make: () throws -> T) rethrows -> T {
        if let value, run === ctx { return value }
        let v = try make()
        value = v
        run = ctx
        return v
    }
}

/// A value kept between computing an operand and the reads of it (see computedOnce).
final class ValueSlot {
    var value: Value = .null
}

/// One comparison of two operand values: NULL unless `nullIsValue` (IS, IS NOT), else the
/// operands converted by their affinities and compared under `collation`. Inlined into each
/// shape's closure in `comparison`.
@inline(__always) private func compared(_ x: Value, _ y: Value, _ outcome: ComparisonOutcome, nullIsValue: Bool,
                                        _ convertLeft: Affinity?, _ convertRight: Affinity?, _ collation: Collation) -> Value {
    if x.isNull || y.isNull {
        guard nullIsValue else { return .null }
        return Value.boolean(outcome.holds(x.isNull && y.isNull ? 0 : 1))
    }
    var x = x, y = y
    if let c = convertLeft { x = c.applyForComparison(x) }
    if let c = convertRight { y = c.applyForComparison(y) }
    return Value.boolean(outcome.holds(Value.compare(x, y, collation: collation)))
}

/// What a comparison's three-way result must be for it to hold, as a value tested inline per
/// row rather than a closure called per row.
private enum ComparisonOutcome {
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    init?(_ op: BinaryOperator) {
        switch op {
        case .equal, .is: self = .equal
        case .notEqual, .isNot: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        default: return nil
        }
    }

    @inline(__always) func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        }
    }
}
