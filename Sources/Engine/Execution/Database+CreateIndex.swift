// CREATE INDEX: an index on columns, on expressions over the row, or partial (WHERE), by
// SQLite's rules (build.c sqlite3CreateIndex, resolve.c sqlite3ResolveSelfReference) and with
// its error texts. An index on expressions or a partial index keeps its statement's text: the
// catalog, the dump and every schema change that remakes the index read it from there.

extension Database {
    /// Makes the index CREATE INDEX describes on `table` and fills it from the table's rows;
    /// refuses a UNIQUE index the rows already break. `sql` is the statement's text.
    func buildIndex(name: String, schema: String?, table: Table, terms: [OrderingTerm], unique: Bool,
                    whereClause: Expression?, sql: String, position: Int) throws -> TableIndex {
        var columns: [Int] = []
        var expressions: [Int: Expression] = [:]
        for (k, term) in terms.enumerated() {
            var e = term.expression
            if case .collate(let inner, _) = e { e = inner }
            // A string names a column here, as SQLite reads `ON t('a')`.
            if case .literal(.text(let text)) = e { e = .column(table: nil, name: text, position: position) }
            if case .column(nil, let columnName, let p) = e {
                guard let c = table.columnIndex(columnName) else {
                    throw SQLError(.unknownColumn, "no such column: \(columnName)", position: p)
                }
                columns.append(c)
            } else {
                columns.append(TableIndex.expressionColumn)
                expressions[k] = e
            }
        }
        var computed: ComputedIndexKey?
        var expressionCollations: [Int: Collation] = [:]
        if !expressions.isEmpty || whereClause != nil {
            let compiler = Compiler(database: self, sql: sql)
            compiler.pureContext = .index
            var evaluators: [ComputedIndexKey.Evaluate?] = Array(repeating: nil, count: terms.count)
            var read = Set(columns.filter { $0 >= 0 })
            for (k, e) in expressions.sorted(by: { $0.key < $1.key }) {
                try checkIndexExpression(e, of: table, place: "index expressions", compiler: compiler)
                // Without the rowid: SQLite does not resolve `rowid` in an index expression.
                let compiled = try compiler.compile(e, in: Scope.ofTable(table, withRowid: false))
                evaluators[k] = compiled.evaluate
                expressionCollations[k] = compiled.collation ?? .binary
                read.formUnion(columnsRead(by: e, in: table, compiler: compiler))
            }
            var predicate: ComputedIndexKey.Evaluate?
            if let whereClause {
                try checkIndexExpression(whereClause, of: table, place: "partial index WHERE clauses", compiler: compiler)
                predicate = try compiler.compileCondition(whereClause, in: Scope.ofTable(table, withRowid: true)).evaluate
                read.formUnion(columnsRead(by: whereClause, in: table, compiler: compiler))
            }
            computed = ComputedIndexKey(terms: evaluators, predicate: predicate, whereClause: whereClause,
                                        readColumns: read.sorted(), context: ExecutionContext(database: self, parameters: []))
        }
        let index = TableIndex(name: name, table: table, columns: columns, terms: terms, unique: unique, implicit: false,
                               computed: computed, expressionCollations: expressionCollations)
        index.schema = schema
        if !sql.isEmpty { index.sql = sql }
        if let computed {
            // Every row's expressions run once here, so an error among them fails CREATE INDEX.
            for row in table.allRows { try computed.check(row) }
        }
        index.rebuild(from: table)
        if unique, let duplicated = firstDuplicate(in: table, index: index) {
            throw SQLError(.constraint, "UNIQUE constraint failed: \(duplicated)")
        }
        return index
    }

    /// What a UNIQUE constraint failure names: the table's columns, or the index when a key
    /// term is an expression (`index 'i'`, as SQLite says).
    func uniqueConstraintName(_ index: TableIndex, table: Table) -> String {
        if index.columns.contains(TableIndex.expressionColumn) { return "index '\(index.name)'" }
        return index.columns.map { "\(table.name).\(table.columns[$0].name)" }.joined(separator: ", ")
    }

    /// The constraint a UNIQUE index's rows break, when two of its keys (NULL-free) are equal
    /// under the index's collations.
    private func firstDuplicate(in table: Table, index: TableIndex) -> String? {
        var seen = Set<UniqueKey>()
        for row in table.allRows where index.includes(row) {
            guard let key = index.uniqueKey(of: row) else { continue }
            if !seen.insert(key).inserted { return uniqueConstraintName(index, table: table) }
        }
        return nil
    }

