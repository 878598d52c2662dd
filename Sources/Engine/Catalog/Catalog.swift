// The catalog: every named object, looked up case-insensitively as SQLite does.

/// All tables, indexes, views, triggers, schemas and roles of a database.
/// A struct of dictionaries, so a copy is a cheap snapshot for rolling back DDL.
struct Catalog {
    var tables: [String: Table] = [:]
    var indexes: [String: TableIndex] = [:]
    var views: [String: ViewSchema] = [:]
    var triggers: [String: TriggerSchema] = [:]
    var schemas: Set<String> = []
    var roles: Set<String> = []
    var grants: Set<Grant> = []

    func table(_ name: String) -> Table? { tables[asciiLowercased(name)] }
    func view(_ name: String) -> ViewSchema? { views[asciiLowercased(name)] }

    /// True when a table, view or index already uses this name (they share one namespace).
    func nameInUse(_ name: String) -> Bool {
        let key = asciiLowercased(name)
        return tables[key] != nil || views[key] != nil || indexes[key] != nil
    }

    func indexes(on table: Table) -> [TableIndex] {
        table.indexes
    }

    func triggers(on table: String) -> [TriggerSchema] {
        let key = asciiLowercased(table)
        return triggers.values.filter { asciiLowercased($0.table) == key }.sorted { $0.name < $1.name }
    }
}
