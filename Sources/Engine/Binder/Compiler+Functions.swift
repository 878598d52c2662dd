// Compiling function calls: scalar functions, aggregates (slots in the grouped row), window functions.

extension Compiler {
    func compileFunction(_ call: FunctionCall, position: Int, in scope: Scope) throws -> CompiledExpression {
        let name = call.name
        let argumentCount = call.star ? 0 : call.arguments.count

        if call.window != nil {
            return try compileWindowFunction(call, position: position, in: scope)
        }
        if let json = try compileJSONFunction(call, position: position, in: scope) { return json }

        // `f(*)` is `f()` for every function, as SQLite's parser reads it: count(*) counts
        // rows, sqlite_version(*) and random(*) run, max(*) has the wrong number of arguments.
        let aggregate = FunctionRegistry.aggregate(name, argumentCount: argumentCount)
        let scalar = FunctionRegistry.scalar(name, argumentCount: argumentCount)
        if let aggregate, scalar == nil {
            return try compileAggregate(call, aggregate, position: position, in: scope)
        }
        if call.distinct || call.filter != nil {
            throw error(.misuse, "DISTINCT or FILTER used with the non-aggregate function \(name)()", at: position)
        }
        if let special = try compileContextFunction(name, argumentCount: argumentCount, position: position) {
            return special
        }
        guard let function = scalar else {
            if FunctionRegistry.exists(name) {
                throw error(.unknownFunction, "wrong number of arguments to function \(name)()", at: position)
            }
            throw error(.unknownFunction, "no such function: \(name)", at: position)
        }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let evaluators = arguments.map(\.evaluate)
        if let lazy = lazyFunction(name, evaluators) {
            var e = lazy
            e.carryCollation(of: arguments)
            return fold(e, arguments.allSatisfy { $0.constant != nil })
        }
        var body = function.body
        if asciiLowercased(name) == "like" && database.settingIsOn("case_sensitive_like") {
            body = { a in try CoreFunctions.like(a[0], a[1], a.count > 2 ? a[2] : nil, hasEscape: a.count > 2, caseSensitive: true) }
        }
        if let pureContext, ClockFunctions.names.contains(name) {
            let read = body
            body = { arguments in
                if ClockFunctions.readsClock(name, arguments) {
                    throw SQLError(.runtime, "non-deterministic use of \(name)() in \(pureContext.rawValue)")
                }
                return try read(arguments)
            }
        }
        // The arguments go to the function in one array per call site, refilled for each call:
        // an array made per call was a malloc and a free for every row (speedtest1's sudoku
        // calls substr() millions of times). Should a function keep the array, Swift copies it
        // before the next call changes it.
        let buffer = ArgumentBuffer(capacity: evaluators.count)
        var result: CompiledExpression
        switch evaluators.count {
        case 1:
            let a = evaluators[0]
            result = CompiledExpression { row, ctx in try body(buffer.holding(try a(row, ctx))) }
        case 2:
            let a = evaluators[0], b = evaluators[1]
            result = CompiledExpression { row, ctx in
                let x = try a(row, ctx), y = try b(row, ctx)
                return try body(buffer.holding(x, y))
            }
        case 3:
            let a = evaluators[0], b = evaluators[1], c = evaluators[2]
            result = CompiledExpression { row, ctx in
                let x = try a(row, ctx), y = try b(row, ctx), z = try c(row, ctx)
                return try body(buffer.holding(x, y, z))
            }
        default:
            result = CompiledExpression { row, ctx in
                var values: [Value] = []
                values.reserveCapacity(evaluators.count)
                for e in evaluators { values.append(try e(row, ctx)) }
                return try body(values)
            }
        }
        result.carryCollation(of: arguments)
        let allConstant = arguments.allSatisfy { $0.constant != nil }
        return function.deterministic ? fold(result, allConstant) : result
    }

    /// coalesce(), ifnull() and iif() compute an argument only when its value is needed, as
    /// SQLite does, so an error in an argument that is not needed is not raised.
    private func lazyFunction(_ name: String, _ arguments: [(Row, ExecutionContext) throws -> Value]) -> CompiledExpression? {
        switch name {
        case "coalesce", "ifnull":
            return CompiledExpression { row, ctx in
                for argument in arguments {
                    let v = try argument(row, ctx)
                    if !v.isNull { return v }
                }
                return .null
            }
        case "iif" where arguments.count == 3:
            return CompiledExpression { row, ctx in
                try arguments[0](row, ctx).truth == true ? try arguments[1](row, ctx) : try arguments[2](row, ctx)
            }
        default:
            return nil
        }
    }

