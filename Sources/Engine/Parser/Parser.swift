// The parser: recursive descent from tokens to statements, one grammar area per file.

/// Parses SQL text into statements. Every failure is a `.syntax` SQLError with a position.
/// Tokens are read lazily, a few ahead of the parser, and dropped between statements, so a
/// long script (a dump) never holds all of its tokens at once.
struct Parser {
    let sql: String
    private var lexer: Lexer
    /// Tokens of the current statement, read so far.
    var tokens: [Token] = []
    var index = 0
    /// The lexer's error, reported when the parser reaches the token it stopped at.
    private var lexError: SQLError?
    private var lexedAll = false
    private static let lookahead = 6
    /// Next number for a bare `?` parameter.
    var nextParameter = 1
    /// Numbers given to `:name` parameters.
    var namedParameters: [String: Int] = [:]
    /// Token ranges of the current statement whose AND was replaced by 0 (see `parseAnd`).
    var zeroSpans = Set<Range<Int>>()
    /// The height of the expression being parsed, bounded by Limits.expressionDepth.
    var depth = 0
    /// Set when the last numeric literal read was the integer 9223372036854775808 (see parseUnary).
    var readMinimumIntegerMagnitude = false
    /// Nested syntax entered (see `nest`), bounded by `maximumNesting`.
    var nesting = 0
    static let maximumNesting = 97

    init(_ sql: String) throws {
        // SQLITE_MAX_SQL_LENGTH
        if sql.utf8.count > Limits.sqlLength { throw SQLError(.syntax, "statement too long") }
        self.sql = sql
        self.lexer = Lexer(sql)
        // Room for a short statement's tokens without regrowing the array token by token; at
        // 16 the buffer stays under 1 KB, in malloc's per-thread cache (32 cost more than the
        // regrowth it saved, measured on 17,500 one-row SELECTs).
        tokens.reserveCapacity(16)
        fill()
        if let lexError, tokens.first?.kind == .error { throw lexError }
    }

    /// Reads tokens until `lookahead` are buffered past the current one, or the text ends.
    private mutating func fill() {
        while !lexedAll && tokens.count <= index + Parser.lookahead {
            do {
                let token = try lexer.next()
                tokens.append(token)
                if token.kind == .end { lexedAll = true }
            } catch {
                let e = error as? SQLError ?? SQLError(.syntax, "\(error)")
                lexError = e
                tokens.append(Token(kind: .error, text: "", upper: "", position: e.position ?? 0, end: e.position ?? 0))
                lexedAll = true
            }
        }
    }

    /// Parses every statement in the text; empty statements (`;;`) are skipped.
    static func parseAll(_ sql: String) throws -> [Statement] {
        var parser = try Parser(sql)
        var statements: [Statement] = []
        while true {
            while parser.consumeSymbol(";") {}
            if parser.current.kind == .end { return statements }
            statements.append(try parser.parseStatement())
            if parser.current.kind != .end && !parser.isSymbol(";") {
                throw parser.unexpected()
            }
        }
    }

    /// Parses the next statement and returns it with the source range it came from.
    mutating func nextStatement() throws -> (Statement, Range<Int>)? {
        while consumeSymbol(";") {}
        // What came before is parsed: forget its tokens.
        if index > 0 {
            tokens.removeFirst(index)
            index = 0
            zeroSpans = []
        }
        if current.kind == .error, let lexError { throw lexError }
        if current.kind == .end { return nil }
        let start = current.position
        let statement = try parseStatement()
        let end = tokens[max(0, index - 1)].end
        if current.kind != .end && !isSymbol(";") { throw unexpected() }
        return (statement, start..<end)
    }

    // MARK: Token access

    /// The token at the parser's position, lent in place: a copy would retain and release its
    /// two strings on every keyword or symbol test.
    var current: Token {
        _read { yield tokens[index] }
    }

    func peekToken(_ offset: Int = 1) -> Token {
        let i = index + offset
        return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
        fill()
    }

    func isSymbol(_ s: String) -> Bool { current.kind == .symbol && current.text == s }

    func isKeyword(_ k: String) -> Bool { current.kind == .word && current.upper == k }

    func isKeyword(_ k: String, at offset: Int) -> Bool {
        let t = peekToken(offset)
        return t.kind == .word && t.upper == k
    }

    mutating func consumeSymbol(_ s: String) -> Bool {
        if isSymbol(s) { advance(); return true }
        return false
    }

