// LIKE and GLOB matching: a port of SQLite's patternCompare, over UTF-8 bytes.

/// The wildcard characters of one matching dialect.
struct PatternRules {
    var matchAll: UInt32      // "%" or "*"; 0 when disabled because it is the escape
    var matchOne: UInt32      // "_" or "?"; 0 when disabled
    var matchSet: UInt32      // "[" for GLOB, 0 for LIKE
    var noCase: Bool          // LIKE folds ASCII case

    static let glob = PatternRules(matchAll: 0x2A, matchOne: 0x3F, matchSet: 0x5B, noCase: false)
    static let like = PatternRules(matchAll: 0x25, matchOne: 0x5F, matchSet: 0, noCase: true)
}

/// Longest LIKE/GLOB pattern accepted (SQLITE_MAX_LIKE_PATTERN_LENGTH), which bounds the
/// quadratic worst case of the matcher.
let maxPatternLength = Limits.likePatternLength

private enum MatchResult { case match, noMatch, noWildcardMatch }

/// A cursor over NUL-terminated-like UTF-8 bytes: reading past the end gives 0, as C's strings do.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    @inline(__always) var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

    /// sqlite3Utf8Read: the next code point, 0 at the end.
    @inline(__always) mutating func read() -> UInt32 {
        guard index < bytes.count else { return 0 }
        return readUTF8CodePoint(bytes, &index)
    }

    @inline(__always) mutating func skipCharacter() {
        guard index < bytes.count else { return }
        index += 1
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
    }
}

@inline(__always)
private func lowerCodePoint(_ c: UInt32) -> UInt32 {
    c < 0x80 ? UInt32(asciiLower(UInt8(c))) : c
}

private func patternCompare(_ pattern: ByteCursor, _ string: ByteCursor, _ rules: PatternRules,
                            _ matchOther: UInt32) -> MatchResult {
    var p = pattern
    var s = string
    var escapedEnd = -1   // index in the pattern just past the last escaped character
    while true {
        var c = p.read()
        if c == 0 { break }
        if c == rules.matchAll {
            // Collapse runs of "*" and "?", consuming one input character per "?".
            while true {
                c = p.read()
                if c == rules.matchAll { continue }
                if c == rules.matchOne && rules.matchOne != 0 {
                    if s.read() == 0 { return .noWildcardMatch }
                    continue
                }
                break
            }
            if c == 0 { return .match }
            if c == matchOther {
                if rules.matchSet == 0 {
                    c = p.read()
                    if c == 0 { return .noWildcardMatch }
                } else {
                    // "[...]" right after "*": try every position.
                    var back = p
                    back.index -= 1
                    while s.current != 0 {
                        let r = patternCompare(back, s, rules, matchOther)
                        if r != .noMatch { return r }
                        s.skipCharacter()
                    }
                    return .noWildcardMatch
                }
            }
            // Find each occurrence of the next literal character and match the rest from there.
            let folded = rules.noCase ? lowerCodePoint(c) : c
            while true {
                let c2 = s.read()
                if c2 == 0 { break }
                let same = c2 == c || (rules.noCase && c < 0x80 && lowerCodePoint(c2) == folded)
                if !same { continue }
                let r = patternCompare(p, s, rules, matchOther)
                if r != .noMatch { return r }
            }
            return .noWildcardMatch
        }
        if c == matchOther {
            if rules.matchSet == 0 {
                c = p.read()
                if c == 0 { return .noMatch }
                escapedEnd = p.index
            } else {
                var prior: UInt32 = 0
                var seen = false
                var invert = false
                let ch = s.read()
                if ch == 0 { return .noMatch }
                var c2 = p.read()
                if c2 == 0x5E { invert = true; c2 = p.read() }           // "^"
                if c2 == 0x5D { if ch == 0x5D { seen = true }; c2 = p.read() }  // "]"
                while c2 != 0 && c2 != 0x5D {
                    if c2 == 0x2D && p.current != 0x5D && p.current != 0 && prior > 0 {  // "-"
                        c2 = p.read()
                        if ch >= prior && ch <= c2 { seen = true }
                        prior = 0
                    } else {
                        if ch == c2 { seen = true }
                        prior = c2
                    }
                    c2 = p.read()
                }
                if c2 == 0 || seen == invert { return .noMatch }
                continue
            }
        }
        let c2 = s.read()
        if c == c2 { continue }
        if rules.noCase && c < 0x80 && c2 < 0x80 && lowerCodePoint(c) == lowerCodePoint(c2) { continue }
        if c == rules.matchOne && p.index != escapedEnd && c2 != 0 { continue }
        return .noMatch
    }
    return s.current == 0 ? .match : .noMatch
}

/// Matches `text` against a LIKE `pattern` (ASCII case-insensitive) with an optional escape
/// code point; an escape equal to "%" or "_" turns that wildcard off, as in SQLite.
func likeMatches(_ pattern: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>,
                 escapeCodePoint: UInt32?, caseSensitive: Bool = false) -> Bool {
    var rules = PatternRules.like
    rules.noCase = !caseSensitive
    if let e = escapeCodePoint {
        if e == rules.matchAll { rules.matchAll = 0 }
        if e == rules.matchOne { rules.matchOne = 0 }
    }
    return patternCompare(ByteCursor(bytes: pattern, index: 0), ByteCursor(bytes: text, index: 0),
                          rules, escapeCodePoint ?? 0) == .match
}

/// likeMatches over the UTF-8 of two strings.
func likeMatches(_ pattern: String, _ text: String, escapeCodePoint: UInt32?, caseSensitive: Bool = false) -> Bool {
    withUTF8Bytes(pattern) { p in
        withUTF8Bytes(text) { s in likeMatches(p, s, escapeCodePoint: escapeCodePoint, caseSensitive: caseSensitive) }
    }
}

/// `text GLOB pattern`: case-sensitive, with "*", "?" and "[...]" sets.
func sqlGlob(_ pattern: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    patternCompare(ByteCursor(bytes: pattern, index: 0), ByteCursor(bytes: text, index: 0),
                   .glob, PatternRules.glob.matchSet) == .match
}
