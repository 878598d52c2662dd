// sqlite_master (also sqlite_schema): the catalog as a read-only table, as SQLite shows it.

extension Compiler {
    static let schemaTableNames: Set<String> = ["sqlite_master", "sqlite_schema"]
    /// The temporary schema's table (also `temp.sqlite_master`).
    static let tempSchemaTableNames: Set<String> = ["sqlite_temp_master", "sqlite_temp_schema"]

    /// The schema whose catalog a schema table describes: `sqlite_temp_master` temp's,
    /// `sqlite_master` the qualifier's (main when unqualified); nil for a qualifier naming no
    /// schema, or `sqlite_temp_master` qualified by another than temp.
    func schemaTableSchema(_ key: String, qualifier: String?) -> Int? {
        let named = qualifier.map { database.schemaIndex(named: $0) } ?? Database.mainSchema
        guard let named else { return nil }
        if Compiler.tempSchemaTableNames.contains(key) {
            return qualifier == nil || named == Database.tempSchema ? Database.tempSchema : nil
        }
        return qualifier == nil ? (fixedSchema ?? Database.mainSchema) : named
    }

    /// Rows of (type, name, tbl_name, rootpage, sql) for every table, index, view and trigger,
    /// with their rowids, in rowid order (the order they were created). Tables and indexes get
    /// root pages from 2 up in that order, as in a new SQLite file.
    func schemaTableRows(_ catalog: Catalog) -> [(rowid: Int64, row: Row)] {
        let writer = DumpWriter(catalog: catalog)
        var entries: [(rowid: Int64, btree: Bool, row: Row)] = []
        if let rowid = catalog.schemaRowids[Catalog.sequenceKey] {
            entries.append((rowid, true, [.text("table"), .text("sqlite_sequence"), .text("sqlite_sequence"), .null,
                                          .text("CREATE TABLE sqlite_sequence(name,seq)")]))
        }
        for table in catalog.tables.values {
            entries.append((catalog.schemaRowid("table", table.name) ?? 0, true,
                            [.text("table"), .text(table.name), .text(table.name), .null, .text(table.sql ?? writer.createTable(table))]))
            for index in table.indexes where !table.isPrimaryKeyTree(index) {
                let sql: Value = index.implicit ? .null : .text(index.sql ?? writer.createIndex(index))
                entries.append((catalog.schemaRowid("index", index.name) ?? 0, true,
                                [.text("index"), .text(index.name), .text(table.name), .null, sql]))
            }
        }
        for view in catalog.views.values {
            entries.append((catalog.schemaRowid("view", view.name) ?? 0, false,
                            [.text("view"), .text(view.name), .text(view.name), .integer(0), .text(view.sql)]))
        }
        for trigger in catalog.triggers.values {
            entries.append((catalog.schemaRowid("trigger", trigger.name) ?? 0, false,
                            [.text("trigger"), .text(trigger.name), .text(trigger.table), .integer(0), .text(trigger.definition.sql)]))
        }
        entries.sort { $0.rowid < $1.rowid }
        var page: Int64 = 1
        return entries.map { entry in
            var row = entry.row
            if entry.btree { page += 1; row[3] = .integer(page) }
            return (entry.rowid, row)
        }
    }

    /// sqlite_sequence: the largest rowid given out so far by each AUTOINCREMENT table that
    /// has had a row, or nil when no AUTOINCREMENT table was ever made (then it does not exist).
    func sequenceTableRows() -> [Row]? {
        guard catalog.schemaRowids[Catalog.sequenceKey] != nil else { return nil }
        return catalog.tables.values.filter { $0.autoincrement && $0.highestRowid > 0 }
            .sorted { (catalog.schemaRowid("table", $0.name) ?? 0) < (catalog.schemaRowid("table", $1.name) ?? 0) }
            .map { [.text($0.name), .integer($0.highestRowid)] }
    }
}
