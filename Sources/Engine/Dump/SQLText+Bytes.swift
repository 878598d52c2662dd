// SQL from a file's bytes. sqlite3's `.dump` writes text that is not valid UTF-8 as raw bytes
// inside its quotes; a Swift string cannot hold them, so such a string literal is rewritten as
// (CAST(X'..' AS TEXT)) of its bytes, which evaluates to the same text in VibeSQL and sqlite3.

extension SQLText {
    /// The SQL in `bytes`: the text itself when it is valid UTF-8; otherwise with every quoted
    /// string whose bytes are not valid UTF-8 written as `(CAST(X'..' AS TEXT))` of those
    /// bytes. Nil when bytes that are not UTF-8 stand outside a string (in a name, a comment).
    public static func source(fromBytes bytes: [UInt8]) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(validating: rewritingInvalidStrings(bytes), as: UTF8.self)
    }

    /// The bytes with each string literal that is not valid UTF-8 replaced (see `source`).
    /// Names in quotes, brackets or backquotes and comments are copied as they are.
    private static func rewritingInvalidStrings(_ bytes: [UInt8]) -> [UInt8] {
        let quote = UInt8(ascii: "'")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        /// Copies from `i` through the first `close` after `from` that is not doubled.
        func copyQuoted(_ close: UInt8, doubles: Bool) {
            var j = i + 1
            while j < bytes.count {
                if bytes[j] == close {
                    if doubles && j + 1 < bytes.count && bytes[j + 1] == close { j += 2; continue }
                    break
                }
                j += 1
            }
            let end = min(j + 1, bytes.count)
            out += bytes[i..<end]
            i = end
        }
        /// Copies from `i` up to and including `terminator` (to the end when there is none).
        func copyThrough(_ terminator: [UInt8]) {
            var j = i + 2
            while j < bytes.count && !bytes[j...].starts(with: terminator) { j += 1 }
            let end = min(j + terminator.count, bytes.count)
            out += bytes[i..<end]
            i = end
        }
        while i < bytes.count {
            let c = bytes[i]
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            switch c {
            case quote:
                // A blob literal's digits are ASCII: only a plain string can need rewriting.
                let isBlob = i > 0 && bytes[i - 1] | 0x20 == UInt8(ascii: "x")
                var content: [UInt8] = []
                var j = i + 1
                while j < bytes.count {
                    if bytes[j] == quote {
                        if j + 1 < bytes.count && bytes[j + 1] == quote { content.append(quote); j += 2; continue }
                        break
                    }
                    content.append(bytes[j])
                    j += 1
                }
                if !isBlob && j < bytes.count && String(validating: content, as: UTF8.self) == nil {
                    out += Array("(CAST(\(blob(content)) AS TEXT))".utf8)
                    i = j + 1
                } else {
                    copyQuoted(quote, doubles: true)
                }
            case UInt8(ascii: "\""), UInt8(ascii: "`"): copyQuoted(c, doubles: true)
            case UInt8(ascii: "["): copyQuoted(UInt8(ascii: "]"), doubles: false)
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"): copyThrough([0x0A])
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"): copyThrough(Array("*/".utf8))
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
