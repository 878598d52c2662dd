// Text that is not valid UTF-8 in the JSON functions. SQLite's JSON code works on bytes: a
// byte of 0x80 or more inside a string is copied as it is (json_valid(CAST(x'22ff22' AS TEXT))
// is 1, json(...) gives the same bytes back) and is malformed JSON anywhere else. The JSON code
// here works on Swift strings, so each byte of such text that is not part of a valid UTF-8
// character is carried through it as one scalar of the last private-use block
// (U+10FF80...U+10FFFF, one per byte value), which is not ASCII either, and turned back into
// that byte in the result.

enum JSONRawBytes {
    private static let base: UInt32 = 0x10FF00

    /// The arguments with each text that is not UTF-8 carried as a string; nil when there is none.
    static func carried(_ values: [Value]) -> [Value]? {
        guard values.contains(where: { if case .invalidText = $0 { return true } else { return false } }) else { return nil }
        return values.map { value in
            if case .invalidText(let bytes) = value { return .text(string(bytes)) }
            return value
        }
    }

    /// `bytes` as a string: valid UTF-8 characters as they are, every other byte as its scalar.
    static func string(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length > 0, let s = String(validating: bytes[i..<i + length], as: UTF8.self) {
                scalars.append(contentsOf: s.unicodeScalars)
                i += length
            } else {
                scalars.append(Unicode.Scalar(base + UInt32(bytes[i])) ?? "\u{FFFD}")
                i += 1
            }
        }
        return String(scalars)
    }

    /// A result with each carried byte turned back into that byte (text that is then not UTF-8
    /// is `invalidText`).
    static func restored(_ value: Value) -> Value {
        guard case .text(let s) = value, s.utf8.contains(0xF4) else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var changed = false
        for scalar in s.unicodeScalars {
            if scalar.value >= base + 0x80 {
                bytes.append(UInt8(scalar.value - base))
                changed = true
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return changed ? Value.text(bytes: bytes) : value
    }

    /// The length of the valid UTF-8 character at `i`, or 0 when the byte there starts none.
    private static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b = bytes[i]
        let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
        guard length > 0, i + length <= bytes.count else { return 0 }
        return length
    }
}
