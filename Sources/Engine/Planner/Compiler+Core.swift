// One SELECT core: FROM and WHERE, grouping and aggregates, window functions, projection,
// DISTINCT, ORDER BY and LIMIT.

extension Compiler {
    /// With `aggregateForced`, the query is an aggregate query even when none of its own
    /// expressions calls one: a subquery in it aggregates its columns (see `outerAggregateFound`).
    func compileCore(_ core: SelectCore, parent: Scope?, orderBy: [OrderingTerm], limit: Expression?,
                     offset: Expression?, aggregateForced: Bool = false) throws -> SelectPlan {
        let scope = Scope(parent: parent)
        scope.isTriggerBody = parent?.isTriggerBody ?? false
        scope.namedWindows = core.windows
        let planMark = planRecorder?.mark()
        // Result-column aliases are visible to WHERE, GROUP BY, HAVING and ORDER BY.
        for column in core.columns {
            if case let .expression(e, alias?, _) = column { scope.aliases[asciiLowercased(alias)] = e }
        }
        let (sources, steps) = try compileFrom(core.from, into: scope)
        let order = sources.count == 1 && core.groupBy.isEmpty
            ? sources[0].table.flatMap { indexOrder(for: orderBy, table: $0, scope: scope, outputs: core.columns) } : nil
        let (produceRows, streamRows, ordered) = try compileJoin(sources: sources, steps: steps, whereClause: core.whereClause,
                                                     scope: scope, order: order)

        let outputExpressions = try expandColumns(core.columns, scope: scope)
        if outputExpressions.count > Limits.columns { throw error(.misuse, "too many columns in result set") }
        // An aggregate whose arguments read only an enclosing query's columns is that query's.
        let isAggregate = aggregateForced || !core.groupBy.isEmpty
            || outputExpressions.contains { $0.expression.map { containsAggregate($0, ownedBy: scope) } ?? false }
            || (core.having.map { containsAggregate($0, ownedBy: scope) } ?? false)
            || (core.from == nil && orderBy.contains { containsAggregate($0.expression, ownedBy: scope) })
        // With a FROM clause, ORDER BY cannot make a query an aggregate one (SQLite: "misuse of
        // aggregate"); without one, SQLite takes it (`SELECT 1 ORDER BY count(*)` is 1).
        if !isAggregate, core.from != nil, let term = orderBy.first(where: { containsAggregate($0.expression, ownedBy: scope) }) {
            throw error(.misuse, "misuse of aggregate: \(aggregateName(in: term.expression) ?? "")()")
        }
        if core.having != nil && !isAggregate {
            throw error(.misuse, "a GROUP BY clause is required before HAVING")
        }
        let usesWindows = outputExpressions.contains { $0.expression.map(containsWindow) ?? false }
            || orderBy.contains { containsWindow($0.expression) }

        // GROUP BY terms: `GROUP BY 2` names an output column.
        let groupKeys: [CompiledExpression] = try core.groupBy.map { term in
            if let k = columnNumber(term) {
                guard k >= 1 && k <= outputExpressions.count else {
                    throw error(.syntax, "GROUP BY term out of range - should be between 1 and \(outputExpressions.count)")
                }
                let output = outputExpressions[Int(k - 1)]
                guard let e = output.expression else {
                    guard let direct = output.direct else { throw error(.syntax, "GROUP BY term \(k) names no column") }
                    return direct
                }
                if containsAggregate(e) { throw error(.misuse, "aggregate functions are not allowed in the GROUP BY clause") }
                return try compile(e, in: scope)
            }
            if containsAggregate(term) { throw error(.misuse, "aggregate functions are not allowed in the GROUP BY clause") }
            return try compile(term, in: scope)
        }

        let collector = isAggregate ? AggregateCollector(base: scope.width) : nil
        scope.aggregates = collector
        let windowCollector = usesWindows ? WindowCollector(base: scope.width) : nil
        scope.windows = windowCollector

        var outputs: [CompiledExpression] = []
        scope.takesOuterAggregates = !isAggregate
        scope.aliasesHidden = true
        for output in outputExpressions {
            if let e = output.expression { outputs.append(try compile(e, in: scope)) } else if let d = output.direct { outputs.append(d) }
        }
        scope.aliasesHidden = false
        let having = try core.having.map { try compileCondition($0, in: scope).evaluate }

        scope.takesOuterAggregates = false
        if scope.outerAggregateFound {
            if let planMark { planRecorder?.restore(planMark) }
            return try compileCore(core, parent: parent, orderBy: orderBy, limit: limit, offset: offset, aggregateForced: true)
        }

        // ORDER BY: an output number, an output alias, or any expression. An aggregate of this
        // query's columns in a subquery there is a misuse unless the query aggregates anyway.
        var orderKeys: [(output: Int?, expression: CompiledExpression?, key: SortKey)] = []
        for term in orderBy {
            var e = term.expression
            var collation: Collation?
            if case .collate(let inner, let name) = e {
                guard let c = Collation(name: name) else { throw error(.syntax, "no such collation sequence: \(name)") }
                collation = c
                e = inner
            }
            var output: Int?
            var compiled: CompiledExpression?
            if let k = columnNumber(e) {
                guard k >= 1 && k <= outputs.count else {
                    throw error(.syntax, "ORDER BY term out of range - should be between 1 and \(outputs.count)")
                }
                output = Int(k - 1)
            } else if case .column(nil, let name, _) = e,
                      let i = outputExpressions.firstIndex(where: { $0.alias.map { asciiLowercased($0) == asciiLowercased(name) } ?? false }) {
                output = i
            } else {
                compiled = try compile(e, in: scope)
            }
            let c = collation ?? (output.map { outputs[$0].collation } ?? compiled?.collation) ?? .binary
            orderKeys.append((output, compiled, SortKey(descending: term.descending,
                                                         nullsFirst: term.nullsFirst ?? !term.descending, collation: c)))
        }
        scope.aggregates = nil
        scope.windows = nil
        if let windowCollector { windowCollector.base = scope.width + (collector?.slots.count ?? 0) }

        let limitScope = Scope(parent: parent)
        let limitValueExpression = try limit.map { try compile($0, in: limitScope).evaluate }
        let offsetValueExpression = try offset.map { try compile($0, in: limitScope).evaluate }
        if limitScope.readsOuter { scope.readsOuter = true }

        let names = outputExpressions.map(\.name)
        let affinities = outputs.map(\.affinity)
        let evaluators = outputs.map(\.evaluate)
        let distinct = core.distinct
        let groupEvaluators = groupKeys.map(\.evaluate)
        let groupCollations = groupKeys.map { $0.collation ?? .binary }
        // Rows read in index order need no sort (unless grouping or windows reorder them).
        let presorted = ordered && !isAggregate && !usesWindows
        let sortKeys = presorted ? [] : orderKeys.map(\.key)
        let keySources = orderKeys.map { ($0.output, $0.expression?.evaluate) }
        let width = scope.width
        let distinctCollations = outputs.map { $0.collation ?? .binary }
        let distinctNeedsKeys = distinctCollations.contains { $0 != .binary }
        let simple = !isAggregate && !usesWindows && !distinct && (orderKeys.isEmpty || presorted)
        // Neither sorted nor grouped: the answer's first rows come from the first rows of the
        // FROM clause, and those from the first rows of its first source when the others join
        // it by LEFT JOINs (kept in its order). That source may then stop early.
        let prefixPreserving = !isAggregate && !usesWindows && orderKeys.isEmpty
        let budgetKey = prefixPreserving && steps.dropFirst().allSatisfy({ $0.kind == .left }) ? sources.first?.budgetKey : nil

        // ORDER BY with LIMIT straight over the FROM rows: they stream into a bounded heap, and
        // only those it keeps are ever copied.
        let streamsTopRows = !isAggregate && !usesWindows && !distinct && !simple && !sortKeys.isEmpty && limit != nil
        noteSorters(grouped: !groupKeys.isEmpty, distinct: distinct, ordered: !sortKeys.isEmpty)

        let plan = SelectPlan(columns: names, affinities: affinities, readsOuter: scope.readsOuter) { ctx, hint in
            let limitNumber = try limitValueExpression.map { try limitValue($0([], ctx)) }
            let offsetNumber = try offsetValueExpression.map { try limitValue($0([], ctx)) } ?? 0
            // Only OFFSET + LIMIT rows can be returned: the sort keeps just those.
            let keep = limitNumber.flatMap { l -> Int? in
                let (sum, overflow) = l.addingReportingOverflow(max(0, offsetNumber))
                return l < 0 || overflow ? nil : Int(sum)
            }
            /// The output columns of a row the query returns.
            func project(_ row: Row) throws -> Row {
                try ctx.checkInterrupt()
                var values: Row = []
                values.reserveCapacity(evaluators.count)
                for e in evaluators { values.append(try e(row, ctx)) }
                return values
            }
            /// ORDER BY with LIMIT: the rows pass through a bounded heap by their sort keys, and
            /// the output columns are computed for the rows kept only, as SQLite does (an error
            /// in a dropped row's output is not raised).
            func firstRows(_ keep: Int, of each: ((Row) throws -> Void) throws -> Void) throws -> [Row] {
                var top = TopRows(keep: keep, by: sortKeys)
                var keys: [Value] = []
                keys.reserveCapacity(keySources.count)
                try each { row in
                    try ctx.checkInterrupt()
                    keys.removeAll(keepingCapacity: true)
                    for (output, expression) in keySources {
                        if let output { keys.append(try evaluators[output](row, ctx)) }
                        else if let expression { keys.append(try expression(row, ctx)) }
                    }
                    top.offer(keys, row)
                }
                return try applyLimit(top.rowsInOrder(), limit: limitNumber, offset: offsetNumber).map(project)
            }
            /// The answer from the FROM clause's rows (filtered by WHERE).
            func answer(from fromRows: [Row]) throws -> [Row] {
                var rows = fromRows
                if let collector {
                    rows = try aggregate(rows, collector: collector, groupKeys: groupEvaluators, keyCollations: groupCollations,
                                         width: width, ctx: ctx)
                    if let having {
                        rows = try rows.filter { try having($0, ctx).truth == true }
                    }
                }
                if let windowCollector {
                    rows = try computeWindows(rows, collector: windowCollector, ctx: ctx)
                }

                if simple {
                    // No sort or grouping: project only the rows the limit lets through.
                    var end = rows.count
                    let start = offsetNumber > 0 ? Int(min(offsetNumber, Int64(rows.count))) : 0
                    if let l = limitNumber, l >= 0 { end = min(end, start + Int(min(l, Int64(rows.count)))) }
                    if let hint { end = min(end, start + hint) }
                    return start < end ? try rows[start..<end].map(project) : []
                }

                if let keep, !distinct {
                    // Aggregated or windowed rows with a LIMIT.
                    return try firstRows(keep) { consume in for row in rows { try consume(row) } }
                }
                var keyed: [(keys: [Value], row: Row)] = []
                keyed.reserveCapacity(rows.count)
                var seen = Set<Row>()
                for row in rows {
                    let values = try project(row)
                    if distinct {
                        let key = distinctNeedsKeys ? zip(values, distinctCollations).map { $0.collationKey($1) } : values
                        if !seen.insert(key).inserted { continue }
                    }
                    var keys: [Value] = []
                    keys.reserveCapacity(keySources.count)
                    for (output, expression) in keySources {
                        if let output { keys.append(values[output]) } else if let expression { keys.append(try expression(row, ctx)) }
                    }
                    keyed.append((keys, values))
                }
                try sortRows(&keyed, by: sortKeys, keep: keep, ctx: ctx)
                let limited = applyLimit(keyed.map(\.row), limit: limitNumber, offset: offsetNumber)
                if let hint, hint < limited.count { return Array(limited.prefix(hint)) }
                return limited
            }
            if streamsTopRows, let keep {
                return try firstRows(keep) { consume in try streamRows(ctx, consume) }
            }
            // Rows wanted: the LIMIT's, or fewer when the caller asks for fewer.
            var wanted = limitNumber.flatMap { $0 >= 0 ? Int(clamping: $0) : nil }
            if let hint { wanted = min(wanted ?? hint, hint) }
            if let budgetKey, let wanted {
                let offset = Int(clamping: max(0, offsetNumber))
                let (first, overflow) = offset.addingReportingOverflow(wanted)
                return try withGrowingBudget(for: budgetKey, first: overflow ? Int.max : first, wanted: wanted, ctx: ctx) {
                    try answer(from: produceRows(ctx))
                }
            }
            return try answer(from: produceRows(ctx))
        }
        // Only a plan whose own source stops early gains from a budget (over a table, every
        // retry would read the whole table again).
        plan.honorsRowHint = budgetKey != nil
        plan.collations = outputs.map(\.collation)
        plan.explicitCollations = outputs.map(\.explicitCollation)
        return plan
    }

