// The PRAGMAs that describe the catalog, with SQLite 3.40's columns and rows (table_info,
// table_xinfo, index_list, index_info, index_xinfo, foreign_key_list, integrity_check, ...).
// The same rows answer `PRAGMA name(arg)` and the table-valued function `pragma_name(arg)`,
// which has two hidden columns more, `arg` and `schema`, as SQLite's pragma virtual tables do.

/// A pragma that answers with rows.
struct CatalogPragma: Sendable {
    let columns: [String]
    /// What it can be asked about (the names of tables, or of indexes); nil when it takes no
    /// argument. A table-valued function lists the rows of every one, joined on its argument.
    let arguments: (@Sendable (Compiler) -> [String])?
    /// Its rows for one argument (nil for a pragma without one).
    let rows: @Sendable (Compiler, String?) throws -> [Row]
}

extension Compiler {
    static let catalogPragmas: [String: CatalogPragma] = [
        "table_info": CatalogPragma(columns: ["cid", "name", "type", "notnull", "dflt_value", "pk"],
                                    arguments: { $0.tableAndViewNames() },
                                    rows: { compiler, name in try compiler.tableInfoRows(name ?? "", extended: false) }),
        "table_xinfo": CatalogPragma(columns: ["cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"],
                                     arguments: { $0.tableAndViewNames() },
                                     rows: { compiler, name in try compiler.tableInfoRows(name ?? "", extended: true) }),
        "index_list": CatalogPragma(columns: ["seq", "name", "unique", "origin", "partial"],
                                    arguments: { $0.tableAndViewNames() },
                                    rows: { compiler, name in compiler.indexListRows(name ?? "") }),
        "index_info": CatalogPragma(columns: ["seqno", "cid", "name"],
                                    arguments: { $0.indexNames() },
                                    rows: { compiler, name in compiler.indexInfoRows(name ?? "", extended: false) }),
        "index_xinfo": CatalogPragma(columns: ["seqno", "cid", "name", "desc", "coll", "key"],
                                     arguments: { $0.indexNames() },
                                     rows: { compiler, name in compiler.indexInfoRows(name ?? "", extended: true) }),
        "foreign_key_list": CatalogPragma(columns: ["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"],
                                          arguments: { $0.tableAndViewNames() },
                                          rows: { compiler, name in compiler.foreignKeyRows(name ?? "") }),
        // Child rows whose key names no parent row (Execution/Database+ForeignKeys.swift).
        "foreign_key_check": CatalogPragma(columns: ["table", "rowid", "parent", "fkid"],
                                           arguments: { compiler in compiler.catalog.tables.values.map(\.name) },
                                           rows: { compiler, name in try compiler.database.foreignKeyCheckRows(table: name) }),
        // An in-memory database that is always consistent.
        "integrity_check": CatalogPragma(columns: ["integrity_check"], arguments: nil, rows: { _, _ in [[.text("ok")]] }),
        "quick_check": CatalogPragma(columns: ["quick_check"], arguments: nil, rows: { _, _ in [[.text("ok")]] }),
        "encoding": CatalogPragma(columns: ["encoding"], arguments: nil, rows: { _, _ in [[.text("UTF-8")]] }),
        "database_list": CatalogPragma(columns: ["seq", "name", "file"], arguments: nil,
                                       rows: { compiler, _ in compiler.database.databaseListRows() }),
        "function_list": CatalogPragma(columns: ["name", "builtin", "type", "enc", "narg", "flags"], arguments: nil,
                                       rows: { _, _ in Compiler.functionListRows() }),
        // Every schema's tables and views (Catalog/SchemaPragmas.swift); the PRAGMA statement
        // lists them in one pass, the table-valued function name by name.
        "table_list": CatalogPragma(columns: Compiler.tableListColumns,
                                    arguments: { compiler in
                                        let rows = (try? compiler.tableListRows(nil, schemas: Array(compiler.database.catalogs.indices))) ?? []
                                        var seen = Set<String>()
                                        return rows.compactMap { $0[1].textForm }.filter { seen.insert(asciiLowercased($0)).inserted }
                                    },
                                    rows: { compiler, name in
                                        try compiler.tableListRows(name, schemas: Array(compiler.database.catalogs.indices))
                                    }),
        // No write-ahead log: nothing to checkpoint, as SQLite answers for a database not in WAL mode.
        "wal_checkpoint": CatalogPragma(columns: ["busy", "log", "checkpointed"], arguments: nil,
                                        rows: { _, _ in [[.integer(0), .integer(-1), .integer(-1)]] }),
        "pragma_list": CatalogPragma(columns: ["name"], arguments: nil,
                                     rows: { _, _ in Database.answeredPragmas.map { [.text($0)] } }),
        "collation_list": CatalogPragma(columns: ["seq", "name"], arguments: nil,
                                        rows: { _, _ in [Collation.rtrim, .nocase, .binary].enumerated().map { [.integer(Int64($0)), .text($1.name)] } }),
    ]

