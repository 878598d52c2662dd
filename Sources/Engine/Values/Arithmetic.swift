// Operators on values: arithmetic with overflow to REAL, comparison, concatenation, bits, truth.

extension Value {
    /// SQL truth: NULL is unknown (nil); numbers are true when non-zero; text and blobs are read as numbers.
    @inlinable var truth: Bool? {
        switch self {
        case .null: return nil
        case .integer(let i): return i != 0
        case .real(let d): return d != 0
        case .text, .invalidText, .blob:
            switch numericValue {
            case .integer(let i): return i != 0
            case .real(let d): return d != 0
            default: return false
            }
        }
    }

    static func boolean(_ b: Bool) -> Value { .integer(b ? 1 : 0) }

    static func add(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, overflow) = x.addingReportingOverflow(y)
            return overflow ? .real(Double(x) + Double(y)) : .integer(r)
        case (.null, _), (_, .null): return .null
        default: return numeric(a, b, integer: { x, y in add(.integer(x), .integer(y)) }, real: { $0 + $1 })
        }
    }

    static func subtract(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? .real(Double(x) - Double(y)) : .integer(r)
        case (.null, _), (_, .null): return .null
        default: return numeric(a, b, integer: { x, y in subtract(.integer(x), .integer(y)) }, real: { $0 - $1 })
        }
    }

    static func multiply(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? .real(Double(x) * Double(y)) : .integer(r)
        case (.null, _), (_, .null): return .null
        default: return numeric(a, b, integer: { x, y in multiply(.integer(x), .integer(y)) }, real: { $0 * $1 })
        }
    }

    /// Integer division truncates; division by zero is NULL; Int64.min / -1 becomes REAL.
    static func divide(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            if y == 0 { return .null }
            if x == Int64.min && y == -1 { return .real(-Double(x)) }
            return .integer(x / y)
        case (.null, _), (_, .null): return .null
        default:
            return numeric(a, b, integer: { x, y in divide(.integer(x), .integer(y)) },
                           real: { x, y in y == 0 ? Double.nan : x / y })
        }
    }

    /// Remainder: on integers (reals are truncated first, the result is then REAL); by zero is NULL.
    static func remainder(_ a: Value, _ b: Value) -> Value {
        if a.isNull || b.isNull { return .null }
        let na = a.numericValue, nb = b.numericValue
        let isReal: Bool
        if case .real = na { isReal = true } else if case .real = nb { isReal = true } else { isReal = false }
        // Like sqlite3VdbeIntValue, text is read by its integer prefix ('1.0e+20' is 1), not as the real it spells.
        guard case .integer(let x) = isReal ? a.castToInteger() : na,
              case .integer(let y) = isReal ? b.castToInteger() : nb else { return .null }
        if y == 0 { return .null }
        let r = y == -1 ? 0 : x % y
        if isReal {
            // SQLite computes fmod-like on the truncated values but keeps REAL when an operand was REAL.
            return .real(Double(r))
        }
        return .integer(r)
    }

    /// Applies an operator to operands converted to numbers: integer arithmetic when both are
    /// integers, else REAL. A NaN result (0/0.0) is NULL, as SQLite never produces NaN.
    private static func numeric(_ a: Value, _ b: Value, integer: (Int64, Int64) -> Value,
                                real: (Double, Double) -> Double) -> Value {
        let na = a.numericValue, nb = b.numericValue
        switch (na, nb) {
        case let (.integer(x), .integer(y)): return integer(x, y)
        case (.null, _), (_, .null): return .null
        default:
            guard let x = na.arithmeticDouble, let y = nb.arithmeticDouble else { return .null }
            let r = real(x, y)
            return r.isNaN ? .null : .real(r)
        }
    }

    /// The value as a Double for arithmetic (integers and reals only).
    var arithmeticDouble: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }

    static func negate(_ a: Value) -> Value {
        switch a {
        case .null: return .null
        case .integer(let i): return i == Int64.min ? .real(-Double(i)) : .integer(-i)
        case .real(let d): return .real(-d)
        default: return negate(a.numericValue)
        }
    }

    static func concat(_ a: Value, _ b: Value) throws -> Value {
        if a.holdsBytes || b.holdsBytes { return try concatBytes(a, b) }
        guard let x = a.textForm, let y = b.textForm else { return .null }
        try Limits.checkLength(x.utf8.count + y.utf8.count)
        return .text(x + y)
    }

    /// True for a blob or text that is not valid UTF-8: its text form is bytes a String can't hold.
    @inline(__always) var holdsBytes: Bool {
        switch self {
        case .blob, .invalidText: return true
        default: return false
        }
    }

    /// `||` with a blob or invalid text on either side: the bytes joined, as SQLite joins them
    /// (x'c3' || x'a9' is 'é'; x'ff' || 'a' keeps its 0xFF).
    @inline(never)
    private static func concatBytes(_ a: Value, _ b: Value) throws -> Value {
        guard var out = a.textBytes, let y = b.textBytes else { return .null }
        try Limits.checkLength(out.count + y.count)
        out += y
        return .text(bytes: out)
    }

    /// Bitwise operators work on 64-bit integers; NULL in, NULL out.
    static func bitwise(_ a: Value, _ b: Value, _ op: BinaryOperator) -> Value {
        guard !a.isNull, !b.isNull, case .integer(let x) = a.castToInteger(), case .integer(let y) = b.castToInteger() else {
            return .null
        }
        switch op {
        case .bitAnd: return .integer(x & y)
        case .bitOr: return .integer(x | y)
        case .shiftLeft: return .integer(shift(x, by: y))
        case .shiftRight: return .integer(shift(x, by: y == Int64.min ? Int64.max : -y))
        default: return .null
        }
    }

    /// Shifts left for positive counts, arithmetic right for negative ones; out-of-range counts saturate.
    private static func shift(_ x: Int64, by count: Int64) -> Int64 {
        if count >= 64 { return 0 }
        if count <= -64 { return x < 0 ? -1 : 0 }
        if count >= 0 { return Int64(bitPattern: UInt64(bitPattern: x) << UInt64(count)) }
        return x >> Int64(-count)
    }

    static func bitNot(_ a: Value) -> Value {
        guard !a.isNull, case .integer(let x) = a.castToInteger() else { return .null }
        return .integer(~x)
    }
}