    /// Output columns with `*` and `t.*` expanded: each is an expression to compile, or a direct column read.
    func expandColumns(_ columns: [ResultColumn], scope: Scope) throws
        -> [(name: String, alias: String?, expression: Expression?, direct: CompiledExpression?)] {
        var out: [(name: String, alias: String?, expression: Expression?, direct: CompiledExpression?)] = []
        for column in columns {
            switch column {
            case .all(let position):
                if scope.sources.isEmpty { throw error(.syntax, "no tables specified", at: position) }
                for source in scope.sources {
                    out += try directColumns(source, in: scope)
                    scope.usedColumns.formUnion(source.offset..<(source.offset + source.columns.count))
                }
            case let .allOf(table, position):
                guard let source = scope.sources.first(where: { $0.name.map { asciiLowercased($0) == asciiLowercased(table) } ?? false }) else {
                    throw error(.unknownTable, "no such table: \(table)", at: position)
                }
                out += try directColumns(source, includeHidden: true, in: scope)
                scope.usedColumns.formUnion(source.offset..<(source.offset + source.columns.count))
            case let .expression(e, alias, text):
                var name = alias ?? text
                if alias == nil, case .column(_, let columnName, _) = e { name = columnName }
                out.append((name, alias, e, nil))
            }
        }
        return out
    }

