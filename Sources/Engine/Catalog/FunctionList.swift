// PRAGMA function_list: every built-in function, with the columns SQLite 3.40 gives it.

extension Compiler {
    /// SQLite's function flags as the pragma reports them.
    private static let deterministicFlag: Int64 = 0x800, innocuousFlag: Int64 = 0x200000, subtypeFlag: Int64 = 0x100000

    /// One row per function and argument count (-1: any number): name, builtin, type (s
    /// scalar, w aggregate or window), enc, narg, flags, sorted by name and argument count.
    static func functionListRows() -> [Row] {
        var rows: [(name: String, type: String, narg: Int, flags: Int64)] = []
        for (name, overloads) in FunctionRegistry.scalars {
            // min() and max() are kept once per argument count; SQLite registers them once, with -1.
            let listed = overloads.count > 8 ? [ScalarFunction(name, arity: -1, deterministic: overloads[0].deterministic, overloads[0].body)] : overloads
            for function in listed {
                // The date functions count as deterministic: SQLite refuses 'now' where that matters.
                let deterministic = function.deterministic || ClockFunctions.names.contains(name)
                rows.append((name, "s", function.arity, innocuousFlag | (deterministic ? deterministicFlag : 0)))
            }
        }
        for (name, entry) in JSONFunctions.scalars {
            // Variadic JSON functions are listed once with -1, as SQLite registers them.
            let counts = entry.arity.upperBound > 3 ? [-1] : Array(entry.arity)
            for n in counts { rows.append((name, "s", n, deterministicFlag)) }
        }
        for (name, overloads) in FunctionRegistry.aggregates {
            let json = name.hasPrefix("json_")
            for function in overloads {
                rows.append((name, "w", function.arity, json ? subtypeFlag | deterministicFlag : innocuousFlag))
            }
        }
        for (name, arity) in windowFunctionArity {
            for n in arity { rows.append((name, "w", n, innocuousFlag)) }
        }
        rows.sort { ($0.name, $0.narg, $0.type) < ($1.name, $1.narg, $1.type) }
        return rows.map { [.text($0.name), .integer(1), .text($0.type), .text("utf8"), .integer(Int64($0.narg)), .integer($0.flags)] }
    }
}