    mutating func consumeKeyword(_ k: String) -> Bool {
        if isKeyword(k) { advance(); return true }
        return false
    }

    /// Consumes a run of keywords only when all of them are next.
    mutating func consumeKeywords(_ ks: String...) -> Bool {
        for (i, k) in ks.enumerated() where !isKeyword(k, at: i) { return false }
        for _ in ks { advance() }
        return true
    }

    mutating func expectSymbol(_ s: String) throws {
        guard consumeSymbol(s) else { throw unexpected(expecting: "\"\(s)\"") }
    }

    mutating func expectKeyword(_ k: String) throws {
        guard consumeKeyword(k) else { throw unexpected(expecting: k) }
    }

    @inline(never)
    func unexpected(expecting: String? = nil) -> SQLError {
        let token = current
        if token.kind == .error, let lexError { return lexError }
        let near = token.kind == .end ? "syntax error: incomplete input" : "near \"\(tokenText(token))\": syntax error"
        let message = expecting.map { "\(near) (expected \($0))" } ?? near
        return SQLError(.syntax, message, position: token.position, sql: sql)
    }

    @inline(never)
    func error(_ message: String, at position: Int? = nil) -> SQLError {
        SQLError(.syntax, message, position: position ?? current.position, sql: sql)
    }

    func tokenText(_ token: Token) -> String {
        let bytes = Array(sql.utf8)
        guard token.position < token.end, token.end <= bytes.count else { return token.text }
        return String(decoding: bytes[token.position..<token.end], as: UTF8.self)
    }

