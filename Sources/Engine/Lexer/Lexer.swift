// The lexer: turns SQL text into tokens, reading UTF-8 bytes, never Characters.

/// Splits SQL text into tokens. Comments and white space are skipped.
struct Lexer {
    private let bytes: [UInt8]
    private let sql: String
    private var index = 0

    init(_ sql: String) {
        self.sql = sql
        self.bytes = Array(sql.utf8)
    }

    /// All tokens of the text, ending with an `.end` token.
    static func tokenize(_ sql: String) throws -> [Token] {
        var lexer = Lexer(sql)
        var tokens: [Token] = []
        tokens.reserveCapacity(sql.utf8.count / 3 + 2)
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    @inline(__always) private func peek(_ offset: Int = 0) -> UInt8 {
        let i = index + offset
        return i < bytes.count ? bytes[i] : 0
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// A word's upper-cased text when it could be a keyword, else "": no keyword is longer than
    /// `Lexer.longestKeyword`, and a long name (a 120-column ORM statement names each) then
    /// costs no second string.
    private func keywordForm(_ word: String, length: Int) -> String {
        length <= Lexer.longestKeyword ? asciiUppercased(word) : ""
    }

    /// CURRENT_TIMESTAMP.
    static let longestKeyword = 17

    @inline(never)
    private func error(_ message: String, at position: Int) -> SQLError {
        SQLError(.syntax, message, position: position, sql: sql)
    }

    mutating func next() throws -> Token {
        try skipSpaceAndComments()
        let start = index
        guard index < bytes.count else {
            return Token(kind: .end, text: "", upper: "", position: start, end: start)
        }
        let c = bytes[index]
        if isIdentifierStart(c) {
            if (c == UInt8(ascii: "x") || c == UInt8(ascii: "X")) && peek(1) == UInt8(ascii: "'") {
                return try lexBlob(start)
            }
            index += 1
            while index < bytes.count && isIdentifierPart(bytes[index]) { index += 1 }
            let word = text(start, index)
            return Token(kind: .word, text: word, upper: keywordForm(word, length: index - start), position: start, end: index)
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(peek(1))) {
            return try lexNumber(start)
        }
        switch c {
        case UInt8(ascii: "'"):
            let value = try lexQuoted(close: UInt8(ascii: "'"), start)
            return Token(kind: .string, text: value, upper: value, position: start, end: index)
        case UInt8(ascii: "\""), UInt8(ascii: "`"):
            let value = try lexQuoted(close: c, start)
            return Token(kind: .quotedIdentifier, text: value, upper: asciiUppercased(value), position: start, end: index)
        case UInt8(ascii: "["):
            index += 1
            while index < bytes.count && bytes[index] != UInt8(ascii: "]") { index += 1 }
            guard index < bytes.count else { throw error("unterminated [identifier]", at: start) }
            let value = text(start + 1, index)
            index += 1
            return Token(kind: .quotedIdentifier, text: value, upper: asciiUppercased(value), position: start, end: index)
        case UInt8(ascii: "?"):
            index += 1
            while isDigit(peek()) { index += 1 }
            let t = text(start, index)
            return Token(kind: .parameter, text: t, upper: t, position: start, end: index)
        case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            index += 1
            while index < bytes.count && isIdentifierPart(bytes[index]) { index += 1 }
            guard index > start + 1 else { throw error("unrecognized token: \"\(text(start, index))\"", at: start) }
            let t = text(start, index)
            return Token(kind: .parameter, text: t, upper: t, position: start, end: index)
        default:
            return try lexSymbol(start)
        }
    }

    private mutating func skipSpaceAndComments() throws {
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B {
                index += 1
            } else if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = index
                index += 2
                while index < bytes.count && !(bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) {
                    index += 1
                }
                // SQLite accepts an unterminated comment at the end of input.
                index = index < bytes.count ? index + 2 : bytes.count
                _ = start
            } else {
                return
            }
        }
    }

