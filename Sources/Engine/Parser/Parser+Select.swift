// SELECT: WITH, compound operators, cores, FROM with joins, ORDER BY, LIMIT.

extension Parser {
    mutating func parseSelectWithOptionalWith() throws -> SelectStatement {
        if isKeyword("WITH") {
            let with = try parseWith()
            let select = try parseSelect()
            select.with = with
            return select
        }
        return try parseSelect()
    }

    mutating func parseWith() throws -> WithClause {
        try expectKeyword("WITH")
        let recursive = consumeKeyword("RECURSIVE")
        var tables: [CommonTableExpression] = []
        repeat {
            let name = try parseIdentifier("a table name")
            var columns: [String]?
            if isSymbol("(") { columns = try parseIdentifierList() }
            try expectKeyword("AS")
            _ = consumeKeyword("MATERIALIZED") || consumeKeywords("NOT", "MATERIALIZED")
            try expectSymbol("(")
            let select = try parseSelectWithOptionalWith()
            try expectSymbol(")")
            tables.append(CommonTableExpression(name: name, columns: columns, select: select))
        } while consumeSymbol(",")
        return WithClause(recursive: recursive, tables: tables)
    }

    mutating func parseSelect() throws -> SelectStatement {
        let saved = depth
        defer { depth = saved }
        // A subquery's expressions add to the height of the expression holding it.
        if depth > 0 { try deepen() }
        // A SELECT costs SQLite's parser several stack entries: 19 nested subqueries overflow it.
        try nest(4)
        defer { nesting -= 4 }
        var body = try parseSelectBody()
        var terms = 1
        while true {
            let position = current.position
            let op: CompoundOperator
            if consumeKeyword("UNION") { op = consumeKeyword("ALL") ? .unionAll : .union }
            else if consumeKeyword("INTERSECT") { op = .intersect }
            else if consumeKeyword("EXCEPT") { op = .except }
            else { break }
            // SQLITE_MAX_COMPOUND_SELECT: the compiler walks a compound recursively.
            terms += 1
            if terms > Limits.compoundSelectTerms {
                throw error("too many terms in compound SELECT", at: position)
            }
            body = .compound(body, op, try parseSelectBody())
        }
        let select = SelectStatement(body: body)
        if consumeKeyword("ORDER") {
            try expectKeyword("BY")
            select.orderBy = try parseOrderingTerms()
        }
        if consumeKeyword("LIMIT") {
            let first = try parseExpression()
            if consumeKeyword("OFFSET") {
                select.limit = first
                select.offset = try parseExpression()
            } else if consumeSymbol(",") {
                // LIMIT offset, count
                select.offset = first
                select.limit = try parseExpression()
            } else {
                select.limit = first
            }
        }
        return select
    }

    mutating func parseOrderingTerms() throws -> [OrderingTerm] {
        var terms: [OrderingTerm] = []
        repeat {
            var term = OrderingTerm(expression: try parseExpression())
            if consumeKeyword("DESC") { term.descending = true } else { _ = consumeKeyword("ASC") }
            if consumeKeyword("NULLS") {
                if consumeKeyword("FIRST") { term.nullsFirst = true }
                else { try expectKeyword("LAST"); term.nullsFirst = false }
            }
            terms.append(term)
        } while consumeSymbol(",")
        return terms
    }

    /// The rows after VALUES: `(a, b), (c, d)`, all of one width.
    mutating func parseValuesRows() throws -> [[Expression]] {
        var rows: [[Expression]] = []
        repeat {
            try expectSymbol("(")
            var row = [try parseExpression()]
            while consumeSymbol(",") { row.append(try parseExpression()) }
            try expectSymbol(")")
            if let first = rows.first, first.count != row.count {
                throw error("all VALUES must have the same number of terms")
            }
            rows.append(row)
        } while consumeSymbol(",")
        return rows
    }

    private mutating func parseSelectBody() throws -> SelectBody {
        if consumeKeyword("VALUES") { return .values(try parseValuesRows()) }
        if isSymbol("(") && (isKeyword("SELECT", at: 1) || isKeyword("VALUES", at: 1)) {
            throw unexpected()
        }
        try expectKeyword("SELECT")
        var core = SelectCore(columns: [])
        if consumeKeyword("DISTINCT") { core.distinct = true } else { _ = consumeKeyword("ALL") }
        repeat { core.columns.append(try parseResultColumn()) } while consumeSymbol(",")
        if consumeKeyword("FROM") { core.from = try parseFrom() }
        if consumeKeyword("WHERE") { core.whereClause = try parseExpression() }
        if consumeKeyword("GROUP") {
            try expectKeyword("BY")
            repeat { core.groupBy.append(try parseExpression()) } while consumeSymbol(",")
        }
        if consumeKeyword("HAVING") { core.having = try parseExpression() }
        if consumeKeyword("WINDOW") {
            repeat {
                let name = try parseIdentifier("a window name")
                try expectKeyword("AS")
                core.windows[asciiLowercased(name)] = try parseWindowSpec()
            } while consumeSymbol(",")
        }
        return .core(core)
    }

