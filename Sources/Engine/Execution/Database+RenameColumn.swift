// ALTER TABLE RENAME COLUMN: the table is made again with the column renamed in its
// definition, constraints (CHECK texts rewritten token by token), indexes and the foreign keys
// of tables that reference it, by SQLite's rules and error texts; the views and triggers that
// name it are rewritten too (Database+RenameColumnInSchema.swift).

extension Database {
    /// `quoted`: the new name was written in quotes, so every renamed name is (SQLite's rule).
    func renameColumn(table tableName: String, in s: Int, from old: String, to new: String, quoted: Bool, position: Int,
                      before: Catalog) throws {
        let table = try alterableTable(tableName, in: s, viewMessage: "cannot rename columns of view \"\(tableName)\"",
                                       position: position)
        guard let c = table.columnIndex(old) else {
            throw SQLError(.unknownColumn, "no such column: \"\(old)\"", position: position)
        }
        if let other = table.columnIndex(new), other != c {
            throw SQLError(.runtime, "error in table \(table.name) after rename: duplicate column name: \(new)")
        }
        let oldName = table.columns[c].name
        // Found while the table is as it was: the views and triggers compile against it.
        let viewsAndTriggers = try columnRenamesInViewsAndTriggers(table: table, column: c, old: oldName, new: new,
                                                                      quoted: quoted, in: s)
        let temp = catalogs[Database.tempSchema]
        func renamed(_ name: String) -> String { asciiLowercased(name) == asciiLowercased(oldName) ? new : name }
        func renamedKey(_ column: IndexedColumn) -> IndexedColumn { var c = column; c.name = renamed(c.name); return c }
        func renamedCheck(_ text: String) throws -> (Expression, String) {
            let rewritten = try Database.renaming(oldName, to: new, quoted: quoted, in: text)
            var parser = try Parser(rewritten)
            return (try parser.parseExpression(), rewritten)
        }
        func renamedReferences(_ clause: ForeignKeyClause) -> ForeignKeyClause {
            guard asciiLowercased(clause.table) == asciiLowercased(table.name) else { return clause }
            var clause = clause
            clause.columns = clause.columns.map(renamed)
            return clause
        }
        var definitions = table.columns.map(\.definition)
        definitions[c].name = new
        for i in definitions.indices {
            let checks = try definitions[i].checkText.map(renamedCheck)
            definitions[i].check = checks.map(\.0)
            definitions[i].checkText = checks.map(\.1)
            definitions[i].references = definitions[i].references.map(renamedReferences)
            if let generated = definitions[i].generated {
                let (e, rewritten) = try renamedCheck(generated.text)
                definitions[i].generated = GeneratedColumn(expression: e, text: rewritten, stored: generated.stored)
            }
        }
        let constraints: [TableConstraint] = try table.tableConstraints.map { constraint in
            switch constraint {
            case .primaryKey(let columns, let name, let conflict): return .primaryKey(columns.map(renamedKey), name: name, conflict: conflict)
            case .unique(let columns, let name, let conflict): return .unique(columns.map(renamedKey), name: name, conflict: conflict)
            case .check(_, let text, let name):
                let (e, rewritten) = try renamedCheck(text)
                return .check(e, text: rewritten, name: name)
            case .foreignKey(let columns, let clause, let name):
                return .foreignKey(columns.map(renamed), renamedReferences(clause), name: name)
            }
        }
        let copy = try makeTable(table.name, schema: table.schema, columns: definitions, constraints: constraints,
                                 strict: table.strict, position: position)
        copy.withoutRowid = table.withoutRowid
        copy.sql = try table.sql.flatMap { try TableText.renamingColumn(oldName, to: new, quoted: quoted, table: table.name, in: $0) } ?? table.sql
        copy.autoincrement = table.autoincrement
        copy.highestRowid = table.highestRowid
        copy.load(storedRows: table.allRows)
        for index in table.indexes where !index.implicit {
            let terms = index.terms.map { term -> OrderingTerm in
                var term = term
                term.expression = Database.renamingColumn(term.expression, renamed)
                return term
            }
            // An index on expressions or a partial index: its text renamed after `ON t(`.
            let sql = try index.sql.map { sql in
                try Database.renaming(oldName, to: new, quoted: quoted, in: sql, from: try Database.indexKeyStart(in: sql))
            }
            copy.indexes.append(try remadeIndex(index, on: copy, sql: sql, columns: index.columns, terms: terms))
        }
        for index in copy.indexes where index.computed == nil { index.rebuild(from: copy) }
        undoLog.append(.catalog(before))
        catalogs[s].tables[asciiLowercased(table.name)] = copy
        for index in copy.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
        try rewriteReferences(to: table.name, in: s, except: copy, clause: renamedReferences,
                              text: { try TableText.renamingReferencedColumn(oldName, to: new, quoted: quoted, table: table.name, in: $0) })
        try applyColumnRenames(viewsAndTriggers, in: s, before: [Database.tempSchema: temp])
    }

