// Collating sequences: how two texts compare under BINARY, NOCASE and RTRIM.

/// A collating sequence for text comparison, as named by COLLATE.
public enum Collation: Sendable, Hashable {
    /// Byte-wise comparison of the UTF-8 text (memcmp).
    case binary
    /// Like binary, but ASCII upper-case letters compare as lower-case (only ASCII is folded).
    case nocase
    /// Like binary, but trailing spaces are ignored.
    case rtrim

    /// The collation named `name` (case-insensitive), or nil when there is none.
    public init?(name: String) {
        switch name.lowercased() {
        case "binary": self = .binary
        case "nocase": self = .nocase
        case "rtrim": self = .rtrim
        default: return nil
        }
    }

    /// The name SQLite reports for it (PRAGMA index_xinfo, collation_list).
    public var name: String {
        switch self {
        case .binary: return "BINARY"
        case .nocase: return "NOCASE"
        case .rtrim: return "RTRIM"
        }
    }

    /// Compares two texts under this collation: negative, zero or positive.
    public func compare(_ a: String, _ b: String) -> Int {
        withUTF8Bytes(a) { x in
            withUTF8Bytes(b) { y in compareBytes(x, y) }
        }
    }

    /// Compares two UTF-8 byte strings under this collation.
    func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        switch self {
        case .binary:
            return memcompare(x, y)
        case .nocase:
            let n = min(x.count, y.count)
            var i = 0
            while i < n {
                let a = asciiLower(x[i]), b = asciiLower(y[i])
                if a != b { return Int(a) - Int(b) }
                i += 1
            }
            return x.count - y.count
        case .rtrim:
            var nx = x.count, ny = y.count
            while nx > 0 && x[nx - 1] == 0x20 { nx -= 1 }
            while ny > 0 && y[ny - 1] == 0x20 { ny -= 1 }
            return memcompare(UnsafeBufferPointer(rebasing: x[0..<nx]),
                              UnsafeBufferPointer(rebasing: y[0..<ny]))
        }
    }
}

/// ASCII-only lower-casing, as SQLite's sqlite3UpperToLower table does.
@inline(__always)
func asciiLower(_ c: UInt8) -> UInt8 {
    c &- 0x41 < 26 ? c | 0x20 : c
}

/// ASCII-only upper-casing.
@inline(__always)
func asciiUpper(_ c: UInt8) -> UInt8 {
    c &- 0x61 < 26 ? c & ~0x20 : c
}

/// memcmp over the common prefix, then the shorter sorts first. Eight bytes at a time while
/// they are equal (texts in an index often share long prefixes, as paths do).
func memcompare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(x.count, y.count)
    var i = 0
    if n >= 8, let p = x.baseAddress, let q = y.baseAddress {
        let p = UnsafeRawPointer(p), q = UnsafeRawPointer(q)
        while i + 8 <= n {
            let a = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = q.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if a != b {
                // The first differing byte in memory order decides, as in the loop below.
                let at = i + (UInt64(littleEndian: a) ^ UInt64(littleEndian: b)).trailingZeroBitCount / 8
                return Int(x[at]) - Int(y[at])
            }
            i += 8
        }
    }
    while i < n {
        if x[i] != y[i] { return Int(x[i]) - Int(y[i]) }
        i += 1
    }
    return x.count - y.count
}

extension Value {
    /// The value as equality under `collation` sees it, for hashing: NOCASE folds ASCII case,
    /// RTRIM drops trailing spaces. Equal keys mean the values compare equal.
    func collationKey(_ collation: Collation) -> Value {
        if case .invalidText(let bytes) = self { return Value.invalidTextKey(bytes, collation) }
        guard case .text(let s) = self else { return self }
        switch collation {
        case .binary: return self
        case .nocase: return .text(asciiLowercased(s))
        case .rtrim:
            var bytes = Array(s.utf8)
            while bytes.last == 0x20 { bytes.removeLast() }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension Value {
    /// collationKey for text that is not valid UTF-8. Folding ASCII letters or dropping
    /// trailing spaces leaves such bytes invalid, so the key stays `invalidText`.
    @inline(never)
    fileprivate static func invalidTextKey(_ bytes: [UInt8], _ collation: Collation) -> Value {
        switch collation {
        case .binary: return .invalidText(bytes)
        case .nocase: return .invalidText(bytes.map(asciiLower))
        case .rtrim:
            var bytes = bytes
            while bytes.last == 0x20 { bytes.removeLast() }
            return .invalidText(bytes)
        }
    }
}
