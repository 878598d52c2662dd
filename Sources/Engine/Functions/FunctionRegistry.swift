// Every built-in function in one table, as SQLite's func.c keeps aBuiltinFunc[].

/// A scalar function: called once per row with its evaluated arguments.
public struct ScalarFunction: Sendable {
    public let name: String
    /// Number of arguments, or -1 for any number.
    public let arity: Int
    /// False for functions whose result changes between calls with equal arguments (random()).
    public let deterministic: Bool
    public let body: @Sendable ([Value]) throws -> Value

    public init(_ name: String, arity: Int, deterministic: Bool = true,
                _ body: @escaping @Sendable ([Value]) throws -> Value) {
        self.name = name
        self.arity = arity
        self.deterministic = deterministic
        self.body = body
    }
}

/// The running state of one aggregate over one group. Subclasses are final.
open class AggregateAccumulator {
    public init() {}
    /// Adds one row's arguments (DISTINCT is applied by the caller).
    open func step(_ arguments: [Value]) throws {}
    /// The aggregate's value for the rows seen so far.
    open func finish() throws -> Value { .null }
    /// The value of a window frame (SQLite's xValue), where it differs from the aggregate's
    /// (group_concat: an empty text is NULL there).
    open func windowValue() throws -> Value { try finish() }
    /// True when `inverse` can take a row back out (SQLite's xInverse, for window frames).
    open var canInverse: Bool { false }
    /// Takes out a row added earlier by `step`, as a window frame's start moves past it.
    open func inverse(_ arguments: [Value]) throws {}
}

/// An aggregate function: makes a fresh accumulator per group.
public struct AggregateFunction: Sendable {
    public let name: String
    public let arity: Int
    public let make: @Sendable () -> AggregateAccumulator

    public init(_ name: String, arity: Int, _ make: @escaping @Sendable () -> AggregateAccumulator) {
        self.name = name
        self.arity = arity
        self.make = make
    }
}

/// Looks up built-in functions by lower-cased name and argument count.
public enum FunctionRegistry {
    static let scalars: [String: [ScalarFunction]] = Dictionary(
        grouping: CoreFunctions.all + DateTimeFunctions.all, by: { $0.name })
    static let aggregates: [String: [AggregateFunction]] = Dictionary(
        grouping: AggregateFunctions.all + JSONFunctions.aggregates, by: { $0.name })

    /// The scalar function `name` taking `count` arguments, if there is one.
    public static func scalar(_ name: String, argumentCount count: Int) -> ScalarFunction? {
        scalars[name.lowercased()]?.first { $0.arity == count || $0.arity == -1 }
    }

    /// The aggregate function `name` taking `count` arguments, if there is one.
    public static func aggregate(_ name: String, argumentCount count: Int) -> AggregateFunction? {
        aggregates[name.lowercased()]?.first { $0.arity == count || $0.arity == -1 }
    }

    /// True when some function of that name exists, whatever its arity (for error messages).
    public static func exists(_ name: String) -> Bool {
        let key = name.lowercased()
        return scalars[key] != nil || aggregates[key] != nil || JSONFunctions.scalars[key] != nil
    }
}
