// Compiling function calls: scalar functions, aggregates (slots in the grouped row), window functions.

extension Compiler {
    func compileFunction(_ call: FunctionCall, position: Int, in scope: Scope) throws -> CompiledExpression {
        let name = call.name
        let argumentCount = call.star ? 0 : call.arguments.count

        if call.window != nil {
            return try compileWindowFunction(call, position: position, in: scope)
        }

        let aggregate = FunctionRegistry.aggregate(name, argumentCount: argumentCount)
        let scalar = call.star ? nil : FunctionRegistry.scalar(name, argumentCount: argumentCount)
        if let aggregate, scalar == nil {
            return try compileAggregate(call, aggregate, position: position, in: scope)
        }
        if call.star {
            if FunctionRegistry.exists(name) {
                throw error(.unknownFunction, "wrong number of arguments to function \(name)()", at: position)
            }
            throw error(.unknownFunction, "no such function: \(name)", at: position)
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
            e.collation = arguments.first?.collation
            return fold(e, arguments.allSatisfy { $0.constant != nil })
        }
        let body = function.body
        var result: CompiledExpression
        switch evaluators.count {
        case 1:
            let a = evaluators[0]
            result = CompiledExpression { row, ctx in try body([try a(row, ctx)]) }
        case 2:
            let a = evaluators[0], b = evaluators[1]
            result = CompiledExpression { row, ctx in try body([try a(row, ctx), try b(row, ctx)]) }
        default:
            result = CompiledExpression { row, ctx in
                var values: [Value] = []
                values.reserveCapacity(evaluators.count)
                for e in evaluators { values.append(try e(row, ctx)) }
                return try body(values)
            }
        }
        // Functions that return one of their arguments keep its collation (SQLite: coalesce, min, ...).
        result.collation = arguments.first?.collation
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
        guard let collector = scope.aggregates else {
            throw error(.misuse, "misuse of aggregate function \(call.name)()", at: position)
        }
        // Arguments are evaluated on source rows, where another aggregate would be a misuse.
        scope.aggregates = nil
        defer { scope.aggregates = collector }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let filter = try call.filter.map { try compile($0, in: scope) }
        if call.distinct && arguments.count != 1 {
            throw error(.misuse, "DISTINCT aggregates must have exactly one argument", at: position)
        }
        collector.slots.append(.init(function: function, arguments: arguments, distinct: call.distinct,
                                     filter: filter, name: call.name))
        let offset = collector.base + collector.slots.count - 1
        var e = CompiledExpression { row, _ in offset < row.count ? row[offset] : .null }
        e.collation = arguments.first?.collation
        return e
    }

    private func compileWindowFunction(_ call: FunctionCall, position: Int, in scope: Scope) throws -> CompiledExpression {
        guard let collector = scope.windows, var spec = call.window else {
            throw error(.misuse, "misuse of window function \(call.name)()", at: position)
        }
        if let base = spec.baseName {
            guard let named = scope.namedWindows[asciiLowercased(base)] else {
                throw error(.syntax, "no such window: \(base)", at: position)
            }
            spec = named
        }
        let argumentCount = call.star ? 0 : call.arguments.count
        let windowNames: Set<String> = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
                                        "lag", "lead", "first_value", "last_value", "nth_value"]
        let aggregate = FunctionRegistry.aggregate(call.name, argumentCount: argumentCount)
        guard windowNames.contains(call.name) || aggregate != nil else {
            throw error(.unknownFunction, "no such window function: \(call.name)", at: position)
        }
        scope.windows = nil
        defer { scope.windows = collector }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let partition = try spec.partitionBy.map { try compile($0, in: scope) }
        let order = try spec.orderBy.map { (try compile($0.expression, in: scope), $0) }
        collector.slots.append(.init(name: call.name, arguments: arguments, partitionBy: partition, orderBy: order,
                                     frame: spec.frame, aggregate: windowNames.contains(call.name) ? nil : aggregate,
                                     distinct: call.distinct))
        let offset = collector.base + collector.slots.count - 1
        return CompiledExpression { row, _ in offset < row.count ? row[offset] : .null }
    }
}