    /// A source's columns for `*` or `t.*` (with its hidden USING copies). USING columns that
    /// RIGHT and FULL joins merged read as unqualified names do (see Compiler+OuterJoin.swift).
    private func directColumns(_ source: ScopeSource, includeHidden: Bool = false, in scope: Scope) throws
        -> [(name: String, alias: String?, expression: Expression?, direct: CompiledExpression?)] {
        try source.columns.enumerated().compactMap { (i, name) in
            if !includeHidden && source.hidden.contains(i) || source.leftOutOfStar.contains(i) { return nil }
            if let merged = source.mergedColumns[i] {
                // Read as the unqualified name: ambiguous when another FROM item has it too.
                if case .ambiguous = scope.resolve(table: nil, name: name) {
                    throw error(.ambiguous, "ambiguous column name: \(name)")
                }
                return (name, nil, nil, mergedColumnExpression(merged, resolvedIn: scope, depth: 0, from: scope))
            }
            let offset = source.offset + i
            let e = CompiledExpression(affinity: source.affinities[i], collation: source.collations[i]) { row, _ in row[offset] }
            return (name, nil, nil, e)
        }
    }

    /// True when the expression calls an aggregate function outside any subquery or window.
    func containsAggregate(_ e: Expression) -> Bool {
        var found = false
        visit(e) { node in
            if case .function(let call, _) = node, call.window == nil {
                let n = call.star ? 0 : call.arguments.count
                if FunctionRegistry.aggregate(call.name, argumentCount: n) != nil
                    && (call.star || FunctionRegistry.scalar(call.name, argumentCount: n) == nil) {
                    found = true
                }
            }
        }
        return found
    }