    private mutating func lexQuoted(close: UInt8, _ start: Int) throws -> String {
        index += 1
        // Most quoted texts hold no doubled quote: they become a string straight from the bytes.
        var end = index
        while end < bytes.count && bytes[end] != close { end += 1 }
        if end < bytes.count && (end + 1 >= bytes.count || bytes[end + 1] != close) {
            let value = text(index, end)
            index = end + 1
            return value
        }
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw error(close == UInt8(ascii: "'") ? "unterminated string literal" : "unterminated quoted identifier", at: start)
            }
            let c = bytes[index]
            if c == close {
                if peek(1) == close { out.append(c); index += 2; continue }
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            out.append(c)
            index += 1
        }
    }

    private mutating func lexBlob(_ start: Int) throws -> Token {
        index += 2
        let digitsStart = index
        while index < bytes.count && bytes[index] != UInt8(ascii: "'") {
            guard hexValue(bytes[index]) != nil else { throw error("malformed blob literal", at: start) }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated blob literal", at: start) }
        let digits = text(digitsStart, index)
        index += 1
        guard digits.utf8.count % 2 == 0 else { throw error("malformed blob literal", at: start) }
        return Token(kind: .blob, text: digits, upper: digits, position: start, end: index)
    }

    private mutating func lexNumber(_ start: Int) throws -> Token {
        if bytes[index] == UInt8(ascii: "0") && (peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X"))
            && hexValue(peek(2)) != nil {
            index += 2
            while hexValue(peek()) != nil { index += 1 }
            if isIdentifierPart(peek()) { throw error("unrecognized token: \"\(text(start, index + 1))\"", at: start) }
            let t = text(start, index)
            return Token(kind: .integer, text: t, upper: t, position: start, end: index)
        }
        var isFloat = false
        while isDigit(peek()) { index += 1 }
        if peek() == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var probe = 1
            if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") { probe = 2 }
            if isDigit(peek(probe)) {
                isFloat = true
                index += probe
                while isDigit(peek()) { index += 1 }
            } else {
                throw error("unrecognized token: \"\(text(start, index + 1))\"", at: start)
            }
        }
        if isIdentifierStart(peek()) {
            throw error("unrecognized token: \"\(text(start, index + 1))\"", at: start)
        }
        let t = text(start, index)
        return Token(kind: isFloat ? .float : .integer, text: t, upper: t, position: start, end: index)
    }

    private mutating func lexSymbol(_ start: Int) throws -> Token {
        let c = bytes[index]
        let two: String?
        switch (c, peek(1)) {
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): two = "||"
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): two = "<="
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): two = ">="
        case (UInt8(ascii: "<"), UInt8(ascii: ">")): two = "<>"
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): two = "!="
        case (UInt8(ascii: "="), UInt8(ascii: "=")): two = "=="
        case (UInt8(ascii: "<"), UInt8(ascii: "<")): two = "<<"
        case (UInt8(ascii: ">"), UInt8(ascii: ">")): two = ">>"
        case (UInt8(ascii: "-"), UInt8(ascii: ">")):
            two = peek(2) == UInt8(ascii: ">") ? nil : "->"
        default: two = nil
        }
        if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: ">") && peek(2) == UInt8(ascii: ">") {
            index += 3
            return Token(kind: .symbol, text: "->>", upper: "->>", position: start, end: index)
        }
        if let two {
            index += 2
            return Token(kind: .symbol, text: two, upper: two, position: start, end: index)
        }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "."),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
             UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "|"),
             UInt8(ascii: "~"):
            index += 1
            let s = singleCharacterSymbol(c)
            return Token(kind: .symbol, text: s, upper: s, position: start, end: index)
        default:
            // Report the whole UTF-8 character, not a lone byte of it.
            var end = index + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            throw error("unrecognized token: \"\(text(start, end))\"", at: start)
        }
    }
}

/// The text of a one-character symbol token, as a literal: no string is built per token.
private func singleCharacterSymbol(_ c: UInt8) -> String {
    switch c {
    case UInt8(ascii: "("): return "("
    case UInt8(ascii: ")"): return ")"
    case UInt8(ascii: ","): return ","
    case UInt8(ascii: ";"): return ";"
    case UInt8(ascii: "."): return "."
    case UInt8(ascii: "+"): return "+"
    case UInt8(ascii: "-"): return "-"
    case UInt8(ascii: "*"): return "*"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "%"): return "%"
    case UInt8(ascii: "="): return "="
    case UInt8(ascii: "<"): return "<"
    case UInt8(ascii: ">"): return ">"
    case UInt8(ascii: "&"): return "&"
    case UInt8(ascii: "|"): return "|"
    case UInt8(ascii: "~"): return "~"
    default: return String(UnicodeScalar(c))
    }
}

@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c >= 0x80
}

@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool {
    isIdentifierStart(c) || isDigit(c) || c == UInt8(ascii: "$")
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
}

/// Upper-cases ASCII letters only, as SQLite does for keywords and identifiers.
func asciiUppercased(_ s: String) -> String { mappingASCIICase(s, toLower: false) }

/// Lower-cases ASCII letters only: the key under which names are looked up.
func asciiLowercased(_ s: String) -> String { mappingASCIICase(s, toLower: true) }

/// `s` with its ASCII letters of the other case mapped, written straight into the new string
/// (a short one stays inline, with no array in between); `s` itself when none needs mapping.
/// Plain loops over the UTF-8 bytes: a closure per byte cost several times the copy itself
/// (a 120-column INSERT maps each name twice). Only ASCII letters change, so the result is
/// valid UTF-8.
private func mappingASCIICase(_ s: String, toLower: Bool) -> String {
    var s = s
    // The range of letters to map: A-Z when lowering, a-z when raising.
    let first: UInt8 = toLower ? 0x41 : 0x61
    return s.withUTF8 { bytes -> String? in
        var needs = false
        for b in bytes where b &- first < 26 { needs = true; break }
        guard needs else { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for i in 0..<bytes.count {
                let b = bytes[i]
                buffer[i] = b &- first < 26 ? b ^ 0x20 : b
            }
            return bytes.count
        }
    } ?? s
}
