// The catalog's objects: columns, tables, indexes, views, triggers, roles and grants.

/// A column of a table, with what CREATE TABLE said about it.
struct ColumnSchema {
    var name: String
    var declaredType: String?
    var affinity: Affinity
    var notNull: Bool
    var defaultValue: Expression?
    var defaultText: String?
    var collation: Collation
    var collationName: String?
    var definition: ColumnDefinition
    /// The column's type in a STRICT table: values it cannot hold are refused.
    var strictType: StrictType?

    init(_ definition: ColumnDefinition, strictType: StrictType? = nil) {
        self.definition = definition
        self.strictType = strictType
        name = definition.name
        declaredType = definition.type?.sql
        affinity = strictType?.affinity ?? Affinity(declaredType: declaredType)
        notNull = definition.notNull
        defaultValue = definition.defaultValue
        defaultText = definition.defaultText
        collationName = definition.collation
        collation = definition.collation.flatMap { Collation(name: $0) } ?? .binary
    }
}

/// A view: a named SELECT, expanded where it is used.
final class ViewSchema {
    let name: String
    let schema: String?
    let columnNames: [String]?
    let select: SelectStatement
    let sql: String

    init(name: String, schema: String?, columnNames: [String]?, select: SelectStatement, sql: String) {
        self.name = name
        self.schema = schema
        self.columnNames = columnNames
        self.select = select
        self.sql = sql
    }
}

/// A trigger, kept as parsed; its body runs through the ordinary statement executor.
final class TriggerSchema {
    let definition: CreateTrigger
    var name: String { definition.name }
    var table: String { definition.table }
    /// The schema of the table or view it watches: its own, or any for a TEMP trigger.
    let tableSchemaName: String

    init(_ definition: CreateTrigger, tableSchemaName: String = "main") {
        self.definition = definition
        self.tableSchemaName = tableSchemaName
    }
}

/// A role and the privileges granted to it.
struct Grant: Hashable, Comparable {
    var privilege: String
    var objectKind: String
    var object: String
    var role: String
    var withGrantOption: Bool

    static func < (a: Grant, b: Grant) -> Bool {
        (a.role, a.objectKind, a.object, a.privilege) < (b.role, b.objectKind, b.object, b.privilege)
    }
}
