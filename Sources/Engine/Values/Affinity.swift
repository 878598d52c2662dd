// Column affinity: how a declared type changes the values stored in a column and compared with it.

/// SQLite's five affinities. `blob` is also "no affinity".
enum Affinity: Sendable {
    case integer, text, blob, real, numeric

    /// The affinity of a declared type, by SQLite's rules (datatype3.html, section 3.1), in order.
    init(declaredType: String?) {
        guard let type = declaredType, !type.isEmpty else { self = .blob; return }
        let upper = asciiUppercased(type)
        if upper.contains("INT") { self = .integer }
        else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { self = .text }
        else if upper.contains("BLOB") { self = .blob }
        else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { self = .real }
        else { self = .numeric }
    }

    var isNumeric: Bool { self == .integer || self == .real || self == .numeric }

    /// The value as a column of this affinity stores it.
    func apply(_ value: Value) -> Value {
        switch self {
        case .blob:
            return value
        case .text:
            switch value {
            case .integer, .real: return value.castToText()
            default: return value
            }
        case .numeric, .integer:
            switch value {
            case .text(let s):
                guard let number = parseNumericText(s) else { return value }
                return Affinity.integralIfExact(number)
            case .real(let d):
                return Affinity.integralIfExact(.real(d))
            default:
                return value
            }
        case .real:
            switch value {
            case .text(let s):
                guard let number = parseNumericText(s) else { return value }
                if case .integer(let i) = number { return .real(Double(i)) }
                return number
            case .integer(let i):
                return .real(Double(i))
            default:
                return value
            }
        }
    }

    /// NUMERIC affinity as a comparison applies it: text that reads as a number becomes one.
    func applyForComparison(_ value: Value) -> Value {
        switch self {
        case .numeric, .integer, .real:
            if case .text(let s) = value, let number = parseNumericText(s) { return number }
            return value
        case .text:
            switch value {
            case .integer, .real: return value.castToText()
            default: return value
            }
        case .blob:
            return value
        }
    }

    /// A real that holds an integer exactly becomes that integer (NUMERIC and INTEGER affinity),
    /// except -2^63, which SQLite's sqlite3VdbeIntegerAffinity leaves a real (ticket #3922).
    private static func integralIfExact(_ value: Value) -> Value {
        if case .real(let d) = value, d.rounded(.towardZero) == d, d > -9223372036854775808.0,
           d < 9223372036854775808.0, let i = Int64(exactly: d) {
            return .integer(i)
        }
        return value
    }

    /// What a comparison between operands of these affinities applies to each side, as SQLite's
    /// sqlite3CompareAffinity decides: two columns compare numerically when either is numeric and
    /// as they are otherwise; a column against an expression without affinity lends it its own
    /// (TEXT or numeric; BLOB changes nothing). A side whose values already have that affinity
    /// needs no conversion and gets nil.
    static func forComparison(_ left: Affinity?, _ right: Affinity?) -> (left: Affinity?, right: Affinity?) {
        let applied: Affinity?
        switch (left, right) {
        case let (l?, r?): applied = l.isNumeric || r.isNumeric ? .numeric : nil
        case let (l?, nil): applied = l == .blob ? nil : l
        case let (nil, r?): applied = r == .blob ? nil : r
        case (nil, nil): applied = nil
        }
        guard let applied else { return (nil, nil) }
        func side(_ own: Affinity?) -> Affinity? {
            if let own, (applied.isNumeric && own.isNumeric) || (applied == .text && own == .text) { return nil }
            return applied.isNumeric ? .numeric : applied
        }
        return (side(left), side(right))
    }
}