    /// The catalog pragma a `pragma_name` table-valued function reads, if there is one.
    static func pragmaFunction(_ name: String) -> CatalogPragma? {
        let key = asciiLowercased(name)
        guard key.hasPrefix("pragma_") else { return nil }
        return catalogPragmas[String(key.dropFirst("pragma_".count))]
    }

    func tableAndViewNames() -> [String] {
        catalog.tables.values.map(\.name) + catalog.views.values.map(\.name)
            + (catalog.schemaRowids[Catalog.sequenceKey] != nil ? ["sqlite_sequence"] : [])
    }

    func indexNames() -> [String] {
        catalog.tables.values.flatMap { $0.indexes.map(\.name) }
    }

    /// table_info / table_xinfo: one row per column. A view's columns have the declared type
    /// of the table column they read, else none.
    func tableInfoRows(_ name: String, extended: Bool) throws -> [Row] {
        if let table = catalog.table(name) {
            // Generated columns are hidden: table_info leaves them out (and numbers the others
            // without them), table_xinfo shows them with hidden = 2 (VIRTUAL) or 3 (STORED).
            var rows: [Row] = []
            for (i, column) in table.columns.enumerated() {
                let generated = column.definition.generated
                if generated != nil && !extended { continue }
                let keyPosition = table.rowidColumn == i ? 1 : (table.primaryKey.firstIndex(of: i).map { $0 + 1 } ?? 0)
                var row: Row = [.integer(Int64(extended ? i : rows.count)), .text(column.name), .text(Compiler.shownType(column.declaredType)),
                                .integer(column.notNull ? 1 : 0), column.defaultText.map { .text(Compiler.defaultShown($0)) } ?? .null,
                                .integer(Int64(keyPosition))]
                if extended { row.append(.integer(generated.map { $0.stored ? 3 : 2 } ?? 0)) }
                rows.append(row)
            }
            return rows
        }
        guard let view = catalog.view(name) else {
            // The schema tables: columns without declared types.
            let key = asciiLowercased(name)
            let columns = Compiler.schemaTableNames.contains(key) || Compiler.tempSchemaTableNames.contains(key)
                ? ["type", "name", "tbl_name", "rootpage", "sql"]
                : key == "sqlite_sequence" && catalog.schemaRowids[Catalog.sequenceKey] != nil ? ["name", "seq"] : []
            let types = columns.count == 5 ? ["TEXT", "TEXT", "TEXT", "INT", "TEXT"] : ["", ""]
            return columns.enumerated().map { (i, column) in
                [.integer(Int64(i)), .text(column), .text(types[i]), .integer(0), .null, .integer(0)] + (extended ? [.integer(0)] : [])
            }
        }
        let saved = ctes
        ctes = []
        defer { ctes = saved }
        let plan = try compileSelect(view.select, scope: nil)
        let names = view.columnNames ?? plan.columns
        let types = viewColumnTypes(view, count: names.count)
        return names.enumerated().map { (i, column) in
            var row: Row = [.integer(Int64(i)), .text(column), .text(types[i]), .integer(0), .null, .integer(0)]
            if extended { row.append(.integer(0)) }
            return row
        }
    }

    /// A declared type as table_info shows it: one of the six types a STRICT table knows in
    /// capitals, whatever their case as written (SQLite 3.37 on), any other as written.
    static func shownType(_ declared: String?) -> String {
        guard let declared else { return "" }
        let upper = asciiUppercased(declared)
        return ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"].contains(upper) ? upper : declared
    }

