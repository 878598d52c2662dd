// SQLite's total order over values, used by ORDER BY, min()/max() and comparisons that apply
// no affinity: NULL < INTEGER and REAL (by numeric value) < TEXT < BLOB.

extension Value {
    /// Compares two values in SQLite's total order with the BINARY collation:
    /// negative when `a` sorts first, zero when they are equal, positive otherwise.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        compare(a, b, collation: .binary)
    }

    /// Compares two values in SQLite's total order, comparing texts under `collation`.
    public static func compare(_ a: Value, _ b: Value, collation: Collation) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case let (.integer(x), .integer(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.real(x), .real(y)): return compareReals(x, y)
        case let (.integer(x), .real(y)): return compareIntegerReal(x, y)
        case let (.real(x), .integer(y)): return -compareIntegerReal(y, x)
        case (.integer, _), (.real, _): return -1
        case (_, .integer), (_, .real): return 1
        case let (.text(x), .text(y)): return collation.compare(x, y)
        case (.text, .invalidText), (.invalidText, .text), (.invalidText, .invalidText):
            return compareTextBytes(a, b, collation: collation)
        case (.text, .blob), (.invalidText, .blob): return -1
        case (.blob, .text), (.blob, .invalidText): return 1
        case let (.blob(x), .blob(y)):
            return x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in memcompare(p, q) } }
        }
    }
}

/// Two texts by their bytes under `collation`, at least one of them not valid UTF-8 (a cold
/// path: such text is rare).
@inline(never)
private func compareTextBytes(_ a: Value, _ b: Value, collation: Collation) -> Int {
    a.withTextBytes { x in b.withTextBytes { y in collation.compareBytes(x, y) } ?? 0 } ?? 0
}

/// Two reals in SQLite's order. NaN never reaches stored values in SQLite; the order stays
/// total anyway (NaN first).
@inline(__always)
func compareReals(_ x: Double, _ y: Double) -> Int {
    if x < y { return -1 }
    if x > y { return 1 }
    return x == y ? 0 : (x.isNaN ? (y.isNaN ? 0 : -1) : 1)
}
