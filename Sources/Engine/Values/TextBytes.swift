// Text as SQLite keeps it: bytes. Text is built from bytes here, valid UTF-8 as a `String` and
// anything else as `invalidText`, and read as bytes whatever its case.

extension Value {
    /// Text holding exactly `bytes`: `.text` when they are valid UTF-8, else `.invalidText`
    /// (SQLite keeps such bytes as they came, where `String(decoding:)` would replace them).
    public static func text(bytes: UnsafeBufferPointer<UInt8>) -> Value {
        if let s = String(validating: bytes, as: UTF8.self) { return .text(s) }
        return .invalidText(Array(bytes))
    }

    /// Text holding exactly `bytes` (see `text(bytes:)` over a buffer).
    public static func text(bytes: [UInt8]) -> Value {
        if let s = String(validating: bytes, as: UTF8.self) { return .text(s) }
        return .invalidText(bytes)
    }

    /// Text holding exactly `bytes` (see `text(bytes:)` over a buffer).
    static func text(bytes: ArraySlice<UInt8>) -> Value {
        bytes.withUnsafeBufferPointer { text(bytes: $0) }
    }

    /// Runs `body` over the bytes of the value as text (sqlite3_value_text): a text's own bytes,
    /// a blob's bytes, a number's decimal form; nil for NULL.
    func withTextBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        switch self {
        case .null: return nil
        case .text(let s):
            if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
            var copy = s
            return try copy.withUTF8(body)
        case .invalidText(let b), .blob(let b): return try b.withUnsafeBufferPointer(body)
        case .integer, .real:
            var s = textForm ?? ""
            return try s.withUTF8(body)
        }
    }

    /// The bytes of the value as text (see `withTextBytes`); nil for NULL.
    var textBytes: [UInt8]? {
        switch self {
        case .null: return nil
        case .text(let s): return Array(s.utf8)
        case .invalidText(let b), .blob(let b): return b
        case .integer, .real: return textForm.map { Array($0.utf8) }
        }
    }

    /// True for text, valid UTF-8 or not.
    var isText: Bool {
        switch self {
        case .text, .invalidText: return true
        default: return false
        }
    }
}

/// sqlite3Utf8Read: the code point at `k` (which must be in range), moving `k` past it. A lead
/// byte takes every continuation byte after it; what decodes to an overlong form, a surrogate
/// or U+FFFE/U+FFFF reads as U+FFFD; a stray continuation byte reads as itself.
@inline(__always)
func readUTF8CodePoint(_ z: UnsafeBufferPointer<UInt8>, _ k: inout Int) -> UInt32 {
    var c = UInt32(z[k])
    k += 1
    if c >= 0xC0 {
        c = utf8LeadBits[Int(c - 0xC0)]
        while k < z.count && z[k] & 0xC0 == 0x80 {
            c = (c << 6) + UInt32(z[k] & 0x3F)
            k += 1
        }
        if c < 0x80 || c & 0xFFFF_F800 == 0xD800 || c & 0xFFFF_FFFE == 0xFFFE { c = 0xFFFD }
    }
    return c
}

/// sqlite3Utf8Trans1: the bits a lead byte from 0xC0 up contributes to its code point.
private let utf8LeadBits: [UInt32] = (0xC0...0xFF).map { (b: UInt32) -> UInt32 in
    switch b {
    case 0xC0...0xDF: return b - 0xC0
    case 0xE0...0xEF: return b - 0xE0
    case 0xF0...0xF7: return b - 0xF0
    case 0xF8...0xFB: return b - 0xF8
    case 0xFC...0xFD: return b - 0xFC
    default: return 0
    }
}

/// SQLITE_SKIP_UTF8: moves `k` past one character as sqlite3 counts them, a byte from 0xC0 up
/// with the continuation bytes after it, any other byte alone (for valid UTF-8, one code point).
@inline(__always)
func skipUTF8Character<Bytes: RandomAccessCollection<UInt8>>(_ z: Bytes, _ k: inout Int, end: Int? = nil) where Bytes.Index == Int {
    let end = end ?? z.endIndex
    let lead = z[k]
    k += 1
    if lead >= 0xC0 {
        while k < end && z[k] & 0xC0 == 0x80 { k += 1 }
    }
}

/// Appends `c` as sqlite3's charFunc writes it: one to four bytes by its size, surrogates
/// included (they become bytes that are not valid UTF-8).
func appendUTF8(_ c: UInt32, to out: inout [UInt8]) {
    switch c {
    case ..<0x80:
        out.append(UInt8(c))
    case ..<0x800:
        out.append(0xC0 | UInt8(c >> 6))
        out.append(0x80 | UInt8(c & 0x3F))
    case ..<0x10000:
        out.append(0xE0 | UInt8(c >> 12))
        out.append(0x80 | UInt8((c >> 6) & 0x3F))
        out.append(0x80 | UInt8(c & 0x3F))
    default:
        out.append(0xF0 | UInt8((c >> 18) & 0x07))
        out.append(0x80 | UInt8((c >> 12) & 0x3F))
        out.append(0x80 | UInt8((c >> 6) & 0x3F))
        out.append(0x80 | UInt8(c & 0x3F))
    }
}
