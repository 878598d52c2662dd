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
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(sql)
        } catch let error as SQLError {
            return !error.message.hasPrefix("unterminated")
        } catch {
            return true
        }
        // sqlite3_complete's state machine, on tokens: a ";" ends a statement, except inside
        // CREATE [TEMP] TRIGGER, where only "END ;" does.
        var complete = false
        var statementWords: [String] = []
        var inTrigger = false
        var previous: Token?
        for token in tokens where token.kind != .end {
            if token.kind == .symbol && token.text == ";" {
                if !inTrigger || (previous?.kind == .word && previous?.upper == "END") {
                    complete = true
                    inTrigger = false
                    statementWords = []
                } else {
                    complete = false
                }
            } else {
                complete = false
                if !inTrigger && statementWords.count < 4 && token.kind == .word {
                    statementWords.append(token.upper)
                    let w = statementWords
                    if w.first == "CREATE", w.dropFirst().first(where: { $0 != "TEMP" && $0 != "TEMPORARY" }) == "TRIGGER" {
                        inTrigger = true
                    }
                }
            }
            previous = token
        }
        guard complete, let last = tokens.last(where: { $0.kind != .end }) else { return false }
        return !endsInsideBlockComment(sql, after: last.end)
    }

    /// True when a /* comment opened after `offset` is still open at the end of the text (the
    /// lexer forgives that, as SQLite does, but a shell must wait for the rest).
    private static func endsInsideBlockComment(_ sql: String, after offset: Int) -> Bool {
        let bytes = Array(sql.utf8)
        var i = offset
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count && !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                if i + 1 >= bytes.count { return true }
                i += 2
            } else {
                i += 1
            }
        }
        return false
    }
}