    mutating func parseResultColumn() throws -> ResultColumn {
        let position = current.position
        if consumeSymbol("*") { return .all(position: position) }
        if (current.kind == .word || current.kind == .quotedIdentifier) && isSymbol(".", at: 1) && isSymbol("*", at: 2) {
            let table = current.text
            advance(); advance(); advance()
            return .allOf(table: table, position: position)
        }
        let start = current.position
        let expression = try parseExpression()
        let text = sourceText(start..<tokens[max(0, index - 1)].end)
        var alias: String?
        if consumeKeyword("AS") {
            alias = try parseIdentifier("an alias")
        } else if current.kind == .quotedIdentifier || current.kind == .string
                    || (current.kind == .word && !isReservedWord()) {
            alias = current.text
            advance()
        }
        return .expression(expression, alias: alias, text: text)
    }

    /// FROM: table-or-subquery items joined by commas and JOIN operators, left to right.
    mutating func parseFrom() throws -> FromItem {
        var left = try parseFromItem()
        while true {
            if consumeSymbol(",") {
                // A comma is an inner join, and takes ON or USING as JOIN does (SQLite).
                let right = try parseFromItem()
                let (on, using) = try parseJoinConstraint()
                left = .join(left, right, kind: .inner, natural: false, on: on, using: using)
                continue
            }
            let natural = consumeKeyword("NATURAL")
            var kind: JoinKind?
            if consumeKeyword("JOIN") { kind = .inner }
            else if consumeKeywords("INNER", "JOIN") { kind = .inner }
            else if consumeKeywords("CROSS", "JOIN") { kind = .cross }
            else if consumeKeyword("LEFT") { _ = consumeKeyword("OUTER"); try expectKeyword("JOIN"); kind = .left }
            else if consumeKeyword("RIGHT") { _ = consumeKeyword("OUTER"); try expectKeyword("JOIN"); kind = .right }
            else if consumeKeyword("FULL") { _ = consumeKeyword("OUTER"); try expectKeyword("JOIN"); kind = .full }
            guard let kind else {
                if natural { throw unexpected(expecting: "JOIN") }
                return left
            }
            let right = try parseFromItem()
            let (on, using) = try parseJoinConstraint()
            left = .join(left, right, kind: kind, natural: natural, on: on, using: using)
        }
    }

    /// `ON expr` or `USING (names)` after a join's right side, if there.
    private mutating func parseJoinConstraint() throws -> (on: Expression?, using: [String]?) {
        if consumeKeyword("ON") { return (try parseExpression(), nil) }
        if consumeKeyword("USING") { return (nil, try parseIdentifierList()) }
        return (nil, nil)
    }

    private mutating func parseFromItem() throws -> FromItem {
        if consumeSymbol("(") {
            if isKeyword("SELECT") || isKeyword("VALUES") || isKeyword("WITH") {
                let select = try parseSelectWithOptionalWith()
                try expectSymbol(")")
                return .subquery(select, alias: try parseAlias())
            }
            let inner = try parseFrom()
            try expectSymbol(")")
            _ = try parseAlias()
            return inner
        }
        let position = current.position
        let (schema, name) = try parseQualifiedName()
        if consumeSymbol("(") {
            var arguments: [Expression] = []
            if !isSymbol(")") {
                repeat { arguments.append(try parseExpression()) } while consumeSymbol(",")
            }
            try expectSymbol(")")
            return .tableFunction(name: name, arguments: arguments, alias: try parseAlias(), position: position)
        }
        let alias = try parseAlias()
        let indexing = try parseIndexing()
        return .table(name: name, schema: schema, alias: alias, position: position, indexing: indexing)
    }

    private mutating func parseAlias() throws -> String? {
        if consumeKeyword("AS") { return try parseIdentifier("an alias") }
        if current.kind == .quotedIdentifier || current.kind == .string { let t = current.text; advance(); return t }
        if current.kind == .word && !isReservedWord() && !Parser.joinWords.contains(current.upper) {
            let t = current.text
            advance()
            return t
        }
        return nil
    }

    static let joinWords: Set<String> = ["INDEXED", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL", "JOIN", "OUTER"]
}
