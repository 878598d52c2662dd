// Schema statements: CREATE, DROP, ALTER, GRANT and REVOKE.

extension Parser {
    mutating func parseCreate() throws -> Statement {
        try expectKeyword("CREATE")
        let temporary = consumeKeyword("TEMP") || consumeKeyword("TEMPORARY")
        let unique = consumeKeyword("UNIQUE")
        if consumeKeyword("TABLE") { return try parseCreateTable(temporary: temporary) }
        if consumeKeyword("INDEX") { return try parseCreateIndex(unique: unique) }
        if unique { throw unexpected(expecting: "INDEX") }
        if consumeKeyword("VIEW") { return try parseCreateView(temporary: temporary) }
        if consumeKeyword("TRIGGER") { return try parseCreateTrigger(temporary: temporary) }
        if consumeKeyword("SCHEMA") {
            let ifNotExists = consumeKeywords("IF", "NOT", "EXISTS")
            return .createSchema(name: try parseIdentifier("a schema name"), ifNotExists: ifNotExists)
        }
        if consumeKeyword("ROLE") { return .createRole(name: try parseIdentifier("a role name")) }
        throw unexpected(expecting: "TABLE, INDEX, VIEW, TRIGGER, SCHEMA or ROLE")
    }

    private mutating func parseCreateTable(temporary: Bool) throws -> Statement {
        let ifNotExists = consumeKeywords("IF", "NOT", "EXISTS")
        let position = current.position
        let (schema, name) = try parseQualifiedName()
        let nameStart = tokens[max(0, index - 1)].position
        if consumeKeyword("AS") {
            let select = try parseSelectWithOptionalWith()
            return .createTable(name: name, schema: schema, ifNotExists: ifNotExists, temporary: temporary, columns: [],
                                constraints: [], withoutRowid: false, asSelect: select, position: position)
        }
        try expectSymbol("(")
        var columns: [ColumnDefinition] = []
        var constraints: [TableConstraint] = []
        repeat {
            if isKeyword("CONSTRAINT") || isKeyword("PRIMARY") || isKeyword("UNIQUE") || isKeyword("CHECK") || isKeyword("FOREIGN") {
                constraints.append(try parseTableConstraint())
            } else {
                if !constraints.isEmpty { throw unexpected() }
                columns.append(try parseColumnDefinition())
            }
        } while consumeSymbol(",")
        try expectSymbol(")")
        // Table options, comma-separated in any order: WITHOUT ROWID and STRICT.
        var withoutRowid = false
        var strict = false
        let closeEnd = tokens[max(0, index - 1)].end
        if current.kind == .word {
            repeat {
                if consumeKeyword("WITHOUT") {
                    guard current.kind == .word, current.upper == "ROWID" else { throw unexpected(expecting: "ROWID") }
                    advance()
                    withoutRowid = true
                } else if consumeKeyword("STRICT") {
                    strict = true
                } else if current.kind == .word {
                    throw error("unknown table option: \(current.text)", at: current.position)
                } else {
                    throw unexpected(expecting: "WITHOUT ROWID or STRICT")
                }
            } while consumeSymbol(",")
        }
        // SQLite keeps `CREATE TABLE` and the text from the name (without its schema) to the `)`,
        // or, after table options, to the `;` that ends the statement.
        let end = withoutRowid || strict ? statementEnd : closeEnd
        return .createTable(name: name, schema: schema, ifNotExists: ifNotExists, temporary: temporary, columns: columns,
                            constraints: constraints, withoutRowid: withoutRowid, strict: strict, asSelect: nil,
                            position: position, sql: "CREATE TABLE " + sourceText(nameStart..<end))
    }