    /// The source text between two byte offsets (for view and trigger SQL, column names).
    func sourceText(_ range: Range<Int>) -> String {
        let utf8 = sql.utf8
        guard range.lowerBound >= 0, range.upperBound <= utf8.count, range.lowerBound <= range.upperBound else { return "" }
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// Words that cannot be a bare identifier or an implicit alias.
    static let reserved: Set<String> = [
        "ADD", "ALL", "ALTER", "AND", "AS", "AUTOINCREMENT", "BETWEEN", "CASE", "CHECK", "COLLATE",
        "COMMIT", "CONSTRAINT", "CREATE", "CROSS", "DEFAULT", "DEFERRABLE", "DELETE", "DISTINCT", "DROP",
        "ELSE", "ESCAPE", "EXCEPT", "EXISTS", "FOREIGN", "FROM", "FULL", "GROUP", "HAVING", "IN", "INDEX",
        "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LEFT", "LIMIT", "NATURAL", "NOT",
        "NOTNULL", "NULL", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RETURNING", "RIGHT",
        "SELECT", "SET", "TABLE", "THEN", "TO", "TRANSACTION", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES",
        "WHEN", "WHERE",
    ]

    /// True when the word `offset` tokens ahead is a keyword here and cannot be a name. BY, END,
    /// LIKE, GLOB, MATCH, REGEXP, OFFSET and WITH fall back to names as in SQLite's grammar
    /// (`%fallback ID`); WINDOW, OVER and FILTER are keywords only where SQLite's tokenizer
    /// makes them so (`analyzeWindowKeyword` and friends): WINDOW before `name AS`, OVER after
    /// `)` before `(` or a name, FILTER after `)` before `(`.
    func isReservedWord(at offset: Int = 0) -> Bool {
        let token = peekToken(offset)
        // A word longer than any keyword has no upper-case form (see Lexer.keywordForm).
        guard token.kind == .word, !token.upper.isEmpty else { return false }
        if Parser.reserved.contains(token.upper) { return true }
        let i = index + offset
        let afterParenthesis = i > 0 && i - 1 < tokens.count && tokens[i - 1].kind == .symbol && tokens[i - 1].text == ")"
        func isName(_ t: Token) -> Bool {
            t.kind == .quotedIdentifier || (t.kind == .word && !Parser.reserved.contains(t.upper))
        }
        switch token.upper {
        case "WINDOW": return isName(peekToken(offset + 1)) && isKeyword("AS", at: offset + 2)
        case "OVER": return afterParenthesis && (isSymbol("(", at: offset + 1) || isName(peekToken(offset + 1)))
        case "FILTER": return afterParenthesis && isSymbol("(", at: offset + 1)
        default: return false
        }
    }

    /// An identifier: a quoted identifier, a non-reserved word, or (as SQLite allows) a string.
    mutating func parseIdentifier(_ what: String = "identifier") throws -> String {
        let token = current
        switch token.kind {
        case .quotedIdentifier:
            advance(); return token.text
        case .word where !isReservedWord():
            advance(); return token.text
        case .string:
            advance(); return token.text
        default:
            throw unexpected(expecting: what)
        }
    }

    /// `name` or `schema.name`.
    mutating func parseQualifiedName() throws -> (schema: String?, name: String) {
        let first = try parseIdentifier("a name")
        if consumeSymbol(".") {
            return (first, try parseIdentifier("a name"))
        }
        return (nil, first)
    }

    mutating func parseIdentifierList() throws -> [String] {
        try expectSymbol("(")
        var names = [try parseIdentifier("a column name")]
        while consumeSymbol(",") { names.append(try parseIdentifier("a column name")) }
        try expectSymbol(")")
        return names
    }

    // MARK: Statements

    mutating func parseStatement() throws -> Statement {
        let token = current
        guard token.kind == .word else { throw unexpected() }
        switch token.upper {
        case "SELECT", "VALUES": return .select(try parseSelect())
        case "WITH":
            let with = try parseWith()
            if isKeyword("SELECT") || isKeyword("VALUES") {
                let select = try parseSelect()
                select.with = with
                return .select(select)
            }
            if isKeyword("INSERT") || isKeyword("REPLACE") { return .insert(try parseInsert(with: with)) }
            if isKeyword("UPDATE") { return .update(try parseUpdate(with: with)) }
            if isKeyword("DELETE") { return .delete(try parseDelete(with: with)) }
            throw unexpected()
        case "INSERT", "REPLACE": return .insert(try parseInsert(with: nil))
        case "UPDATE": return .update(try parseUpdate(with: nil))
        case "DELETE": return .delete(try parseDelete(with: nil))
        case "CREATE": return try parseCreate()
        case "DROP": return try parseDrop()
        case "ALTER": return try parseAlter()
        case "GRANT": advance(); return .grant(try parsePrivileges(grant: true))
        case "REVOKE": advance(); return .revoke(try parsePrivileges(grant: false))
        case "REINDEX":
            advance()
            if current.kind == .end || isSymbol(";") { return .reindex(name: nil) }
            return .reindex(name: try parseQualifiedName().name)
        case "BEGIN":
            advance()
            _ = consumeKeyword("DEFERRED") || consumeKeyword("IMMEDIATE") || consumeKeyword("EXCLUSIVE")
            _ = consumeKeyword("TRANSACTION")
            return .begin
        case "START":
            advance(); try expectKeyword("TRANSACTION"); return .begin
        case "COMMIT", "END":
            advance(); _ = consumeKeyword("TRANSACTION"); return .commit
        case "ROLLBACK":
            advance(); _ = consumeKeyword("TRANSACTION")
            if consumeKeyword("TO") {
                _ = consumeKeyword("SAVEPOINT")
                return .rollbackTo(try parseIdentifier())
            }
            return .rollback
        case "SAVEPOINT":
            advance(); return .savepoint(try parseIdentifier())
        case "RELEASE":
            advance(); _ = consumeKeyword("SAVEPOINT"); return .release(try parseIdentifier())
        case "PRAGMA":
            advance()
            let (schema, name) = try parseQualifiedName()
            var value: Expression?
            if consumeSymbol("=") { value = try parsePragmaValue() }
            else if consumeSymbol("(") { value = try parsePragmaValue(); try expectSymbol(")") }
            return .pragma(name: name, value: value, schema: schema)
        case "ATTACH":
            advance(); _ = consumeKeyword("DATABASE")
            let file = try parseExpression()
            try expectKeyword("AS")
            return .attach(file: file, name: try parseExpression())
        case "DETACH":
            advance(); _ = consumeKeyword("DATABASE")
            return .detach(name: try parseExpression())
        case "ANALYZE":
            advance()
            if current.kind == .word || current.kind == .quotedIdentifier { _ = try parseQualifiedName() }
            return .analyze
        case "VACUUM":
            advance(); return .vacuum
        case "EXPLAIN":
            advance()
            var queryPlan = false
            if consumeKeyword("QUERY") { try expectKeyword("PLAN"); queryPlan = true }
            return .explain(try parseStatement(), queryPlan: queryPlan)
        default:
            throw unexpected()
        }
    }

    private mutating func parsePragmaValue() throws -> Expression {
        if current.kind == .word { let t = current.text; advance(); return .literal(.text(t)) }
        return try parseExpression()
    }
}
