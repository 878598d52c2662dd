// Scripts: text holding several statements, as a shell or a SQL file gives them.

extension Database {
    /// Runs every statement in `sql` in turn and hands each one's result to `body` as soon as it
    /// finished. Stops at the first error, which is thrown; statements before it took effect.
    public func executeEach(_ sql: String, parameters: [Value] = [], _ body: (QueryResult) throws -> Void) throws {
        var parser = try Parser(sql)
        while let (statement, _) = try parser.nextStatement() {
            try body(try perform(statement, sql: sql, parameters: parameters))
        }
    }

    /// True when `sql` ends with a complete statement, like sqlite3_complete(): the last token
    /// is a ";" outside any string, comment or trigger body. A shell reads lines until this holds.
    /// Text with a syntax error counts as complete, so that running it reports the error.
    public static func isComplete(_ sql: String) -> Bool {
        // sqlite3_complete's state machine over bytes: strings, quoted names and comments are
        // skipped; a ";" ends a statement, except inside CREATE [TEMP] TRIGGER, where only
        // "END ;" does. Unterminated quotes and block comments are incomplete.
        let bytes = Array(sql.utf8)
        var i = 0
        var complete = false
        var inTrigger = false
        // The words of the current statement seen so far, up to four, and whether the last
        // token was the word END. Words are compared in place: no string is built per word.
        var statementWords = 0
        var sawCreate = false
        var lastWordIsEnd = false
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
                i += 1
            case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < bytes.count && !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                if i + 1 >= bytes.count { return false }
                i += 2
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "["):
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : c
                i += 1
                while i < bytes.count && bytes[i] != close { i += 1 }
                if i >= bytes.count { return false }
                i += 1
                complete = false
                lastWordIsEnd = false
            case UInt8(ascii: ";"):
                i += 1
                if !inTrigger || lastWordIsEnd {
                    complete = true
                    inTrigger = false
                    statementWords = 0
                    sawCreate = false
                } else {
                    complete = false
                }
                lastWordIsEnd = false
            default:
                complete = false
                if isIdentifierStart(c) {
                    let start = i
                    while i < bytes.count && isIdentifierPart(bytes[i]) { i += 1 }
                    let word = bytes[start..<i]
                    lastWordIsEnd = equalsIgnoringASCIICase(word, "END")
                    if !inTrigger && statementWords < 4 {
                        statementWords += 1
                        if statementWords == 1 {
                            sawCreate = equalsIgnoringASCIICase(word, "CREATE")
                        } else if sawCreate {
                            // CREATE [TEMP | TEMPORARY] TRIGGER
                            if equalsIgnoringASCIICase(word, "TRIGGER") { inTrigger = true }
                            else if !equalsIgnoringASCIICase(word, "TEMP") && !equalsIgnoringASCIICase(word, "TEMPORARY") { sawCreate = false }
                        }
                    }
                } else {
                    lastWordIsEnd = false
                    i += 1
                }
            }
        }
        return complete
    }
}

/// True when `word` spells `upper` (given in upper case) with ASCII letters in either case.
private func equalsIgnoringASCIICase(_ word: ArraySlice<UInt8>, _ upper: StaticString) -> Bool {
    guard word.count == upper.utf8CodeUnitCount else { return false }
    var p = upper.utf8Start
    for b in word {
        let folded = b >= 0x61 && b <= 0x7A ? b - 32 : b
        if folded != p.pointee { return false }
        p += 1
    }
    return true
}