    mutating func parseColumnDefinition() throws -> ColumnDefinition {
        var column = ColumnDefinition(name: try parseIdentifier("a column name"))
        if current.kind == .word && !Parser.typeNameStop.contains(current.upper) && !isReservedWord()
            || current.kind == .quotedIdentifier {
            column.type = try parseTypeName()
        }
        while true {
            if consumeKeyword("CONSTRAINT") { _ = try parseIdentifier() }
            if consumeKeywords("PRIMARY", "KEY") {
                column.primaryKey = true
                if consumeKeyword("DESC") { column.primaryKeyDescending = true } else { _ = consumeKeyword("ASC") }
                column.primaryKeyConflict = try parseConflictClause()
                if consumeKeyword("AUTOINCREMENT") { column.autoincrement = true }
            } else if consumeKeywords("NOT", "NULL") {
                column.notNull = true
                column.notNullConflict = try parseConflictClause()
            } else if consumeKeyword("NULL") {
            } else if consumeKeyword("UNIQUE") {
                column.unique = true
                column.uniqueConflict = try parseConflictClause()
            } else if consumeKeyword("CHECK") {
                try expectSymbol("(")
                let start = current.position
                column.check.append(try parseExpression())
                column.checkText.append(sourceText(start..<tokens[max(0, index - 1)].end))
                try expectSymbol(")")
            } else if consumeKeyword("DEFAULT") {
                if column.generated != nil { throw error("cannot use DEFAULT on a generated column") }
                let start = current.position
                if consumeSymbol("(") {
                    column.defaultValue = try parseExpression()
                    try expectSymbol(")")
                } else if consumeSymbol("-") {
                    guard current.kind == .integer || current.kind == .float else { throw unexpected(expecting: "a number") }
                    if current.kind == .integer && isMinimumIntegerMagnitude(current.text) {
                        advance()
                        column.defaultValue = .literal(.integer(Int64.min))
                    } else {
                        column.defaultValue = .unary(.negate, try parseDefaultLiteral())
                    }
                } else if consumeSymbol("+") {
                    guard current.kind == .integer || current.kind == .float else { throw unexpected(expecting: "a number") }
                    column.defaultValue = try parseDefaultLiteral()
                } else if current.kind == .word && !["NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"].contains(current.upper) {
                    // SQLite accepts a bare identifier as a text default.
                    column.defaultValue = .literal(.text(current.text))
                    advance()
                } else {
                    column.defaultValue = try parseDefaultLiteral()
                }
                column.defaultText = sourceText(start..<tokens[max(0, index - 1)].end)
            } else if consumeKeyword("COLLATE") {
                column.collation = try parseIdentifier("a collation name")
            } else if consumeKeyword("REFERENCES") {
                column.references = try parseForeignKeyRest(columns: nil)
            } else if isKeyword("GENERATED") || isKeyword("AS") {
                try parseGeneratedClause(into: &column)
            } else {
                return column
            }
        }
    }

    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]`, with SQLite's errors: a second such
    /// clause is a syntax error, one after DEFAULT or with another word than VIRTUAL or STORED
    /// is an "error in generated column".
    private mutating func parseGeneratedClause(into column: inout ColumnDefinition) throws {
        if column.generated != nil { throw unexpected() }
        if consumeKeyword("GENERATED") { try expectKeyword("ALWAYS") }
        try expectKeyword("AS")
        try expectSymbol("(")
        let start = current.position
        let expression = try parseExpression()
        let text = sourceText(start..<tokens[max(0, index - 1)].end)
        try expectSymbol(")")
        var stored = false
        if consumeKeyword("STORED") {
            stored = true
        } else if !consumeKeyword("VIRTUAL"), current.kind == .word || current.kind == .quotedIdentifier,
                  !Parser.columnConstraintStart.contains(current.upper) {
            throw error("error in generated column \"\(column.name)\"")
        }
        if column.defaultValue != nil { throw error("error in generated column \"\(column.name)\"") }
        column.generated = GeneratedColumn(expression: expression, text: text, stored: stored)
    }

    /// The words that may start a column constraint (what may follow a generated column's `AS (...)`).
    private static let columnConstraintStart: Set<String> = [
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    ]

    /// DEFAULT takes a literal, a signed number, a parenthesized expression (handled by the
    /// caller) or CURRENT_TIME/DATE/TIMESTAMP: nothing that continues into an operator.
    private mutating func parseDefaultLiteral() throws -> Expression {
        let token = current
        switch token.kind {
        case .integer, .float, .string, .blob:
            let e = try parsePrimaryForDefault()
            return e
        case .word where ["NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"].contains(token.upper):
            return try parsePrimaryForDefault()
        default:
            throw unexpected(expecting: "a default value")
        }
    }

    private mutating func parseConflictClause() throws -> ConflictResolution? {
        guard consumeKeyword("ON") else { return nil }
        try expectKeyword("CONFLICT")
        guard current.kind == .word, let resolution = ConflictResolution(rawValue: current.upper) else {
            throw unexpected(expecting: "ROLLBACK, ABORT, FAIL, IGNORE or REPLACE")
        }
        advance()
        return resolution
    }

    private mutating func parseTableConstraint() throws -> TableConstraint {
        var name: String?
        if consumeKeyword("CONSTRAINT") { name = try parseIdentifier() }
        if consumeKeywords("PRIMARY", "KEY") {
            let columns = try parseIndexedColumns()
            return .primaryKey(columns, name: name, conflict: try parseConflictClause())
        }
        if consumeKeyword("UNIQUE") {
            let columns = try parseIndexedColumns()
            return .unique(columns, name: name, conflict: try parseConflictClause())
        }
        if consumeKeyword("CHECK") {
            try expectSymbol("(")
            let start = current.position
            let e = try parseExpression()
            let text = sourceText(start..<tokens[max(0, index - 1)].end)
            try expectSymbol(")")
            return .check(e, text: text, name: name)
        }
        if consumeKeywords("FOREIGN", "KEY") {
            let columns = try parseIdentifierList()
            try expectKeyword("REFERENCES")
            return .foreignKey(columns, try parseForeignKeyRest(columns: columns), name: name)
        }
        throw unexpected(expecting: "a table constraint")
    }

    /// `(a, b DESC, c COLLATE NOCASE)`: each column with the collation and order of its key.
    private mutating func parseIndexedColumns() throws -> [IndexedColumn] {
        try expectSymbol("(")
        var columns: [IndexedColumn] = []
        repeat {
            var column = IndexedColumn(name: try parseIdentifier("a column name"))
            if consumeKeyword("COLLATE") { column.collation = try parseIdentifier() }
            if consumeKeyword("DESC") { column.descending = true } else { _ = consumeKeyword("ASC") }
            columns.append(column)
        } while consumeSymbol(",")
        try expectSymbol(")")
        return columns
    }

    private mutating func parseForeignKeyRest(columns: [String]?) throws -> ForeignKeyClause {
        let table = try parseIdentifier("a table name")
        var clause = ForeignKeyClause(table: table, columns: [])
        if isSymbol("(") { clause.columns = try parseIdentifierList() }
        while true {
            if consumeKeyword("ON") {
                let isDelete = consumeKeyword("DELETE")
                if !isDelete { try expectKeyword("UPDATE") }
                var action: String
                if consumeKeywords("SET", "NULL") { action = "SET NULL" }
                else if consumeKeywords("SET", "DEFAULT") { action = "SET DEFAULT" }
                else if consumeKeyword("CASCADE") { action = "CASCADE" }
                else if consumeKeyword("RESTRICT") { action = "RESTRICT" }
                else if consumeKeywords("NO", "ACTION") { action = "NO ACTION" }
                else { throw unexpected(expecting: "a foreign key action") }
                if isDelete { clause.onDelete = action } else { clause.onUpdate = action }
            } else if consumeKeyword("MATCH") {
                _ = try parseIdentifier()
            } else if consumeKeywords("NOT", "DEFERRABLE") {
                // NOT DEFERRABLE INITIALLY DEFERRED is immediate, as in SQLite.
                if consumeKeyword("INITIALLY") { _ = consumeKeyword("DEFERRED") || consumeKeyword("IMMEDIATE") }
                clause.deferred = false
            } else if consumeKeyword("DEFERRABLE") {
                clause.deferred = consumeKeyword("INITIALLY") && consumeKeyword("DEFERRED")
                if !clause.deferred { _ = consumeKeyword("IMMEDIATE") }
            } else {
                return clause
            }
        }
    }

    private mutating func parseCreateIndex(unique: Bool) throws -> Statement {
        let ifNotExists = consumeKeywords("IF", "NOT", "EXISTS")
        let position = current.position
        let (schema, name) = try parseQualifiedName()
        let nameStart = tokens[max(0, index - 1)].position
        try expectKeyword("ON")
        let table = try parseIdentifier("a table name")
        try expectSymbol("(")
        let columns = try parseOrderingTerms()
        try expectSymbol(")")
        var whereClause: Expression?
        if consumeKeyword("WHERE") { whereClause = try parseExpression() }
        return .createIndex(name: name, schema: schema, table: table, columns: columns, unique: unique,
                            ifNotExists: ifNotExists, whereClause: whereClause, position: position,
                            sql: indexText(unique: unique, from: nameStart))
    }

    /// The text SQLite keeps for CREATE INDEX: `CREATE [UNIQUE] INDEX` then the statement as
    /// written from the index's name (without its schema) up to the `;` that ends it.
    private func indexText(unique: Bool, from nameStart: Int) -> String {
        "CREATE \(unique ? "UNIQUE " : "")INDEX " + sourceText(nameStart..<statementEnd)
    }

    /// Where the statement being parsed ends: the `;` (or the end of the text) after its last
    /// token, so comments before it belong to the statement; else the end of its last token.
    private var statementEnd: Int {
        current.kind == .end || (current.kind == .symbol && current.text == ";") ? current.position : tokens[max(0, index - 1)].end
    }

    private mutating func parseCreateView(temporary: Bool) throws -> Statement {
        let ifNotExists = consumeKeywords("IF", "NOT", "EXISTS")
        let position = current.position
        let (schema, name) = try parseQualifiedName()
        let nameStart = tokens[max(0, index - 1)].position
        var columns: [String]?
        if isSymbol("(") { columns = try parseIdentifierList() }
        try expectKeyword("AS")
        let select = try parseSelectWithOptionalWith()
        // SQLite keeps `CREATE VIEW` and the text from the name (without its schema) to the `;`,
        // less the spaces before it.
        var text = "CREATE VIEW " + sourceText(nameStart..<statementEnd)
        while let last = text.utf8.last, last == 32 || (last >= 9 && last <= 13) { text.removeLast() }
        return .createView(name: name, schema: schema, columns: columns, select: select, ifNotExists: ifNotExists,
                           temporary: temporary, sql: text, position: position)
    }

    private mutating func parseCreateTrigger(temporary: Bool) throws -> Statement {
        let ifNotExists = consumeKeywords("IF", "NOT", "EXISTS")
        let namePosition = current.position
        let (schema, name) = try parseQualifiedName()
        let nameStart = tokens[max(0, index - 1)].position
        var timing = TriggerTiming.before
        if consumeKeyword("BEFORE") { timing = .before }
        else if consumeKeyword("AFTER") { timing = .after }
        else if consumeKeywords("INSTEAD", "OF") { timing = .insteadOf }
        let event: TriggerEvent
        if consumeKeyword("INSERT") { event = .insert }
        else if consumeKeyword("DELETE") { event = .delete }
        else if consumeKeyword("UPDATE") {
            if consumeKeyword("OF") {
                var columns = [try parseIdentifier("a column name")]
                while consumeSymbol(",") { columns.append(try parseIdentifier("a column name")) }
                event = .update(columns: columns)
            } else {
                event = .update(columns: nil)
            }
        } else {
            throw unexpected(expecting: "INSERT, DELETE or UPDATE")
        }
        try expectKeyword("ON")
        let (tableSchema, table) = try parseQualifiedName()
        if consumeKeyword("FOR") { try expectKeyword("EACH"); try expectKeyword("ROW") }
        var when: Expression?
        if consumeKeyword("WHEN") { when = try parseExpression() }
        try expectKeyword("BEGIN")
        var body: [Statement] = []
        while !isKeyword("END") {
            guard current.kind != .end else { throw unexpected(expecting: "END") }
            let statement = try parseStatement()
            if let refusal = Parser.refusalInTriggerBody(statement) { throw error(refusal) }
            body.append(statement)
            try expectSymbol(";")
        }
        try expectKeyword("END")
        if body.isEmpty { throw error("a trigger needs at least one statement") }
        // SQLite keeps `CREATE TRIGGER` and the text from the name (without its schema) to END.
        let text = "CREATE TRIGGER " + sourceText(nameStart..<tokens[max(0, index - 1)].end)
        return .createTrigger(CreateTrigger(name: name, ifNotExists: ifNotExists, temporary: temporary, timing: timing,
                                            event: event, table: table, when: when, body: body, sql: text,
                                            schema: schema, tableSchema: tableSchema, namePosition: namePosition))
    }

    /// SQLite's error for what a trigger body may not say: a schema-qualified INSERT, UPDATE
    /// or DELETE target, or an index clause on an UPDATE or DELETE (trigger.c).
    private static func refusalInTriggerBody(_ statement: Statement) -> String? {
        let schema: String?, indexing: TableIndexing
        switch statement {
        case .insert(let s): schema = s.schema; indexing = .automatic
        case .update(let s): schema = s.schema; indexing = s.indexing
        case .delete(let s): schema = s.schema; indexing = s.indexing
        default: return nil
        }
        if schema != nil { return "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers" }
        switch indexing {
        case .automatic: return nil
        case .indexedBy: return "the INDEXED BY clause is not allowed on UPDATE or DELETE statements within triggers"
        case .notIndexed: return "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements within triggers"
        }
    }

    mutating func parseDrop() throws -> Statement {
        try expectKeyword("DROP")
        guard current.kind == .word, ["TABLE", "INDEX", "VIEW", "TRIGGER", "SCHEMA", "ROLE"].contains(current.upper) else {
            throw unexpected(expecting: "TABLE, INDEX, VIEW, TRIGGER, SCHEMA or ROLE")
        }
        let kind = current.upper
        advance()
        let ifExists = consumeKeywords("IF", "EXISTS")
        let position = current.position
        let (schema, name) = try parseQualifiedName()
        _ = consumeKeyword("CASCADE") || consumeKeyword("RESTRICT")
        return .drop(kind: kind, name: name, schema: schema, ifExists: ifExists, position: position)
    }

    mutating func parseAlter() throws -> Statement {
        try expectKeyword("ALTER")
        try expectKeyword("TABLE")
        let (schema, table) = try parseQualifiedName()
        if consumeKeyword("RENAME") {
            if consumeKeyword("TO") {
                return .alterTableRename(table: table, newName: try parseIdentifier("a table name"), schema: schema)
            }
            _ = consumeKeyword("COLUMN")
            let position = current.position
            let from = try parseIdentifier("a column name")
            try expectKeyword("TO")
            return .alterTableRenameColumn(table: table, from: from, to: try parseIdentifier("a column name"), position: position,
                                           schema: schema)
        }
        if consumeKeyword("ADD") {
            _ = consumeKeyword("COLUMN")
            let start = current.position
            var column = try parseColumnDefinition()
            // As SQLite takes it: from the name to the end of the statement, less spaces.
            var text = sourceText(start..<statementEnd)
            while let last = text.utf8.last, last == 32 || (last >= 9 && last <= 13) { text.removeLast() }
            column.text = text
            return .alterTableAddColumn(table: table, column: column, schema: schema)
        }
        if consumeKeyword("DROP") {
            _ = consumeKeyword("COLUMN")
            let position = current.position
            return .alterTableDropColumn(table: table, column: try parseIdentifier("a column name"), position: position,
                                         schema: schema)
        }
        throw unexpected(expecting: "RENAME, ADD or DROP")
    }

    /// GRANT privileges ON [TABLE|SCHEMA] objects TO roles [WITH GRANT OPTION]; REVOKE ... FROM roles.
    mutating func parsePrivileges(grant: Bool) throws -> PrivilegeStatement {
        var privileges: [String] = []
        repeat {
            guard current.kind == .word else { throw unexpected(expecting: "a privilege") }
            var privilege = current.upper
            advance()
            if privilege == "ALL" { _ = consumeKeyword("PRIVILEGES"); privilege = "ALL PRIVILEGES" }
            privileges.append(privilege)
        } while consumeSymbol(",")
        try expectKeyword("ON")
        var kind = "TABLE"
        if consumeKeyword("TABLE") { kind = "TABLE" } else if consumeKeyword("SCHEMA") { kind = "SCHEMA" }
        var objects: [String] = []
        repeat {
            let (schema, name) = try parseQualifiedName()
            objects.append(schema.map { "\($0).\(name)" } ?? name)
        } while consumeSymbol(",")
        try expectKeyword(grant ? "TO" : "FROM")
        var roles: [String] = []
        repeat { roles.append(try parseIdentifier("a role name")) } while consumeSymbol(",")
        var withGrantOption = false
        if grant && consumeKeywords("WITH", "GRANT", "OPTION") { withGrantOption = true }
        return PrivilegeStatement(privileges: privileges, objectKind: kind, objects: objects, roles: roles,
                                  withGrantOption: withGrantOption)
    }
}
