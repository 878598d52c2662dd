// Core text functions: length, substr, trim, replace, instr, case mapping, like/glob, char,
// unicode, soundex. They work on UTF-8 bytes; only ASCII letters change case, as in SQLite.
// Text that is not valid UTF-8 goes through them as bytes too, characters counted as sqlite3
// counts them (a byte from 0xC0 up starts one and takes the continuation bytes after it).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CoreFunctions {
    static let text: [ScalarFunction] = [
        ScalarFunction("length", arity: 1) { a in length(a[0]) },
        ScalarFunction("lower", arity: 1) { a in mapASCII(a[0], asciiLower) },
        ScalarFunction("upper", arity: 1) { a in mapASCII(a[0], asciiUpper) },
        ScalarFunction("trim", arity: 1) { a in trim(a[0], nil, left: true, right: true) },
        ScalarFunction("trim", arity: 2) { a in trim(a[0], a[1], left: true, right: true) },
        ScalarFunction("ltrim", arity: 1) { a in trim(a[0], nil, left: true, right: false) },
        ScalarFunction("ltrim", arity: 2) { a in trim(a[0], a[1], left: true, right: false) },
        ScalarFunction("rtrim", arity: 1) { a in trim(a[0], nil, left: false, right: true) },
        ScalarFunction("rtrim", arity: 2) { a in trim(a[0], a[1], left: false, right: true) },
        ScalarFunction("replace", arity: 3) { a in try replace(a[0], a[1], a[2]) },
        ScalarFunction("substr", arity: 2) { a in substr(a[0], a[1], nil) },
        ScalarFunction("substr", arity: 3) { a in substr(a[0], a[1], a[2]) },
        ScalarFunction("substring", arity: 2) { a in substr(a[0], a[1], nil) },
        ScalarFunction("substring", arity: 3) { a in substr(a[0], a[1], a[2]) },
        ScalarFunction("instr", arity: 2) { a in instr(a[0], a[1]) },
        ScalarFunction("unicode", arity: 1) { a in
            // Read as a C string, as sqlite3 does: a text that starts with NUL has no first character.
            let code = a[0].withTextBytes { z -> UInt32 in
                var k = 0
                return z.isEmpty ? 0 : readUTF8CodePoint(z, &k)
            }
            guard let code, code != 0 else { return .null }
            return .integer(Int64(code))
        },
        ScalarFunction("char", arity: -1) { a in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(a.count)
            for v in a {
                let x = v.int64Value
                // sqlite3's charFunc: out of range is U+FFFD; a surrogate is encoded as it is
                // (three bytes that are not valid UTF-8, kept as such).
                appendUTF8(x < 0 || x > 0x10FFFF ? 0xFFFD : UInt32(x), to: &bytes)
            }
            return .text(bytes: bytes)
        },
        ScalarFunction("like", arity: 2) { a in try like(a[0], a[1], nil, hasEscape: false) },
        ScalarFunction("like", arity: 3) { a in try like(a[0], a[1], a[2], hasEscape: true) },
        ScalarFunction("glob", arity: 2) { a in try glob(a[0], a[1]) },
        ScalarFunction("soundex", arity: 1) { a in .text(soundex(a[0])) },
    ]

    /// length(): characters of text up to the first NUL, bytes of a blob, characters of a
    /// number's text.
    static func length(_ v: Value) -> Value {
        switch v {
        case .null: return .null
        case .blob(let b): return .integer(Int64(b.count))
        case .integer, .real: return .integer(Int64(v.textForm?.utf8.count ?? 0))
        case .text(let s):
            var n: Int64 = 0
            for b in s.utf8 {
                if b == 0 { break }
                if b & 0xC0 != 0x80 { n += 1 }
            }
            return .integer(n)
        case .invalidText(let bytes):
            // sqlite3's count: a stray continuation byte is a character of its own.
            var n: Int64 = 0, k = 0
            while k < bytes.count && bytes[k] != 0 {
                skipUTF8Character(bytes, &k)
                n += 1
            }
            return .integer(n)
        }
    }

    /// lower()/upper(): maps ASCII bytes only, so other UTF-8 bytes pass through unchanged.
    static func mapASCII(_ v: Value, _ map: (UInt8) -> UInt8) -> Value {
        if v.holdsBytes {
            // Mapping ASCII bytes keeps the other bytes, valid UTF-8 or not, as they are.
            return v.withTextBytes { bytes in .text(bytes: bytes.map(map)) } ?? .null
        }
        guard let s = v.textForm else { return .null }
        return withUTF8Bytes(s) { bytes -> Value in
            // Most text is already in the wanted case: return it without copying.
            guard let first = bytes.firstIndex(where: { map($0) != $0 }) else { return .text(s) }
            var out = Array(bytes)
            for k in first..<out.count { out[k] = map(out[k]) }
            return .text(String(decoding: out, as: UTF8.self))
        }
    }

    /// trim/ltrim/rtrim: removes any of the characters of `set` (a space by default) from the
    /// chosen ends.
    static func trim(_ v: Value, _ set: Value?, left: Bool, right: Bool) -> Value {
        if v.isNull { return .null }
        var characters: [[UInt8]] = [[0x20]]
        if let set {
            // The set's characters as sqlite3 splits them (a lead byte and its continuations).
            guard let chars = set.textBytes else { return .null }
            characters = []
            var k = 0
            while k < chars.count {
                let start = k
                skipUTF8Character(chars, &k)
                characters.append(Array(chars[start..<k]))
            }
        }
        return v.withTextBytes { z -> Value in
            let kept = characters.isEmpty ? nil : trimmedRange(z, characters, left: left, right: right)
            // Text with nothing trimmed comes back as it is, not copied.
            if kept == nil, case .text = v { return v }
            return .text(bytes: UnsafeBufferPointer(rebasing: z[kept ?? 0..<z.count]))
        } ?? .null
    }

    /// The bytes left once the characters of `characters` are trimmed from the chosen ends;
    /// nil when nothing is trimmed.
    private static func trimmedRange(_ z: UnsafeBufferPointer<UInt8>, _ characters: [[UInt8]],
                                     left: Bool, right: Bool) -> Range<Int>? {
        var start = 0, end = z.count
        func matches(at k: Int, _ c: [UInt8]) -> Bool {
            guard k >= start, k + c.count <= end else { return false }
            for (j, b) in c.enumerated() where z[k + j] != b { return false }
            return true
        }
        if left {
            while start < end, let c = characters.first(where: { matches(at: start, $0) }) {
                start += c.count
            }
        }
        if right {
            while start < end, let c = characters.first(where: { matches(at: end - $0.count, $0) }) {
                end -= c.count
            }
        }
        if start == 0 && end == z.count { return nil }
        return start..<end
    }

    /// replace(x, from, to): a `from` that is empty as a C string (nothing, or a NUL first)
    /// gives back x itself, before `to` is looked at; a blob comes back as text, since sqlite3
    /// has read it as text in place by then.
    static func replace(_ x: Value, _ from: Value, _ to: Value) throws -> Value {
        guard let source = x.textBytes, let needle = from.textBytes else { return .null }
        if needle.first ?? 0 == 0 {
            if case .blob(let b) = x { return .text(bytes: b) }
            return x
        }
        guard let with = to.textBytes else { return .null }
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var k = 0
        while k < source.count {
            if source[k] == needle[0] && k + needle.count <= source.count
                && source[k..<(k + needle.count)].elementsEqual(needle) {
                // Checked as it grows: a short text with many matches can ask for gigabytes.
                if out.count + with.count > maxLength { throw tooBig() }
                out += with
                k += needle.count
            } else {
                out.append(source[k])
                k += 1
            }
        }
        if out.count > maxLength { throw tooBig() }
        return .text(bytes: out)
    }

    /// substr(x, start [, length]): 1-based, negative start counts from the end, negative
    /// length takes characters before start; bytes for blobs, characters otherwise.
    static func substr(_ x: Value, _ startValue: Value, _ lengthValue: Value?) -> Value {
        if startValue.isNull || lengthValue?.isNull == true || x.isNull { return .null }
        // sqlite3_value_int: both are cut to 32 bits, as sqlite3 does.
        let p1 = Int64(startValue.int32Value)
        var p2: Int64
        var negativeLength = false
        if let lengthValue {
            p2 = Int64(lengthValue.int32Value)
            if p2 < 0 { p2 = -p2; negativeLength = true }
        } else {
            p2 = maxLength
        }
        // The bytes are read in place: copying a text into an array on every call was most of
        // the cost of a query that cuts strings row by row (speedtest1's sudoku).
        if case .blob(let b) = x {
            // sqlite3 reads an empty blob as a NULL pointer, and answers NULL for it.
            if b.isEmpty { return .null }
            return b.withUnsafeBufferPointer { substr(bytes: $0, isBlob: true, p1, p2, negativeLength: negativeLength) }
        }
        return x.withTextBytes { substr(bytes: $0, isBlob: false, p1, p2, negativeLength: negativeLength) } ?? .null
    }

    private static func substr(bytes: UnsafeBufferPointer<UInt8>, isBlob: Bool, _ p1: Int64, _ p2: Int64,
                               negativeLength: Bool) -> Value {
        var p1 = p1, p2 = p2
        // Characters before the first NUL count for text, as with C strings.
        let textEnd = isBlob ? bytes.count : textLength(bytes)
        var len: Int64 = 0
        if isBlob {
            len = Int64(bytes.count)
        } else if p1 < 0 {
            var k = 0
            while k < textEnd { skipUTF8Character(bytes, &k, end: textEnd); len += 1 }
        }
        if p1 < 0 {
            p1 += len
            if p1 < 0 {
                p2 += p1
                if p2 < 0 { p2 = 0 }
                p1 = 0
            }
        } else if p1 > 0 {
            p1 -= 1
        } else if p2 > 0 {
            p2 -= 1
        }
        if negativeLength {
            p1 -= p2
            if p1 < 0 { p2 += p1; p1 = 0 }
        }
        if isBlob {
            if p1 + p2 > len { p2 = max(len - p1, 0) }
            guard p1 < len else { return .blob([]) }
            return .blob(Array(bytes[Int(p1)..<Int(p1 + p2)]))
        }
        // In ASCII text a character is a byte: no walk to find the positions.
        if isASCII(UnsafeBufferPointer(rebasing: bytes[0..<textEnd])) {
            let start = Int(min(max(p1, 0), Int64(textEnd)))
            let end = Int(min(Int64(start) + max(p2, 0), Int64(textEnd)))
            return .text(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        var start = 0
        while start < textEnd && p1 > 0 { skipUTF8Character(bytes, &start, end: textEnd); p1 -= 1 }
        var end = start
        while end < textEnd && p2 > 0 { skipUTF8Character(bytes, &end, end: textEnd); p2 -= 1 }
        return .text(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    /// instr(haystack, needle): 1-based position of the first match, 0 when absent; bytes when
    /// both are blobs, characters otherwise.
    static func instr(_ haystack: Value, _ needle: Value) -> Value {
        if haystack.isNull || needle.isNull { return .null }
        if case .blob(let hb) = haystack, case .blob(let nb) = needle {
            return hb.withUnsafeBufferPointer { h in nb.withUnsafeBufferPointer { n in instr(h, n, isText: false) } }
        }
        // Read in place, as substr does.
        return haystack.withTextBytes { h in needle.withTextBytes { n in instr(h, n, isText: true) } ?? .null } ?? .null
    }

    private static func instr(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>, isText: Bool) -> Value {
        if n.isEmpty { return .integer(1) }
        var position: Int64 = 1
        var k = 0
        while k + n.count <= h.count {
            if h[k] == n[0] && h[k..<(k + n.count)].elementsEqual(n) { return .integer(position) }
            position += 1
            k += 1
            while isText && k < h.count && h[k] & 0xC0 == 0x80 { k += 1 }
        }
        return .integer(0)
    }

    @inline(never)
    static func checkPatternLength(_ pattern: UnsafeBufferPointer<UInt8>) throws {
        if pattern.count > maxPatternLength {
            throw SQLError(.runtime, "LIKE or GLOB pattern too complex")
        }
    }

    /// like(pattern, text [, escape]). The escape is checked before the NULL tests, as in sqlite3.
    /// With `caseSensitive` (PRAGMA case_sensitive_like), ASCII letters match only their own case.
    static func like(_ patternValue: Value, _ textValue: Value, _ escapeValue: Value?,
                     hasEscape: Bool, caseSensitive: Bool = false) throws -> Value {
        // Debian's SQLite is built with SQLITE_LIKE_DOESNT_MATCH_BLOBS: a blob never matches.
        if case .blob = patternValue { return .integer(0) }
        if case .blob = textValue { return .integer(0) }
        var escape: UInt32? = nil
        if hasEscape {
            // One character as sqlite3 counts them, read as its code point.
            guard let e = escapeValue?.textBytes else { return .null }
            var k = 0
            if !e.isEmpty { skipUTF8Character(e, &k) }
            guard !e.isEmpty, k == e.count else {
                throw SQLError(.runtime, "ESCAPE expression must be a single character")
            }
            k = 0
            escape = e.withUnsafeBufferPointer { readUTF8CodePoint($0, &k) }
        }
        let matched = try patternValue.withTextBytes { pattern in
            try textValue.withTextBytes { text -> Bool in
                try checkPatternLength(pattern)
                return likeMatches(pattern, text, escapeCodePoint: escape, caseSensitive: caseSensitive)
            }
        }
        guard let matched = matched ?? nil else { return .null }
        return .integer(matched ? 1 : 0)
    }

    /// glob(): like LIKE, a blob on either side never matches.
    static func glob(_ patternValue: Value, _ textValue: Value) throws -> Value {
        if case .blob = patternValue { return .integer(0) }
        if case .blob = textValue { return .integer(0) }
        let matched = try patternValue.withTextBytes { pattern in
            try textValue.withTextBytes { text -> Bool in
                try checkPatternLength(pattern)
                return sqlGlob(pattern, text)
            }
        }
        guard let matched = matched ?? nil else { return .null }
        return .integer(matched ? 1 : 0)
    }

    /// soundex(): the four-character Soundex code, "?000" when there are no ASCII letters.
    /// Like sqlite3, bytes are looked up by their low seven bits.
    static func soundex(_ v: Value) -> String {
        // Codes for A...Z; 0 marks vowels and the letters Soundex skips.
        let letterCodes: [UInt8] = [0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2]
        func code(_ c: UInt8) -> UInt8 {
            let b = c & 0x7F
            return isASCIILetter(b) ? letterCodes[Int(asciiUpper(b) - 0x41)] : 0
        }
        let bytes = v.textBytes ?? []
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        var i = 0
        while i < end && !isASCIILetter(bytes[i]) { i += 1 }
        guard i < end else { return "?000" }
        var out: [UInt8] = [asciiUpper(bytes[i])]
        var prior = code(bytes[i])
        while out.count < 4 && i < end {
            let c = code(bytes[i])
            i += 1
            if c > 0 {
                if c != prior { prior = c; out.append(0x30 + c) }
            } else {
                prior = 0
            }
        }
        while out.count < 4 { out.append(0x30) }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    /// The bytes before the first NUL (SQLite's text functions read text as a C string).
    static func textLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty,
              let nul = memchr(base, 0, bytes.count) else { return bytes.count }
        return base.distance(to: nul.assumingMemoryBound(to: UInt8.self))
    }

    /// True when no byte has its high bit set, read eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count { high |= UInt64(bytes[i]); i += 1 }
        return high & 0x8080_8080_8080_8080 == 0
    }

    static func isASCIILetter(_ c: UInt8) -> Bool { asciiUpper(c) &- 0x41 < 26 }
}