    /// True when the expression calls an aggregate function that belongs to the query of
    /// `scope`: outside subqueries, and reading a column of that query or none (an aggregate of
    /// enclosing queries' columns only is theirs, as in SQLite).
    func containsAggregate(_ e: Expression, ownedBy scope: Scope) -> Bool {
        var found = false
        visit(e) { node in
            guard case .function(let call, _) = node else { return }
            if let window = call.window {
                // A window's PARTITION BY and ORDER BY are computed on the query's (grouped) rows.
                let terms = window.partitionBy + window.orderBy.map(\.expression)
                if terms.contains(where: { containsAggregate($0, ownedBy: scope) }) { found = true }
            } else if isAggregateCall(call), aggregateLevel(call, in: scope) == 0 {
                found = true
            }
        }
        return found
    }

    /// The name of the first aggregate call in the expression, for messages.
    private func aggregateName(in e: Expression) -> String? {
        var name: String?
        visit(e) { node in
            if name == nil, case .function(let call, _) = node, call.window == nil, isAggregateCall(call) { name = call.name }
        }
        return name
    }

    private func isAggregateCall(_ call: FunctionCall) -> Bool {
        let n = call.star ? 0 : call.arguments.count
        return FunctionRegistry.aggregate(call.name, argumentCount: n) != nil
            && (call.star || FunctionRegistry.scalar(call.name, argumentCount: n) == nil)
    }