    /// Functions that read the connection rather than their arguments.
    private func compileContextFunction(_ name: String, argumentCount: Int, position: Int) throws -> CompiledExpression? {
        switch (name, argumentCount) {
        case ("changes", 0): return CompiledExpression { _, ctx in .integer(Int64(ctx.database.lastChanges)) }
        case ("total_changes", 0): return CompiledExpression { _, ctx in .integer(Int64(ctx.database.totalChanges)) }
        case ("last_insert_rowid", 0): return CompiledExpression { _, ctx in .integer(ctx.database.lastInsertRowid) }
        case ("sqlite_version", 0): return .constant(.text("3.40.1"))
        default: return nil
        }
    }

    private func compileAggregate(_ call: FunctionCall, _ function: AggregateFunction, position: Int,
                                  in scope: Scope) throws -> CompiledExpression {
        let level = aggregateLevel(call, in: scope)
        if level > 0 { return try compileOuterAggregate(call, function, level: level, position: position, in: scope) }
        guard let collector = scope.aggregates else {
            throw error(.misuse, "misuse of aggregate function \(call.name)()", at: position)
        }
        // Arguments are evaluated on source rows, where another aggregate or a window function
        // would be a misuse.
        let windows = scope.windows
        scope.aggregates = nil
        scope.windows = nil
        defer { scope.aggregates = collector; scope.windows = windows }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let filter = try call.filter.map { try compile($0, in: scope) }
        if call.distinct && arguments.count != 1 {
            throw error(.misuse, "DISTINCT aggregates must have exactly one argument", at: position)
        }
        collector.slots.append(.init(function: function, arguments: arguments, distinct: call.distinct,
                                     filter: filter, name: call.name))
        let offset = collector.base + collector.slots.count - 1
        var e = CompiledExpression { row, _ in offset < row.count ? row[offset] : .null }
        e.carryCollation(of: arguments)
        return e
    }

    /// An aggregate of the columns of the query `level` levels out: computed by that query,
    /// over its groups, and read here from its row as a correlated column is.
    private func compileOuterAggregate(_ call: FunctionCall, _ function: AggregateFunction, level: Int, position: Int,
                                       in scope: Scope) throws -> CompiledExpression {
        // Only where this query could aggregate itself (its result columns, HAVING), as SQLite
        // allows it: not in its WHERE, ON or GROUP BY.
        guard scope.aggregates != nil || scope.takesOuterAggregates else {
            throw error(.misuse, "misuse of aggregate function \(call.name)()", at: position)
        }
        var target = scope
        for _ in 0..<level {
            guard let parent = target.parent else { throw error(.misuse, "misuse of aggregate function \(call.name)()", at: position) }
            target.readsOuter = true
            target = parent
        }
        guard target.aggregates != nil else {
            if target.takesOuterAggregates {
                // It is compiled again as an aggregate query; this plan is dropped.
                target.outerAggregateFound = true
                return .constant(.null)
            }
            throw error(.misuse, "misuse of aggregate function \(call.name)()", at: position)
        }
        let compiled = try compileAggregate(call, function, position: position, in: target)
        let slot = compiled.evaluate
        return CompiledExpression(collation: compiled.collation) { _, ctx in
            let i = ctx.outer.count - level
            return i >= 0 ? try slot(ctx.outer[i], ctx) : .null
        }
    }

    private func compileWindowFunction(_ call: FunctionCall, position: Int, in scope: Scope) throws -> CompiledExpression {
        guard let collector = scope.windows, let written = call.window else {
            throw error(.misuse, "misuse of window function \(call.name)()", at: position)
        }
        let spec = try resolveWindow(written, in: scope, position: position)
        let argumentCount = call.star ? 0 : call.arguments.count
        let builtin = Compiler.windowFunctionArity[call.name]
        let aggregate = builtin == nil ? FunctionRegistry.aggregate(call.name, argumentCount: argumentCount) : nil
        if let builtin {
            guard builtin.contains(argumentCount) else {
                throw error(.unknownFunction, "wrong number of arguments to function \(call.name)()", at: position)
            }
        } else if aggregate == nil {
            if FunctionRegistry.scalar(call.name, argumentCount: argumentCount) != nil {
                throw error(.misuse, "\(call.name)() may not be used as a window function", at: position)
            }
            if FunctionRegistry.exists(call.name) {
                throw error(.unknownFunction, "wrong number of arguments to function \(call.name)()", at: position)
            }
            throw error(.unknownFunction, "no such function: \(call.name)", at: position)
        }
        if call.distinct { throw error(.misuse, "DISTINCT is not supported for window functions", at: position) }
        if call.filter != nil && aggregate == nil {
            throw error(.misuse, "FILTER clause may only be used with aggregate window functions", at: position)
        }
        if let frame = spec.frame, frame.unit == .range, spec.orderBy.count != 1,
           [frame.start, frame.end].contains(where: { if case .preceding = $0 { return true }; if case .following = $0 { return true }; return false }) {
            throw error(.misuse, "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression", at: position)
        }
        scope.windows = nil
        defer { scope.windows = collector }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let filter = try call.filter.map { try compile($0, in: scope) }
        let partition = try spec.partitionBy.map { try compile($0, in: scope) }
        let order = try spec.orderBy.map { (try compile($0.expression, in: scope), $0) }
        collector.slots.append(.init(name: call.name, arguments: arguments, partitionBy: partition, orderBy: order,
                                     frame: spec.frame, startOffset: try spec.frame.flatMap { try compileFrameOffset($0.start) },
                                     endOffset: try spec.frame.flatMap { try compileFrameOffset($0.end) },
                                     aggregate: aggregate, filter: filter))
        // The collector's base moves past the aggregate slots once the whole query is compiled
        // (a window over an aggregate query reads the grouped rows), so it is read when the row is.
        let slot = collector.slots.count - 1
        return CompiledExpression { row, _ in
            let offset = collector.base + slot
            return offset < row.count ? row[offset] : .null
        }
    }

