// A SQL value with SQLite's five storage classes.

/// One SQL value: NULL, a 64-bit integer, a double, text or a blob. Text is bytes, as in
/// SQLite: valid UTF-8 (nearly all text) is a Swift `String`, and text whose bytes are not valid
/// UTF-8 keeps them in `invalidText`, so nothing is replaced on the way in or out.
public enum Value: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    /// Text that is valid UTF-8.
    case text(String)
    /// Text whose bytes are not valid UTF-8 (`CAST(x'ff' AS TEXT)`), kept as they came. Valid
    /// text is never held here (build text from bytes with `Value.text(bytes:)`), so a `.text`
    /// and an `.invalidText` never hold the same bytes.
    case invalidText([UInt8])
    case blob([UInt8])

    /// True for NULL.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name `typeof()` reports.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .integer: return "integer"
        case .real: return "real"
        case .text, .invalidText: return "text"
        case .blob: return "blob"
        }
    }
}

extension Value: Hashable {
    /// Equality as GROUP BY, DISTINCT and hash joins see it: 1 and 1.0 are one value.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.integer(a), .integer(b)): return a == b
        case let (.real(a), .real(b)): return a == b
        case let (.integer(a), .real(b)): return compareIntegerReal(a, b) == 0
        case let (.real(a), .integer(b)): return compareIntegerReal(b, a) == 0
        case let (.text(a), .text(b)): return sameBytes(a, b)
        case let (.invalidText(a), .invalidText(b)): return a == b
        case let (.blob(a), .blob(b)): return a == b
        default: return false
        }
    }

    /// Text equality as SQLite's, byte for byte: Swift's `==` would merge canonically
    /// equivalent texts ('e' || char(769) and char(233)) that SQLite keeps apart. The hash
    /// stays String's, which is equal for byte-equal texts.
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in memcompare(x, y) == 0 } }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .integer(let i): hasher.combine(1 as UInt8); hasher.combine(i)
        case .real(let d):
            // A real with an exact integer value hashes as that integer, so 1 == 1.0 holds for hashing.
            if let i = Int64(exactly: d) { hasher.combine(1 as UInt8); hasher.combine(i) }
            else { hasher.combine(2 as UInt8); hasher.combine(d) }
        case .text(let s): hasher.combine(3 as UInt8); hasher.combine(s)
        case .invalidText(let b): hasher.combine(5 as UInt8); hasher.combine(b)
        case .blob(let b): hasher.combine(4 as UInt8); hasher.combine(b)
        }
    }
}

/// Compares an integer with a double exactly, as SQLite does (no rounding of large integers).
@inlinable
func compareIntegerReal(_ i: Int64, _ d: Double) -> Int {
    if d.isNaN { return 1 }
    if d < -9223372036854775808.0 { return 1 }
    if d >= 9223372036854775808.0 { return -1 }
    let t = Int64(d)  // truncates toward zero; in range by the checks above
    if i < t { return -1 }
    if i > t { return 1 }
    let frac = d - Double(t)
    if frac > 0 { return -1 }
    if frac < 0 { return 1 }
    return 0
}
