// PRAGMAs about whole schemas: the header integers (user_version, application_id,
// schema_version) each schema keeps, and table_list, which lists every schema's tables and views.

extension Database {
    /// `PRAGMA [schema.]user_version | application_id | schema_version [= n]`: a 32-bit integer
    /// of the schema named (main when none); an assignment is undone by ROLLBACK, as SQLite's
    /// header is part of the transaction.
    func executeHeaderPragma(_ key: String, value: Expression?, schema: String?, compiler: Compiler,
                             ctx: ExecutionContext) throws -> QueryResult {
        let s = try pragmaSchema(schema)
        guard let value else { return QueryResult(columns: [key], rows: [[.integer(catalogs[s].header[key] ?? 0)]]) }
        let number = try compiler.compile(value, in: Scope(parent: nil)).evaluate([], ctx)
        undoLog.append(.catalog(catalogs[s]))
        // sqlite3Atoi: a value outside 32 bits reads as 0.
        catalogs[s].header[key] = Int32(exactly: number.int64Value).map { Int64($0) } ?? 0
        return QueryResult()
    }

    /// The schema a `PRAGMA schema.name` names, main when none.
    func pragmaSchema(_ schema: String?) throws -> Int {
        guard let schema else { return Database.mainSchema }
        guard let s = schemaIndex(named: schema) else { throw SQLError(.unknownTable, "unknown database \(schema)") }
        return s
    }

    /// `PRAGMA [schema.]table_list[(name)]`.
    func tableListResult(_ value: Expression?, schema: String?, compiler: Compiler, ctx: ExecutionContext) throws -> QueryResult {
        var name: String?
        if let value {
            if case .column(_, let word, _) = value { name = word }
            else { name = try compiler.compile(value, in: Scope(parent: nil)).evaluate([], ctx).textForm }
        }
        let schemas = try schema.map { [try pragmaSchema($0)] } ?? Array(catalogs.indices)
        return QueryResult(columns: Compiler.tableListColumns, rows: try compiler.tableListRows(name, schemas: schemas))
    }
}

extension Database {
    /// Pragmas SQLite answers with facts this engine does not have: refused, saying why, rather
    /// than answered with nothing.
    static let refusedPragmas: [String: String] = [
        "page_count": "the database is not stored in pages",
        "cache_spill": "the database is not stored in pages",
        "default_cache_size": "the database is not stored in pages",
        "compile_options": "it describes how SQLite was built",
        "module_list": "there are no virtual table modules",
    ]

    /// PRAGMA pragma_list: the pragmas this engine answers or accepts, sorted.
    static let answeredPragmas: [String] = Set(Compiler.catalogPragmas.keys).union(SettingPragma.all.keys)
        .union(["user_version", "application_id", "schema_version", "foreign_keys", "defer_foreign_keys"]).sorted()
}

extension Compiler {
    static let tableListColumns = ["schema", "name", "type", "ncol", "wr", "strict"]

    /// table_list's rows: for each schema, its tables and views (its schema table and
    /// sqlite_sequence among them) in the order SQLite's schema hash holds them
    /// (Catalog.tableOrder); only those named `name` when given.
    func tableListRows(_ name: String?, schemas: [Int]) throws -> [Row] {
        let key = name.map(asciiLowercased)
        var rows: [Row] = []
        for s in schemas {
            let catalog = database.catalogs[s]
            let schemaName = Value.text(catalog.schemaName)
            func row(_ name: String, _ type: String, _ columns: Int, withoutRowid: Bool = false, strict: Bool = false) -> Row {
                [schemaName, .text(name), .text(type), .integer(Int64(columns)), .integer(withoutRowid ? 1 : 0), .integer(strict ? 1 : 0)]
            }
            for entry in catalog.tableOrder.names {
                if entry == catalog.tableOrder.schemaTable {
                    let aliases = s == Database.tempSchema ? Compiler.tempSchemaTableNames : Compiler.schemaTableNames
                    if key.map(aliases.contains) ?? true {
                        rows.append(row(s == Database.tempSchema ? "sqlite_temp_schema" : "sqlite_schema", "table", 5))
                    }
                    continue
                }
                guard key == nil || key == entry else { continue }
                if let table = catalog.tables[entry] {
                    rows.append(row(table.name, "table", table.columns.count, withoutRowid: table.withoutRowid, strict: table.strict))
                } else if let view = catalog.views[entry] {
                    let saved = (fixedSchema, ctes)
                    fixedSchema = s
                    ctes = []
                    defer { (fixedSchema, ctes) = saved }
                    let count = try view.columnNames?.count ?? compileSelect(view.select, scope: nil).columns.count
                    rows.append(row(view.name, "view", count))
                } else if entry == "sqlite_sequence" {
                    rows.append(row("sqlite_sequence", "table", 2))
                }
            }
        }
        return rows
    }
}
