// sqlite_master (also sqlite_schema): the catalog as a read-only table, as SQLite shows it.

extension Compiler {
    static let schemaTableNames: Set<String> = ["sqlite_master", "sqlite_schema"]

    /// Rows of (type, name, tbl_name, rootpage, sql) for every table, index, view and trigger.
    func schemaTableRows() -> [Row] {
        let writer = DumpWriter(catalog: catalog)
        var rows: [Row] = []
        for table in catalog.tables.values.sorted(by: { asciiLowercased($0.name) < asciiLowercased($1.name) }) {
            rows.append([.text("table"), .text(table.name), .text(table.name), .integer(0), .text(writer.createTable(table))])
            for index in table.indexes {
                let sql: Value = index.implicit ? .null : .text(writer.createIndex(index))
                rows.append([.text("index"), .text(index.name), .text(table.name), .integer(0), sql])
            }
        }
        for view in catalog.views.values.sorted(by: { asciiLowercased($0.name) < asciiLowercased($1.name) }) {
            rows.append([.text("view"), .text(view.name), .text(view.name), .integer(0), .text(view.sql)])
        }
        for trigger in catalog.triggers.values.sorted(by: { asciiLowercased($0.name) < asciiLowercased($1.name) }) {
            rows.append([.text("trigger"), .text(trigger.name), .text(trigger.table), .integer(0), .text(trigger.definition.sql)])
        }
        return rows
    }
}
