// Data statements: INSERT, REPLACE, UPDATE and DELETE.

extension Parser {
    mutating func parseInsert(with: WithClause?) throws -> InsertStatement {
        var conflict: ConflictResolution?
        if consumeKeyword("REPLACE") {
            conflict = .replace
        } else {
            try expectKeyword("INSERT")
            if consumeKeyword("OR") {
                guard current.kind == .word, let c = ConflictResolution(rawValue: current.upper) else {
                    throw unexpected(expecting: "REPLACE, IGNORE, ABORT, FAIL or ROLLBACK")
                }
                conflict = c
                advance()
            }
        }
        try expectKeyword("INTO")
        let position = current.position
        let (schema, table) = try parseQualifiedName()
        var alias: String?
        if consumeKeyword("AS") { alias = try parseIdentifier() }
        var columns: [String]?
        if isSymbol("(") { columns = try parseIdentifierList() }
        let source: InsertSource
        if consumeKeywords("DEFAULT", "VALUES") {
            source = .defaultValues
        } else if consumeKeyword("VALUES") {
            source = .values(try parseValuesRows())
        } else if isKeyword("SELECT") || isKeyword("WITH") {
            source = .select(try parseSelectWithOptionalWith())
        } else {
            throw unexpected(expecting: "VALUES, SELECT or DEFAULT VALUES")
        }
        var statement = InsertStatement(with: with, conflict: conflict, table: table, schema: schema, alias: alias,
                                        columns: columns, source: source, position: position)
        while isKeyword("ON") && isKeyword("CONFLICT", at: 1) {
            advance(); advance()
            var upsert = UpsertClause()
            if consumeSymbol("(") {
                upsert.target = try parseOrderingTerms()
                try expectSymbol(")")
                if consumeKeyword("WHERE") { upsert.targetWhere = try parseExpression() }
            }
            try expectKeyword("DO")
            if consumeKeyword("NOTHING") {
                upsert.assignments = nil
            } else {
                try expectKeyword("UPDATE")
                try expectKeyword("SET")
                upsert.assignments = try parseAssignments()
                if consumeKeyword("WHERE") { upsert.whereClause = try parseExpression() }
            }
            statement.upsert.append(upsert)
        }
        if consumeKeyword("RETURNING") { statement.returning = try parseReturning() }
        return statement
    }

    mutating func parseUpdate(with: WithClause?) throws -> UpdateStatement {
        try expectKeyword("UPDATE")
        var conflict: ConflictResolution?
        if consumeKeyword("OR") {
            guard current.kind == .word, let c = ConflictResolution(rawValue: current.upper) else { throw unexpected() }
            conflict = c
            advance()
        }
        let position = current.position
        let (schema, table) = try parseQualifiedName()
        var alias: String?
        if consumeKeyword("AS") { alias = try parseIdentifier() }
        else if current.kind == .word && !isReservedWord() && current.upper != "INDEXED" {
            alias = current.text; advance()
        }
        let indexing = try parseIndexing()
        try expectKeyword("SET")
        let assignments = try parseAssignments()
        var from: FromItem?
        if consumeKeyword("FROM") { from = try parseFrom() }
        var whereClause: Expression?
        if consumeKeyword("WHERE") { whereClause = try parseExpression() }
        var returning: [ResultColumn]?
        if consumeKeyword("RETURNING") { returning = try parseReturning() }
        return UpdateStatement(with: with, conflict: conflict, table: table, schema: schema, alias: alias,
                               assignments: assignments, from: from, whereClause: whereClause, returning: returning,
                               position: position, indexing: indexing)
    }

    private mutating func parseAssignments() throws -> [(columns: [String], value: Expression)] {
        var assignments: [(columns: [String], value: Expression)] = []
        repeat {
            let columns: [String]
            if isSymbol("(") { columns = try parseIdentifierList() } else { columns = [try parseIdentifier("a column name")] }
            try expectSymbol("=")
            assignments.append((columns, try parseExpression()))
        } while consumeSymbol(",")
        return assignments
    }

    mutating func parseDelete(with: WithClause?) throws -> DeleteStatement {
        try expectKeyword("DELETE")
        try expectKeyword("FROM")
        let position = current.position
        let (schema, table) = try parseQualifiedName()
        var alias: String?
        if consumeKeyword("AS") { alias = try parseIdentifier() }
        let indexing = try parseIndexing()
        var whereClause: Expression?
        if consumeKeyword("WHERE") { whereClause = try parseExpression() }
        var returning: [ResultColumn]?
        if consumeKeyword("RETURNING") { returning = try parseReturning() }
        return DeleteStatement(with: with, table: table, schema: schema, alias: alias, whereClause: whereClause,
                               returning: returning, position: position, indexing: indexing)
    }

    /// INDEXED BY name, NOT INDEXED, or nothing, after a table name.
    mutating func parseIndexing() throws -> TableIndexing {
        if consumeKeyword("INDEXED") { try expectKeyword("BY"); return .indexedBy(try parseIdentifier()) }
        if consumeKeywords("NOT", "INDEXED") { return .notIndexed }
        return .automatic
    }

    private mutating func parseReturning() throws -> [ResultColumn] {
        var columns: [ResultColumn] = []
        repeat { columns.append(try parseResultColumn()) } while consumeSymbol(",")
        return columns
    }
}