    /// Makes again each table of schema `s` (but `except`, when given) whose foreign keys reference
    /// `parent`, with each such clause and its CREATE TABLE text rewritten (rows and indexes
    /// carried over), for a RENAME COLUMN or RENAME TO of the parent.
    func rewriteReferences(to parent: String, in s: Int, except: Table?, clause rewrite: (ForeignKeyClause) -> ForeignKeyClause,
                           text: (String) throws -> String) throws {
        let key = asciiLowercased(parent)
        func rewritten(_ clause: ForeignKeyClause) -> ForeignKeyClause { asciiLowercased(clause.table) == key ? rewrite(clause) : clause }
        for (name, other) in catalogs[s].tables where other !== except {
            guard other.foreignKeys.contains(where: { asciiLowercased($0.clause.table) == key }) else { continue }
            let changed = other.copy(renamedTo: other.name)
            changed.sql = try other.sql.map(text)
            changed.foreignKeys = other.foreignKeys.map { ($0.columns, rewritten($0.clause), $0.name) }
            changed.tableConstraints = other.tableConstraints.map { constraint in
                if case .foreignKey(let columns, let clause, let name) = constraint {
                    return .foreignKey(columns, rewritten(clause), name: name)
                }
                return constraint
            }
            changed.columns = other.columns.map { column in
                var column = column
                column.definition.references = column.definition.references.map(rewritten)
                return column
            }
            catalogs[s].tables[name] = changed
            for index in changed.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
        }
    }

    /// `sql` with each identifier token `old` (not a function name) written as `new`, from the
    /// byte offset `start` on.
    static func renaming(_ old: String, to new: String, quoted: Bool = false, in sql: String, from start: Int = 0) throws -> String {
        let key = asciiLowercased(old)
        let tokens = try Lexer.tokenize(sql)
        var bytes = Array(sql.utf8)
        for (i, token) in tokens.enumerated().reversed()
        where token.position >= start && (token.kind == .word || token.kind == .quotedIdentifier) && asciiLowercased(token.text) == key {
            if i + 1 < tokens.count, tokens[i + 1].kind == .symbol, tokens[i + 1].text == "(" { continue }
            // A quoted name stays quoted, as SQLite rewrites it (`"b"` becomes `"bb"`).
            bytes.replaceSubrange(token.position..<token.end, with: Array(TableText.renamedName(new, for: token, quoted: quoted).utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the new name of `RENAME COLUMN old TO new` in `sql` (`old` at byte `position`)
    /// is written in quotes.
    static func newNameIsQuoted(_ sql: String, from position: Int) -> Bool {
        guard let tokens = try? Lexer.tokenize(sql), let i = tokens.firstIndex(where: { $0.position == position }),
              i + 2 < tokens.count else { return false }
        return tokens[i + 2].kind == .quotedIdentifier
    }

    /// An index term with a column name renamed.
    static func renamingColumn(_ e: Expression, _ renamed: (String) -> String) -> Expression {
        switch e {
        case let .column(table, name, position): return .column(table: table, name: renamed(name), position: position)
        case let .collate(inner, collation): return .collate(renamingColumn(inner, renamed), collation: collation)
        default: return e
        }
    }
}