    /// An index expression or a partial index's WHERE reads only its own row, through
    /// deterministic functions: no subquery, parameter or non-deterministic function; in a key
    /// term no qualified name either. `place` completes SQLite's message ("... prohibited in
    /// index expressions" or "in partial index WHERE clauses").
    private func checkIndexExpression(_ e: Expression, of table: Table, place: String, compiler: Compiler) throws {
        var problem: (message: String, position: Int?)?
        compiler.visit(e) { node in
            guard problem == nil else { return }
            switch node {
            case .subquery, .exists, .inSelect, .inTable:
                problem = ("subqueries prohibited in \(place)", nil)
            case .parameter(_, let p):
                problem = ("parameters prohibited in \(place)", p)
            case .column(_?, _, let p) where place == "index expressions":
                problem = ("the \".\" operator prohibited in \(place)", p)
            case .function(let call, let p) where call.window == nil:
                let count = call.star ? 0 : call.arguments.count
                if Database.contextFunctions.contains(call.name) && count == 0 {
                    problem = ("non-deterministic functions prohibited in \(place)", p)
                } else if let scalar = FunctionRegistry.scalar(call.name, argumentCount: count), !scalar.deterministic,
                          !ClockFunctions.names.contains(call.name) {
                    problem = ("non-deterministic functions prohibited in \(place)", p)
                }
            default:
                break
            }
        }
        if let problem { throw SQLError(.misuse, problem.message, position: problem.position) }
    }

    /// The table's columns an expression names (a name it does not know reads none).
    private func columnsRead(by e: Expression, in table: Table, compiler: Compiler) -> Set<Int> {
        var read = Set<Int>()
        compiler.visit(e) { node in
            if case .column(_, let name, _) = node {
                if let c = table.columnIndex(name) { read.insert(c) } else if ["rowid", "oid", "_rowid_"].contains(asciiLowercased(name)) { read.insert(table.columns.count) }
            }
        }
        return read
    }

    /// The index again on `table` (a copy of its table after ALTER TABLE), from `sql`, the
    /// text of its CREATE INDEX (rewritten by a rename). An index of plain columns needs no
    /// text to be built: `columns` gives them on the new table.
    func remadeIndex(_ index: TableIndex, on table: Table, sql: String?, columns: [Int], terms: [OrderingTerm]) throws -> TableIndex {
        guard index.computed != nil, let sql else {
            let remade = TableIndex(name: index.name, table: table, columns: columns, terms: terms, unique: index.unique, implicit: false)
            remade.schema = index.schema
            remade.sql = sql
            remade.rebuild(from: table)
            return remade
        }
        var parser = try Parser(sql)
        guard case let .createIndex(name, schema, _, terms, unique, _, whereClause, _, _) = try parser.parseStatement() else {
            throw SQLError(.misuse, "malformed index text: \(sql)")
        }
        return try buildIndex(name: name, schema: schema, table: table, terms: terms, unique: unique,
                              whereClause: whereClause, sql: sql, position: 0)
    }
}

extension Database {
    /// After ADD COLUMN: the rowid sits one slot further in the copy's rows, so the copy's
    /// indexes on expressions and partial indexes are compiled again against it.
    func recompileComputedIndexes(of table: Table) throws {
        for (i, index) in table.indexes.enumerated() where index.computed != nil {
            table.indexes[i] = try remadeIndex(index, on: table, sql: index.sql, columns: index.columns, terms: index.terms)
        }
    }

    /// The byte offset of the `(` that opens the key terms in a CREATE INDEX text: a rename of
    /// a column rewrites the text from there on, never the index's or the table's name.
    static func indexKeyStart(in sql: String) throws -> Int {
        try Lexer.tokenize(sql).first { $0.kind == .symbol && $0.text == "(" }?.position ?? 0
    }

    /// A CREATE INDEX text for its table renamed (ALTER TABLE RENAME TO): the name after ON and
    /// each qualifier naming the table, written as SQLite writes them (`ON "t2"(`, `"t2".a`).
    static func renamingIndexTable(_ old: String, to new: String, in sql: String) throws -> String {
        let tokens = try Lexer.tokenize(sql)
        guard let on = tokens.firstIndex(where: { $0.kind == .word && $0.upper == "ON" }) else { return sql }
        let key = asciiLowercased(old)
        let quoted = Array(("\"" + new.replacingAll("\"", with: "\"\"") + "\"").utf8)
        var bytes = Array(sql.utf8)
        for (i, token) in tokens.enumerated().reversed()
        where i > on && (token.kind == .word || token.kind == .quotedIdentifier) && asciiLowercased(token.text) == key {
            let qualifies = i + 1 < tokens.count && tokens[i + 1].kind == .symbol && tokens[i + 1].text == "."
            if i == on + 1 || qualifies { bytes.replaceSubrange(token.position..<token.end, with: quoted) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
