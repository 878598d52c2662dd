// The catalog: every named object, looked up case-insensitively as SQLite does.

/// All tables, indexes, views, triggers, schemas and roles of a database.
/// A struct of dictionaries, so a copy is a cheap snapshot for rolling back DDL.
struct Catalog {
    /// The schema's name as queries qualify it: "main", "temp", or an attached database's.
    var schemaName = "main"
    /// The file an attached database was read from ("" for main, temp and `:memory:`).
    var file = ""
    /// True for an attached dump file: its objects are read, never changed.
    var readOnly = false
    var tables: [String: Table] = [:] { didSet { numberSchemaRows() } }
    var indexes: [String: TableIndex] = [:] { didSet { numberSchemaRows() } }
    var views: [String: ViewSchema] = [:] { didSet { numberSchemaRows() } }
    var triggers: [String: TriggerSchema] = [:] { didSet { numberSchemaRows() } }
    /// Each object's rowid in sqlite_master ("kind:key"): one past the largest when it was
    /// created, as SQLite's INSERT into its schema table gives. A table's UNIQUE and PRIMARY
    /// KEY indexes come right after it, then sqlite_sequence after the first AUTOINCREMENT
    /// table, which stays once made.
    private(set) var schemaRowids: [String: Int64] = [:]
    /// The order SQLite's schema hash keeps the tables and views in: PRAGMA table_list's.
    private(set) var tableOrder = SchemaHashOrder(schemaTable: "sqlite_master")
    /// PRAGMA user_version, application_id and schema_version: integers a file's header holds.
    /// schema_version counts the statements that changed the schema, as SQLite's cookie does.
    var header: [String: Int64] = [:]
    var schemas: Set<String> = []
    var roles: Set<String> = []
    var grants: Set<Grant> = []

    init() {}

    init(schemaName: String, file: String = "") {
        self.schemaName = schemaName
        self.file = file
        if schemaName == "temp" { tableOrder = SchemaHashOrder(schemaTable: "sqlite_temp_master") }
    }

    /// True when the schema holds no table, index, view or trigger.
    var isEmpty: Bool { tables.isEmpty && views.isEmpty && indexes.isEmpty && triggers.isEmpty }

    func table(_ name: String) -> Table? { tables[asciiLowercased(name)] }
    func view(_ name: String) -> ViewSchema? { views[asciiLowercased(name)] }

    /// True when a table, view or index already uses this name (they share one namespace).
    func nameInUse(_ name: String) -> Bool {
        let key = asciiLowercased(name)
        return tables[key] != nil || views[key] != nil || indexes[key] != nil
    }

    static let sequenceKey = "table:sqlite_sequence"

    /// Gives each new object its sqlite_master rowid and forgets the dropped ones.
    private mutating func numberSchemaRows() {
        var live: Set<String> = [Catalog.sequenceKey]
        var rowids = schemaRowids
        var largest = rowids.values.max() ?? 0
        func number(_ key: String) {
            live.insert(key)
            if rowids[key] == nil { largest += 1; rowids[key] = largest }
        }
        for (key, table) in tables.sorted(by: { $0.key < $1.key }) {
            number("table:" + key)
            for index in table.indexes where index.implicit && !table.isPrimaryKeyTree(index) {
                number("index:" + asciiLowercased(index.name))
            }
            if table.autoincrement { number(Catalog.sequenceKey) }
        }
        for (key, index) in indexes.sorted(by: { $0.key < $1.key }) where !index.implicit { number("index:" + key) }
        for key in views.keys.sorted() { number("view:" + key) }
        for key in triggers.keys.sorted() { number("trigger:" + key) }
        if rowids.count > live.count || rowids.keys.contains(where: { !live.contains($0) }) {
            rowids = rowids.filter { live.contains($0.key) }
        }
        schemaRowids = rowids
        followTableOrder()
    }

    /// The keys of the tables and views (and sqlite_sequence once made) in sqlite_master order.
    private func tableKeysInSchemaOrder() -> [String] {
        var keys = tables.keys.map { ($0, schemaRowids["table:" + $0] ?? .max) } + views.keys.map { ($0, schemaRowids["view:" + $0] ?? .max) }
        if let rowid = schemaRowids[Catalog.sequenceKey] { keys.append(("sqlite_sequence", rowid)) }
        return keys.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// Brings `tableOrder` up to date: a dropped name leaves it, a new one is put in (a new
    /// sqlite_sequence first, as SQLite makes it before the AUTOINCREMENT table).
    private mutating func followTableOrder() {
        let keys = tableKeysInSchemaOrder()
        let live = Set(keys)
        for name in tableOrder.names where !live.contains(name) && name != tableOrder.schemaTable { tableOrder.remove(name) }
        let present = Set(tableOrder.names)
        let added = keys.filter { !present.contains($0) }
        guard !added.isEmpty else { return }
        for name in added.sorted(by: { ($0 == "sqlite_sequence" ? 0 : 1) < ($1 == "sqlite_sequence" ? 0 : 1) }) { tableOrder.insert(name) }
    }

    /// SQLite reads a schema again after an ALTER TABLE or a rollback that undid a change to
    /// it: its hash starts afresh, filled in sqlite_master order.
    mutating func reloadTableOrder() {
        var order = SchemaHashOrder(schemaTable: tableOrder.schemaTable)
        for name in tableKeysInSchemaOrder() { order.insert(name) }
        tableOrder = order
    }

    /// ALTER TABLE RENAME TO: the table under its new name, keeping its sqlite_master rowid and
    /// its implicit indexes' (SQLite updates those rows in place).
    mutating func renameTable(_ old: Table, to new: Table) {
        var moved: [String: Int64] = [:]
        moved["table:" + asciiLowercased(new.name)] = schemaRowid("table", old.name)
        for (before, after) in zip(old.indexes, new.indexes) where before.implicit {
            moved["index:" + asciiLowercased(after.name)] = schemaRowid("index", before.name)
        }
        tables[asciiLowercased(old.name)] = nil
        tables[asciiLowercased(new.name)] = new
        schemaRowids.merge(moved) { $1 }
    }

    /// An object's rowid in sqlite_master, or nil when it is not in the catalog.
    func schemaRowid(_ kind: String, _ name: String) -> Int64? { schemaRowids[kind + ":" + asciiLowercased(name)] }

    func indexes(on table: Table) -> [TableIndex] {
        table.indexes
    }

    func triggers(on table: String) -> [TriggerSchema] {
        let key = asciiLowercased(table)
        return triggers.values.filter { asciiLowercased($0.table) == key }.sorted { $0.name < $1.name }
    }
}

extension Table {
    /// True for a WITHOUT ROWID table's PRIMARY KEY index: the table itself in SQLite, so it
    /// has no row of its own in sqlite_master.
    func isPrimaryKeyTree(_ index: TableIndex) -> Bool {
        withoutRowid && index.implicit && index.columns == primaryKey
    }
}
