// JSON functions and the -> and ->> operators: compiled knowing which arguments are results
// of JSON functions, which SQLite tells by a subtype the values here do not carry.

extension Compiler {
    /// The JSON scalar `call` names, or nil when it names another function.
    func compileJSONFunction(_ call: FunctionCall, position: Int, in scope: Scope) throws -> CompiledExpression? {
        guard call.window == nil, let function = JSONFunctions.scalars[asciiLowercased(call.name)] else { return nil }
        let count = call.star ? 0 : call.arguments.count
        guard function.arity.contains(count) else {
            throw error(.unknownFunction, "wrong number of arguments to function \(call.name)()", at: position)
        }
        if call.distinct || call.filter != nil {
            throw error(.misuse, "DISTINCT or FILTER used with the non-aggregate function \(call.name)()", at: position)
        }
        let arguments = try call.arguments.map { try compile($0, in: scope) }
        let kinds = call.arguments.map(JSONFunctions.argumentKind)
        let evaluators = arguments.map(\.evaluate)
        let body = function.body
        let e = CompiledExpression { row, ctx in
            var values: [Value] = []
            values.reserveCapacity(evaluators.count)
            for f in evaluators { values.append(try f(row, ctx)) }
            // Text that is not UTF-8 goes through as SQLite's bytes do (Functions/JSONRawBytes.swift).
            if let carried = JSONRawBytes.carried(values) { return JSONRawBytes.restored(try body(carried, kinds)) }
            return try body(values, kinds)
        }
        return fold(e, arguments.allSatisfy { $0.constant != nil })
    }
}
