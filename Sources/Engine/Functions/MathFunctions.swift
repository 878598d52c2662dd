// SQLite's math functions (lang_mathfunc.html, built into Debian's sqlite3): ceil, floor, trunc,
// ln, log, exp, pow, sqrt, the trigonometric ones, mod, pi, degrees and radians. An argument
// that is not a number (after text is read as one) gives NULL, and so does a NaN result.
import Foundation

enum MathFunctions {
    static let all: [ScalarFunction] = [
        rounding("ceil", Foundation.ceil), rounding("ceiling", Foundation.ceil),
        rounding("floor", Foundation.floor), rounding("trunc", Foundation.trunc),
        logarithm("ln", Foundation.log), logarithm("log10", Foundation.log10), logarithm("log", Foundation.log10),
        logarithm("log2", Foundation.log2), unary("exp", Foundation.exp), unary("sqrt", Foundation.sqrt),
        unary("sin", Foundation.sin), unary("cos", Foundation.cos), unary("tan", Foundation.tan),
        unary("asin", Foundation.asin), unary("acos", Foundation.acos), unary("atan", Foundation.atan),
        unary("sinh", Foundation.sinh), unary("cosh", Foundation.cosh), unary("tanh", Foundation.tanh),
        unary("asinh", Foundation.asinh), unary("acosh", Foundation.acosh), unary("atanh", Foundation.atanh),
        unary("degrees") { $0 * (180.0 / Double.pi) }, unary("radians") { $0 * (Double.pi / 180.0) },
        binary("pow", Foundation.pow), binary("power", Foundation.pow), binary("atan2", Foundation.atan2),
        binary("mod", Foundation.fmod),
        ScalarFunction("pi", arity: 0) { _ in .real(Double.pi) },
        ScalarFunction("log", arity: 2) { a in logarithm(base: a[0], of: a[1]) },
    ]

    static func real(_ d: Double) -> Value { d.isNaN ? .null : .real(d) }

    /// ceil, floor, trunc: an integer comes back as it is, a real rounded (still a real).
    static func rounding(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        ScalarFunction(name, arity: 1) { a in
            switch a[0].wellFormedNumber {
            case .integer(let i)?: return .integer(i)
            case .real(let d)?: return real(f(d))
            default: return .null
            }
        }
    }

    static func unary(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        ScalarFunction(name, arity: 1) { a in
            guard let x = a[0].wellFormedNumber else { return .null }
            return real(f(x.doubleValue))
        }
    }

    static func binary(_ name: String, _ f: @escaping @Sendable (Double, Double) -> Double) -> ScalarFunction {
        ScalarFunction(name, arity: 2) { a in
            guard let x = a[0].wellFormedNumber, let y = a[1].wellFormedNumber else { return .null }
            return real(f(x.doubleValue, y.doubleValue))
        }
    }

    /// ln, log10, log2 and log(X) (base 10): NULL for X <= 0, as SQLite's logFunc.
    static func logarithm(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        ScalarFunction(name, arity: 1) { a in
            guard let x = a[0].wellFormedNumber, x.doubleValue > 0 else { return .null }
            return real(f(x.doubleValue))
        }
    }

    /// log(B, X): NULL unless X > 0 and the base's own logarithm is positive (B > 1).
    static func logarithm(base: Value, of value: Value) -> Value {
        guard let b = base.wellFormedNumber, b.doubleValue > 0 else { return .null }
        let logBase = Foundation.log(b.doubleValue)
        guard logBase > 0, let x = value.wellFormedNumber, x.doubleValue > 0 else { return .null }
        return real(Foundation.log(x.doubleValue) / logBase)
    }
}