    /// How many queries out from `scope` an aggregate call belongs: the nearest query whose
    /// columns its arguments read (0 when they read this query's, or no column at all).
    func aggregateLevel(_ call: FunctionCall, in scope: Scope) -> Int {
        var nearest: Int?
        for argument in call.arguments + (call.filter.map { [$0] } ?? []) {
            visit(argument) { node in
                guard case let .column(table, name, _) = node else { return }
                var depth = 0
                var current: Scope? = scope
                while let s = current {
                    if case .none = s.resolve(table: table, name: name) {
                        depth += 1
                        current = s.parent
                        continue
                    }
                    nearest = min(nearest ?? depth, depth)
                    return
                }
                nearest = 0  // Unknown here: compiled where written, which reports it.
            }
        }
        return nearest ?? 0
    }

    func containsWindow(_ e: Expression) -> Bool {
        var found = false
        visit(e) { node in
            if case .function(let call, _) = node, call.window != nil { found = true }
        }
        return found
    }

    /// Calls `body` on every node of an expression, not descending into subqueries.
    func visit(_ e: Expression, _ body: (Expression) -> Void) {
        body(e)
        switch e {
        case .literal, .column, .parameter, .raise, .exists, .subquery: break
        case .unary(_, let x), .isNull(let x, _), .cast(let x, _), .collate(let x, _), .inSelect(let x, _, _), .inTable(let x, _, _, _):
            visit(x, body)
        case .binary(_, let l, let r): visit(l, body); visit(r, body)
        case .between(let x, let l, let h, _): visit(x, body); visit(l, body); visit(h, body)
        case .inList(let x, let items, _): visit(x, body); items.forEach { visit($0, body) }
        case .row(let items): items.forEach { visit($0, body) }
        case .function(let call, _):
            call.arguments.forEach { visit($0, body) }
            if let f = call.filter { visit(f, body) }
        case .caseWhen(let base, let branches, let otherwise):
            if let base { visit(base, body) }
            for b in branches { visit(b.when, body); visit(b.then, body) }
            if let otherwise { visit(otherwise, body) }
        case .like(let x, let p, let esc, _, _):
            visit(x, body); visit(p, body)
            if let esc { visit(esc, body) }
        }
    }
}