    /// The built-in window functions and how many arguments each takes.
    static let windowFunctionArity: [String: ClosedRange<Int>] = [
        "row_number": 0...0, "rank": 0...0, "dense_rank": 0...0, "percent_rank": 0...0, "cume_dist": 0...0,
        "ntile": 1...1, "lag": 1...3, "lead": 1...3, "first_value": 1...1, "last_value": 1...1, "nth_value": 2...2,
    ]

    /// A window as the call uses it: `OVER name` is the named window; `OVER (name ...)` takes
    /// the named window's PARTITION BY and ORDER BY and may add only what it lacks, as SQLite's
    /// sqlite3WindowChain allows.
    private func resolveWindow(_ spec: WindowSpec, in scope: Scope, position: Int, depth: Int = 0) throws -> WindowSpec {
        guard let base = spec.baseName else { return spec }
        guard depth <= scope.namedWindows.count, let named = scope.namedWindows[asciiLowercased(base)] else {
            throw error(.syntax, "no such window: \(base)", at: position)
        }
        let existing = try resolveWindow(named, in: scope, position: position, depth: depth + 1)
        if spec.isReference { return existing }
        if !spec.partitionBy.isEmpty { throw error(.syntax, "cannot override PARTITION clause of window: \(base)", at: position) }
        if !existing.orderBy.isEmpty && !spec.orderBy.isEmpty {
            throw error(.syntax, "cannot override ORDER BY clause of window: \(base)", at: position)
        }
        if existing.frame != nil { throw error(.syntax, "cannot override frame specification of window: \(base)", at: position) }
        var resolved = spec
        resolved.baseName = nil
        resolved.partitionBy = existing.partitionBy
        if spec.orderBy.isEmpty { resolved.orderBy = existing.orderBy }
        return resolved
    }

    /// A frame offset, computed once. SQLite's sqlite3WindowOffsetExpr replaces an offset that
    /// is not constant (a column, a subquery, a function that is not deterministic) with NULL,
    /// which fails when the window runs.
    private func compileFrameOffset(_ bound: WindowFrame.Bound) throws -> CompiledExpression? {
        let e: Expression
        switch bound {
        case .preceding(let x), .following(let x): e = x
        default: return nil
        }
        var constant = true
        visit(e) { node in
            switch node {
            case .column, .subquery, .exists, .inSelect, .inTable, .raise: constant = false
            case .function(let call, _):
                let n = call.star ? 0 : call.arguments.count
                if call.window != nil || FunctionRegistry.scalar(call.name, argumentCount: n)?.deterministic != true { constant = false }
            default: break
            }
        }
        guard constant else { return .constant(.null) }
        return try compile(e, in: Scope(parent: nil))
    }
}

extension CompiledExpression {
    /// A function's result takes the collation of the first argument that has a COLLATE written
    /// in it, and no other: a column's declared collation does not carry through a call
    /// (sqlite3ExprCollSeq follows EP_Collate into the arguments only), so `upper(p) = 'Ab'` is
    /// a BINARY comparison even when p is declared NOCASE.
    mutating func carryCollation(of arguments: [CompiledExpression]) {
        guard let explicit = arguments.first(where: \.explicitCollation) else { return }
        collation = explicit.collation
        explicitCollation = true
    }
}

/// One call site's argument array. The arguments are computed first, then stored: computing
/// one may run a subquery, which must not find the array half filled.
private final class ArgumentBuffer {
    private var values: [Value]

    init(capacity: Int) {
        values = []
        values.reserveCapacity(capacity)
    }

    func holding(_ a: Value) -> [Value] {
        values.removeAll(keepingCapacity: true)
        values.append(a)
        return values
    }

    func holding(_ a: Value, _ b: Value) -> [Value] {
        values.removeAll(keepingCapacity: true)
        values.append(a)
        values.append(b)
        return values
    }

    func holding(_ a: Value, _ b: Value, _ c: Value) -> [Value] {
        values.removeAll(keepingCapacity: true)
        values.append(a)
        values.append(b)
        values.append(c)
        return values
    }
}
