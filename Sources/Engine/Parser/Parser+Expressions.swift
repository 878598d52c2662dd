// Expressions, by SQLite's precedence: OR, AND, NOT, equality, comparison, bits, +-, */%, ||, COLLATE, unary.

extension Parser {
    mutating func parseExpression() throws -> Expression {
        // A lone literal before "," or ")" (the rows of VALUES in a dump) needs no climb
        // through the precedence levels.
        let next = peekToken(1)
        if next.kind == .symbol && (next.text == "," || next.text == ")") {
            switch current.kind {
            case .integer, .float, .string, .blob: return try parsePrimary()
            case .word where current.upper == "NULL": advance(); return .literal(.null)
            default: break
            }
        }
        let saved = depth
        defer { depth = saved }
        try deepen()
        try nest(1)
        defer { nesting -= 1 }
        return try parseOr()
    }

    /// Counts one more level of the expression tree's height. Like SQLite (SQLITE_MAX_EXPR_DEPTH),
    /// refuse trees higher than 1000: the compiler and the compiled closures recurse that deep.
    mutating func deepen() throws {
        depth += 1
        if depth > Limits.expressionDepth {
            throw error("Expression tree is too large (maximum depth \(Limits.expressionDepth))")
        }
    }

    /// Enters `cost` levels of nested syntax (a parenthesized expression or argument costs 1, a
    /// subquery more), which this recursive-descent parser pays for in stack frames. SQLite's
    /// parser has a fixed stack (YYSTACKDEPTH 100) and fails the same way as deep: at 94 nested
    /// parentheses or 19 nested subqueries in a SELECT. The caller undoes it (`nesting -= cost`).
    mutating func nest(_ cost: Int) throws {
        nesting += cost
        if nesting > Parser.maximumNesting {
            nesting -= cost
            throw error("parser stack overflow")
        }
    }

    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        let saved = depth
        defer { depth = saved }
        while consumeKeyword("OR") { try deepen(); left = .binary(.or, left, try parseAnd()) }
        return left
    }

    /// SQLite replaces `x AND y` by the integer 0 while parsing when either side is the integer
    /// literal 0 (sqlite3ExprAnd): the dropped side is never name-resolved nor evaluated, so
    /// `0 AND no_such_column` is 0, not an error. The replacement counts as such a literal.
    private mutating func parseAnd() throws -> Expression {
        let start = index
        var left = try parseNot()
        var alwaysFalse = isZeroLiteral(start..<index)
        let saved = depth
        defer { depth = saved }
        while consumeKeyword("AND") {
            try deepen()
            let rightStart = index
            let right = try parseNot()
            if alwaysFalse || isZeroLiteral(rightStart..<index) {
                left = .literal(.integer(0))
                alwaysFalse = true
            } else {
                left = .binary(.and, left, right)
            }
        }
        if alwaysFalse { zeroSpans.insert(start..<index) }
        return left
    }

    /// True when these tokens are, inside any parentheses, an integer literal 0 or an AND
    /// that was replaced by 0.
    private func isZeroLiteral(_ span: Range<Int>) -> Bool {
        var span = span
        while true {
            if zeroSpans.contains(span) { return true }
            if span.count == 1, tokens[span.lowerBound].kind == .integer {
                if case .integer(0)? = integerLiteral(tokens[span.lowerBound].text) { return true }
                return false
            }
            guard span.count >= 3, tokens[span.lowerBound].kind == .symbol, tokens[span.lowerBound].text == "(",
                  tokens[span.upperBound - 1].kind == .symbol, tokens[span.upperBound - 1].text == ")" else { return false }
            span = (span.lowerBound + 1)..<(span.upperBound - 1)
        }
    }

    private mutating func parseNot() throws -> Expression {
        if consumeKeyword("NOT") {
            let saved = depth
            defer { depth = saved }
            try deepen()
            return .unary(.not, try parseNot())
        }
        return try parseEquality()
    }

    /// = == != <> IS [NOT] [DISTINCT FROM], IN, LIKE, GLOB, BETWEEN, ISNULL, NOTNULL, NOT NULL.
    private mutating func parseEquality() throws -> Expression {
        var left = try parseComparison()
        let saved = depth
        defer { depth = saved }
        while true {
            if isSymbol("=") || isSymbol("==") { try deepen(); advance(); left = .binary(.equal, left, try parseComparison()); continue }
            if isSymbol("!=") || isSymbol("<>") { try deepen(); advance(); left = .binary(.notEqual, left, try parseComparison()); continue }
            if isKeyword("IS") || isKeyword("ISNULL") || isKeyword("NOTNULL") || isKeyword("NOT") || isKeyword("IN")
                || isKeyword("BETWEEN") || isKeyword("LIKE") || isKeyword("GLOB") || isKeyword("REGEXP") || isKeyword("MATCH") {
                try deepen()
            }
            if consumeKeyword("IS") {
                let negated = consumeKeyword("NOT")
                // `x IS [NOT] TRUE/FALSE` tests truth (2 IS TRUE), unlike `x IS 1`.
                if (isKeyword("TRUE") || isKeyword("FALSE")) && !isSymbol("(", at: 1) && !isSymbol(".", at: 1) {
                    let wantTrue = isKeyword("TRUE")
                    advance()
                    let test: Expression = wantTrue ? left : .unary(.not, left)
                    left = .caseWhen(base: nil, branches: [(test, .literal(.integer(negated ? 0 : 1)))],
                                     otherwise: .literal(.integer(negated ? 1 : 0)))
                    continue
                }
                if consumeKeyword("DISTINCT") {
                    try expectKeyword("FROM")
                    left = .binary(negated ? .is : .isNot, left, try parseComparison())
                } else {
                    left = .binary(negated ? .isNot : .is, left, try parseComparison())
                }
                continue
            }
            if consumeKeyword("ISNULL") { left = try parseComparison(.isNull(left, negated: false)); continue }
            if consumeKeyword("NOTNULL") { left = try parseComparison(.isNull(left, negated: true)); continue }
            if isKeyword("NOT") && isKeyword("NULL", at: 1) {
                advance(); advance()
                left = try parseComparison(.isNull(left, negated: true))
                continue
            }
            var negated = false
            if isKeyword("NOT") && (isKeyword("IN", at: 1) || isKeyword("LIKE", at: 1) || isKeyword("GLOB", at: 1)
                                    || isKeyword("BETWEEN", at: 1) || isKeyword("REGEXP", at: 1) || isKeyword("MATCH", at: 1)) {
                advance()
                negated = true
            }
            if consumeKeyword("IN") { left = try parseComparison(try parseInRest(left, negated: negated)); continue }
            if consumeKeyword("BETWEEN") {
                let low = try parseComparison()
                try expectKeyword("AND")
                let high = try parseComparison()
                left = .between(left, low: low, high: high, negated: negated)
                continue
            }
            if isKeyword("LIKE") || isKeyword("GLOB") || isKeyword("REGEXP") || isKeyword("MATCH") {
                let kind = current.upper
                advance()
                let pattern = try parseComparison()
                var escape: Expression?
                if consumeKeyword("ESCAPE") { escape = try parseComparison() }
                left = .like(left, pattern: pattern, escape: escape, negated: negated, kind: kind)
                continue
            }
            if negated { throw unexpected() }
            return left
        }
    }

    private mutating func parseInRest(_ left: Expression, negated: Bool) throws -> Expression {
        if consumeSymbol("(") {
            if isKeyword("SELECT") || isKeyword("VALUES") || isKeyword("WITH") {
                let select = try parseSelectWithOptionalWith()
                try expectSymbol(")")
                return .inSelect(left, select, negated: negated)
            }
            var items: [Expression] = []
            if !isSymbol(")") {
                items.append(try parseExpression())
                while consumeSymbol(",") { items.append(try parseExpression()) }
            }
            try expectSymbol(")")
            return .inList(left, items, negated: negated)
        }
        let position = current.position
        let name = try parseQualifiedName().name
        if consumeSymbol("(") {
            // A table-valued function; not supported, but say so clearly.
            throw error("no such table-valued function: \(name)", at: position)
        }
        return .inTable(left, table: name, negated: negated, position: position)
    }

    /// `initial`: an operand already parsed (the result of `x IN (...)`, `x ISNULL`, ...), which
    /// SQLite's grammar lets higher-precedence operators continue: `x IN (1) - 5` is `(x IN (1)) - 5`.
    private mutating func parseComparison(_ initial: Expression? = nil) throws -> Expression {
        var left = try parseBitwise(initial)
        let saved = depth
        defer { depth = saved }
        while true {
            let op: BinaryOperator
            if isSymbol("<") { op = .less } else if isSymbol("<=") { op = .lessEqual }
            else if isSymbol(">") { op = .greater } else if isSymbol(">=") { op = .greaterEqual }
            else { return left }
            try deepen()
            advance()
            left = .binary(op, left, try parseBitwise())
        }
    }

    private mutating func parseBitwise(_ initial: Expression? = nil) throws -> Expression {
        var left = try parseAdditive(initial)
        let saved = depth
        defer { depth = saved }
        while true {
            let op: BinaryOperator
            if isSymbol("&") { op = .bitAnd } else if isSymbol("|") { op = .bitOr }
            else if isSymbol("<<") { op = .shiftLeft } else if isSymbol(">>") { op = .shiftRight }
            else { return left }
            try deepen()
            advance()
            left = .binary(op, left, try parseAdditive())
        }
    }

    private mutating func parseAdditive(_ initial: Expression? = nil) throws -> Expression {
        var left = try parseMultiplicative(initial)
        let saved = depth
        defer { depth = saved }
        while true {
            let op: BinaryOperator
            if isSymbol("+") { op = .add } else if isSymbol("-") { op = .subtract } else { return left }
            try deepen()
            advance()
            left = .binary(op, left, try parseMultiplicative())
        }
    }

    private mutating func parseMultiplicative(_ initial: Expression? = nil) throws -> Expression {
        var left = try parseConcat(initial)
        let saved = depth
        defer { depth = saved }
        while true {
            let op: BinaryOperator
            if isSymbol("*") { op = .multiply } else if isSymbol("/") { op = .divide }
            else if isSymbol("%") { op = .remainder } else { return left }
            try deepen()
            advance()
            left = .binary(op, left, try parseConcat())
        }
    }

    private mutating func parseConcat(_ initial: Expression? = nil) throws -> Expression {
        var left = try initial ?? parseCollate()
        let saved = depth
        defer { depth = saved }
        while true {
            if consumeSymbol("||") { try deepen(); left = .binary(.concat, left, try parseCollate()); continue }
            if isSymbol("->") || isSymbol("->>") {
                // JSON's -> and ->> bind as || does; they compile as functions of those names.
                let name = current.text, position = current.position
                try deepen()
                advance()
                left = .function(FunctionCall(name: name, arguments: [left, try parseCollate()]), position: position)
                continue
            }
            return left
        }
    }

    private mutating func parseCollate() throws -> Expression {
        var expression = try parseUnary()
        while consumeKeyword("COLLATE") {
            try deepen()
            expression = .collate(expression, collation: try parseIdentifier("a collation name"))
        }
        return expression
    }

    private mutating func parseUnary() throws -> Expression {
        let saved = depth
        defer { depth = saved }
        if isSymbol("-") || isSymbol("+") || isSymbol("~") { try deepen() }
        if consumeSymbol("-") {
            // -9223372036854775808 is the one integer literal whose magnitude does not fit. As in
            // SQLite, leading zeros and parentheses around it (which make no node) keep it one:
            // the operand is that integer token alone when it is a literal of 2^63 and the last
            // literal read was written as an integer.
            readMinimumIntegerMagnitude = false
            let operand = try parseUnary()
            if readMinimumIntegerMagnitude, case .literal(.real(let d)) = operand, d == 9223372036854775808.0 {
                return .literal(.integer(Int64.min))
            }
            return .unary(.negate, operand)
        }
        if consumeSymbol("+") { return .unary(.plus, try parseUnary()) }
        if consumeSymbol("~") { return .unary(.bitNot, try parseUnary()) }
        return try parsePrimary()
    }

    /// One primary term (a literal or CURRENT_*), as DEFAULT allows.
    mutating func parsePrimaryForDefault() throws -> Expression {
        try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let value = integerLiteral(token.text) else {
                throw error("hex literal too big: \(token.text)", at: token.position)
            }
            readMinimumIntegerMagnitude = isMinimumIntegerMagnitude(token.text)
            return .literal(value)
        case .float:
            readMinimumIntegerMagnitude = false
            advance()
            return .literal(.real(Double(token.text) ?? 0))
        case .string:
            advance()
            return .literal(.text(token.text))
        case .blob:
            advance()
            return .literal(.blob(decodeHex(token.text)))
        case .parameter:
            advance()
            return .parameter(index: try parameterIndex(token), position: token.position)
        case .symbol:
            if token.text == "(" {
                advance()
                if isKeyword("SELECT") || isKeyword("VALUES") || isKeyword("WITH") {
                    let select = try parseSelectWithOptionalWith()
                    try expectSymbol(")")
                    return .subquery(select)
                }
                let inner = try parseExpression()
                if isSymbol(",") {
                    var items = [inner]
                    while consumeSymbol(",") { items.append(try parseExpression()) }
                    try expectSymbol(")")
                    return .row(items)
                }
                try expectSymbol(")")
                return inner
            }
            throw unexpected()
        case .quotedIdentifier:
            return try parseColumnReference()
        case .word:
            return try parseWordExpression(token)
        case .end, .error:
            throw unexpected()
        }
    }

    private mutating func parseWordExpression(_ token: Token) throws -> Expression {
        switch token.upper {
        case "NULL": advance(); return .literal(.null)
        case "TRUE" where !isSymbol("(", at: 1) && !isSymbol(".", at: 1): advance(); return .literal(.integer(1))
        case "FALSE" where !isSymbol("(", at: 1) && !isSymbol(".", at: 1): advance(); return .literal(.integer(0))
        case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME":
            advance()
            let name = token.upper == "CURRENT_TIMESTAMP" ? "datetime" : token.upper == "CURRENT_DATE" ? "date" : "time"
            return .function(FunctionCall(name: name, arguments: [.literal(.text("now"))]), position: token.position)
        case "CASE": return try parseCase()
        case "CAST":
            advance()
            try expectSymbol("(")
            let inner = try parseExpression()
            try expectKeyword("AS")
            let type = try parseTypeName()
            try expectSymbol(")")
            return .cast(inner, type)
        case "EXISTS":
            advance()
            try expectSymbol("(")
            let select = try parseSelectWithOptionalWith()
            try expectSymbol(")")
            return .exists(select, negated: false)
        case "NOT" where isKeyword("EXISTS", at: 1):
            advance(); advance()
            try expectSymbol("(")
            let select = try parseSelectWithOptionalWith()
            try expectSymbol(")")
            return .exists(select, negated: true)
        case "RAISE":
            advance()
            try expectSymbol("(")
            let kind = current.upper
            guard ["IGNORE", "ROLLBACK", "ABORT", "FAIL"].contains(kind) else { throw unexpected(expecting: "IGNORE, ROLLBACK, ABORT or FAIL") }
            advance()
            var message: String?
            if kind != "IGNORE" {
                try expectSymbol(",")
                guard current.kind == .string else { throw unexpected(expecting: "a message") }
                message = current.text
                advance()
            }
            try expectSymbol(")")
            return .raise(kind: kind, message: message)
        default:
            if isSymbol("(", at: 1) { return try parseFunctionCall() }
            if isReservedWord() { throw unexpected() }
            return try parseColumnReference()
        }
    }

    func isSymbol(_ s: String, at offset: Int) -> Bool {
        let t = peekToken(offset)
        return t.kind == .symbol && t.text == s
    }

    private mutating func parseColumnReference() throws -> Expression {
        let position = current.position
        let first = try parseIdentifier("a column name")
        if consumeSymbol(".") {
            if isSymbol("*") { throw unexpected() }
            let second = try parseIdentifier("a column name")
            if consumeSymbol(".") {
                let third = try parseIdentifier("a column name")
                return .column(table: ColumnQualifier.joined(schema: first, table: second), name: third, position: position)
            }
            return .column(table: first, name: second, position: position)
        }
        return .column(table: nil, name: first, position: position)
    }

    private mutating func parseFunctionCall() throws -> Expression {
        let position = current.position
        let name = current.text
        advance()
        try expectSymbol("(")
        var call = FunctionCall(name: asciiLowercased(name), arguments: [])
        if consumeSymbol("*") {
            call.star = true
        } else if !isSymbol(")") {
            if consumeKeyword("DISTINCT") { call.distinct = true } else { _ = consumeKeyword("ALL") }
            call.arguments.append(try parseExpression())
            while consumeSymbol(",") {
                // SQLITE_MAX_FUNCTION_ARG
                if call.arguments.count >= Limits.functionArguments {
                    throw error("too many arguments on function \(name)", at: position)
                }
                call.arguments.append(try parseExpression())
            }
            if isKeyword("ORDER") {
                throw error("ORDER BY inside an aggregate is not supported")
            }
        }
        try expectSymbol(")")
        if isKeyword("FILTER") && isReservedWord() {
            advance()
            try expectSymbol("(")
            try expectKeyword("WHERE")
            call.filter = try parseExpression()
            try expectSymbol(")")
        }
        if isKeyword("OVER") && isReservedWord() {
            advance()
            if !isSymbol("(") {
                var spec = WindowSpec()
                spec.baseName = try parseIdentifier("a window name")
                spec.isReference = true
                call.window = spec
            } else {
                call.window = try parseWindowSpec()
            }
        }
        return .function(call, position: position)
    }

    /// `( [base] [PARTITION BY ...] [ORDER BY ...] [frame] )`, as in a WINDOW clause or after OVER.
    mutating func parseWindowSpec() throws -> WindowSpec {
        try expectSymbol("(")
        var spec = WindowSpec()
        // A first name that does not start a clause is the window this one is based on.
        if current.kind == .quotedIdentifier || (current.kind == .word && !isReservedWord()
            && !(isKeyword("PARTITION") && isKeyword("BY", at: 1)) && !isKeyword("ORDER")
            && !((isKeyword("ROWS") || isKeyword("RANGE") || isKeyword("GROUPS")) && !isSymbol(")", at: 1))) {
            spec.baseName = try parseIdentifier("a window name")
        }
        if consumeKeyword("PARTITION") {
            try expectKeyword("BY")
            spec.partitionBy.append(try parseExpression())
            while consumeSymbol(",") { spec.partitionBy.append(try parseExpression()) }
        }
        if consumeKeyword("ORDER") {
            try expectKeyword("BY")
            spec.orderBy = try parseOrderingTerms()
        }
        if isKeyword("ROWS") || isKeyword("RANGE") || isKeyword("GROUPS") {
            let position = current.position
            let unit: WindowFrame.Unit = isKeyword("ROWS") ? .rows : isKeyword("RANGE") ? .range : .groups
            advance()
            var frame: WindowFrame
            if consumeKeyword("BETWEEN") {
                let start = try parseFrameBound(isStart: true)
                try expectKeyword("AND")
                frame = WindowFrame(unit: unit, start: start, end: try parseFrameBound(isStart: false))
            } else {
                frame = WindowFrame(unit: unit, start: try parseFrameBound(isStart: true), end: .currentRow)
            }
            // sqlite3WindowAlloc: the start may not come after the end in the list
            // UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING, UNBOUNDED FOLLOWING.
            switch (frame.start, frame.end) {
            case (.currentRow, .preceding), (.following, .preceding), (.following, .currentRow):
                throw error("unsupported frame specification", at: position)
            default: break
            }
            if consumeKeyword("EXCLUDE") {
                if consumeKeywords("NO", "OTHERS") { frame.exclude = .noOthers }
                else if consumeKeywords("CURRENT", "ROW") { frame.exclude = .currentRow }
                else if consumeKeyword("GROUP") { frame.exclude = .group }
                else if consumeKeyword("TIES") { frame.exclude = .ties }
                else { throw unexpected(expecting: "NO OTHERS, CURRENT ROW, GROUP or TIES") }
            }
            spec.frame = frame
        }
        try expectSymbol(")")
        return spec
    }

    /// One end of a frame. UNBOUNDED FOLLOWING cannot start a frame nor UNBOUNDED PRECEDING end one.
    private mutating func parseFrameBound(isStart: Bool) throws -> WindowFrame.Bound {
        if isStart && consumeKeywords("UNBOUNDED", "PRECEDING") { return .unboundedPreceding }
        if !isStart && consumeKeywords("UNBOUNDED", "FOLLOWING") { return .unboundedFollowing }
        if consumeKeywords("CURRENT", "ROW") { return .currentRow }
        let e = try parseAdditive()
        if consumeKeyword("PRECEDING") { return .preceding(e) }
        try expectKeyword("FOLLOWING")
        return .following(e)
    }

    private mutating func parseCase() throws -> Expression {
        advance()
        var base: Expression?
        if !isKeyword("WHEN") { base = try parseExpression() }
        var branches: [(when: Expression, then: Expression)] = []
        while consumeKeyword("WHEN") {
            let condition = try parseExpression()
            try expectKeyword("THEN")
            branches.append((condition, try parseExpression()))
        }
        if branches.isEmpty { throw unexpected(expecting: "WHEN") }
        var otherwise: Expression?
        if consumeKeyword("ELSE") { otherwise = try parseExpression() }
        try expectKeyword("END")
        return .caseWhen(base: base, branches: branches, otherwise: otherwise)
    }

    /// A type name: one or more words, optionally with one or two numeric arguments.
    mutating func parseTypeName() throws -> TypeName {
        var words: [String] = []
        while current.kind == .word || current.kind == .quotedIdentifier {
            if current.kind == .word && !words.isEmpty && Parser.typeNameStop.contains(current.upper) { break }
            if current.kind == .word && words.isEmpty && isReservedWord() { break }
            // A quoted word keeps its quotes, as SQLite keeps the declared type as written:
            // unquoted, `"("` would read back as a parenthesis.
            words.append(current.kind == .quotedIdentifier ? sourceText(current.position..<current.end) : current.text)
            advance()
        }
        if words.isEmpty { throw unexpected(expecting: "a type name") }
        var type = TypeName(name: words.joined(separator: " "))
        if consumeSymbol("(") {
            repeat {
                var text = ""
                if consumeSymbol("-") { text = "-" } else { _ = consumeSymbol("+") }
                guard current.kind == .integer || current.kind == .float else { throw unexpected(expecting: "a number") }
                text += current.text
                advance()
                type.arguments.append(text)
            } while consumeSymbol(",")
            try expectSymbol(")")
        }
        return type
    }

    static let typeNameStop: Set<String> = [
        "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "CONSTRAINT",
        "GENERATED", "AS", "ON",
    ]

    private mutating func parameterIndex(_ token: Token) throws -> Int {
        let text = token.text
        if !text.hasPrefix("?") || text == "?", namedParameters[text] == nil, nextParameter > Limits.variableNumber {
            throw error("too many SQL variables", at: token.position)
        }
        if text == "?" {
            defer { nextParameter += 1 }
            return nextParameter
        }
        if text.hasPrefix("?") {
            guard let n = Int(text.dropFirst()), n >= 1, n <= Limits.variableNumber else {
                throw error("variable number must be between ?1 and ?\(Limits.variableNumber)", at: token.position)
            }
            nextParameter = max(nextParameter, n + 1)
            return n
        }
        // Named parameters are numbered in order of first appearance.
        if let existing = namedParameters[text] { return existing }
        let n = nextParameter
        nextParameter += 1
        namedParameters[text] = n
        return n
    }

    /// The value of an integer token; nil for a hex literal past 64 bits, which SQLite refuses.
    /// True for the decimal digits of 2^63 (9223372036854775808), leading zeros allowed.
    func isMinimumIntegerMagnitude(_ text: String) -> Bool {
        // Every integer literal is asked: a shorter one is told apart by its length alone.
        guard text.utf8.count >= 19 else { return false }
        let digits = text.drop { $0 == "0" }
        return digits == "9223372036854775808"
    }

    private func integerLiteral(_ text: String) -> Value? {
        let bytes = text.utf8
        if bytes.count > 2, bytes.first == UInt8(ascii: "0"),
           bytes[bytes.index(after: bytes.startIndex)] | 0x20 == UInt8(ascii: "x") {
            // Hex literals are 64-bit two's complement, as in SQLite.
            guard let u = UInt64(text.dropFirst(2), radix: 16) else { return nil }
            return .integer(Int64(bitPattern: u))
        }
        if let i = Int64(text) { return .integer(i) }
        return .real(Double(text) ?? 0)
    }
}

func decodeHex(_ digits: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(digits.utf8.count / 2)
    var high: UInt8?
    for c in digits.utf8 {
        guard let v = hexValue(c) else { continue }
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    return out
}