    /// SQLite shows a default as written, without the parentheses around an expression.
    static func defaultShown(_ text: String) -> String {
        guard text.hasPrefix("("), text.hasSuffix(")"), text.count >= 2 else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// The declared types of a view's columns that read a column of its one table directly.
    private func viewColumnTypes(_ view: ViewSchema, count: Int) -> [String] {
        var types = [String](repeating: "", count: count)
        guard case .core(let core) = view.select.body, case .table(let tableName, _, _, _, _)? = core.from,
              let table = catalog.table(tableName) else { return types }
        func declared(_ column: String) -> String {
            Compiler.shownType(table.columns.first { asciiLowercased($0.name) == asciiLowercased(column) }?.declaredType)
        }
        var i = 0
        for column in core.columns where i < count {
            switch column {
            case .all, .allOf:
                for c in table.columns where i < count { types[i] = Compiler.shownType(c.declaredType); i += 1 }
            case .expression(let e, _, _):
                if case .column(_, let name, _) = e { types[i] = declared(name) }
                i += 1
            }
        }
        return types
    }

    /// index_list: the table's indexes, the newest first, with how each was made: `c` by
    /// CREATE INDEX, `u` by a UNIQUE constraint, `pk` by the PRIMARY KEY.
    func indexListRows(_ name: String) -> [Row] {
        guard let table = catalog.table(name) else { return [] }
        return table.indexes.reversed().enumerated().map { (seq, index) in
            let origin = !index.implicit ? "c" : (table.rowidColumn == nil && index.columns == table.primaryKey ? "pk" : "u")
            return [.integer(Int64(seq)), .text(index.name), .integer(index.unique ? 1 : 0), .text(origin),
                    .integer(index.isPartial ? 1 : 0)]
        }
    }

    /// index_info / index_xinfo: the index's columns; xinfo adds the direction, the collation,
    /// and the rowid that ends every key.
    func indexInfoRows(_ name: String, extended: Bool) -> [Row] {
        let key = asciiLowercased(name)
        guard let (table, index) = catalog.tables.values.lazy.compactMap({ table in
            table.indexes.first { asciiLowercased($0.name) == key }.map { (table, $0) }
        }).first else { return [] }
        var rows: [Row] = index.columns.enumerated().map { (k, column) in
            // A key term that is an expression: cid -2 and no name, as SQLite shows it.
            let name: Value = column >= 0 ? .text(table.columns[column].name) : .null
            var row: Row = [.integer(Int64(k)), .integer(Int64(column)), name]
            if extended {
                let descending = k < index.terms.count && index.terms[k].descending
                row += [.integer(descending ? 1 : 0), .text(index.collations[k].name), .integer(1)]
            }
            return row
        }
        if extended {
            rows.append([.integer(Int64(index.columns.count)), .integer(-1), .null, .integer(0), .text("BINARY"), .integer(0)])
        }
        return rows
    }

    /// foreign_key_list: one row per column of each foreign key, the last declared first.
    func foreignKeyRows(_ name: String) -> [Row] {
        guard let table = catalog.table(name) else { return [] }
        var rows: [Row] = []
        for (id, key) in table.foreignKeys.reversed().enumerated() {
            for (seq, column) in key.columns.enumerated() {
                let to: Value = seq < key.clause.columns.count ? .text(key.clause.columns[seq]) : .null
                rows.append([.integer(Int64(id)), .integer(Int64(seq)), .text(key.clause.table), .text(table.columns[column].name), to,
                             .text(key.clause.onUpdate ?? "NO ACTION"), .text(key.clause.onDelete ?? "NO ACTION"), .text("NONE")])
            }
        }
        return rows
    }

    /// `pragma_name(arg, schema)` in FROM: the pragma's columns and hidden `arg` and `schema`.
    /// With a constant argument (or one from an outer query) the rows are that argument's; an
    /// argument that reads an earlier FROM item joins on `arg`, as SQLite's xBestIndex lets it.
    func pragmaFunctionSource(_ pragma: CatalogPragma, name: String, arguments: [Expression], alias: String?,
                              scope: Scope, position: Int) throws -> (ScopeSource, (ExecutionContext) throws -> [Row], [Expression]) {
        let columns = pragma.columns + ["arg", "schema"]
        var source = ScopeSource(name: alias ?? name, columns: columns, offset: 0,
                                 affinities: Array(repeating: nil, count: columns.count),
                                 collations: Array(repeating: nil, count: pragma.columns.count) + [.nocase, .nocase], rowidColumn: nil)
        source.leftOutOfStar = [pragma.columns.count, pragma.columns.count + 1]
        guard arguments.count <= (pragma.arguments == nil ? 0 : 2) else {
            throw error(.misuse, "too many arguments on \(name)() - max \(pragma.arguments == nil ? 0 : 2)", at: position)
        }
        /// The rows for one argument in one schema (the one named, else where the argument is
        /// found), with the hidden columns filled in.
        let rowsFor: (String?, Int?) throws -> [Row] = { argument, named in
            let schema = named ?? argument.flatMap { self.database.relationSchema($0, qualifier: nil) } ?? Database.mainSchema
            let saved = self.fixedSchema
            self.fixedSchema = schema
            defer { self.fixedSchema = saved }
            let schemaName = Value.text(self.database.catalogs[schema].schemaName)
            return try pragma.rows(self, argument).map { $0 + [argument.map { .text($0) } ?? .null, schemaName] }
        }
        // An argument that reads no earlier FROM item is computed when the rows are needed
        // (per outer row when it reads an outer query); one that does joins on the hidden column.
        let outer = Scope(parent: scope.parent)
        outer.isTriggerBody = scope.isTriggerBody
        var given: [CompiledExpression?] = []
        var joins: [Expression] = []
        for (i, argument) in arguments.enumerated() {
            if let compiled = try? compile(argument, in: outer) {
                given.append(compiled)
            } else {
                given.append(nil)
                joins.append(.binary(.equal, .column(table: alias ?? name, name: columns[pragma.columns.count + i], position: position),
                                     argument))
            }
        }
        if outer.readsOuter { scope.readsOuter = true }
        return (source, { ctx in
            let values = try given.map { try $0?.evaluate([], ctx) }
            // The second argument names the schema; one that is not there has no objects.
            var named: Int?
            if values.count > 1, let schema = values[1] {
                guard let s = schema.textForm.flatMap({ self.database.schemaIndex(named: $0) }) else { return [] }
                named = s
            }
            if let first = values.first, let value = first {
                guard let text = value.textForm, pragma.arguments != nil else { return [] }
                return try rowsFor(text, named)
            }
            guard let names = pragma.arguments?(self) else { return try rowsFor(nil, named) }
            return try names.flatMap { try rowsFor($0, named) }
        }, joins)
    }
}
