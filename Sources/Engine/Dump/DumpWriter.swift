// Writes the catalog as a deterministic SQL dump: the same database always gives the same bytes,
// and loading the dump gives a database whose dump is those bytes again.

/// Renders a catalog as SQL. The dump is, in order: a header naming the format, BEGIN, schemas,
/// roles, each table (CREATE TABLE then its rows in rowid order), explicit indexes, views,
/// triggers, grants, COMMIT. Each group is sorted by name. Indexes come after the rows so a
/// load builds them once; triggers come last so loading rows fires none.
struct DumpWriter {
    let catalog: Catalog

    /// The first line of every dump. Names the format so a loader can tell what it reads.
    static let header = "-- VibeSQL SQL dump, format 1"

    func write() -> String {
        var out = DumpWriter.header + "\n"
        out += "BEGIN TRANSACTION;\n"
        for schema in catalog.schemas.sorted() {
            out += "CREATE SCHEMA \(SQLText.identifier(schema));\n"
        }
        for role in catalog.roles.sorted() {
            out += "CREATE ROLE \(SQLText.identifier(role));\n"
        }
        for table in sortedTables {
            out += createTable(table) + ";\n"
            writeRows(of: table, into: &out)
        }
        for index in explicitIndexes {
            out += createIndex(index) + ";\n"
        }
        for view in sortedViews { out += view.sql + ";\n" }
        for trigger in sortedTriggers { out += trigger.definition.sql + ";\n" }
        for grant in sortedGrants { out += grantStatement(grant) + ";\n" }
        out += "COMMIT;\n"
        return out
    }

    /// CREATE statements only (no rows), for every object or for one table or view and what
    /// hangs off it (its indexes and triggers), as a shell's `.schema` shows them.
    func writeSchema(for name: String? = nil) -> String {
        let key = name.map(asciiLowercased)
        var out = ""
        func wanted(_ objectName: String, table: String? = nil) -> Bool {
            guard let key else { return true }
            return asciiLowercased(objectName) == key || table.map(asciiLowercased) == key
        }
        if key == nil {
            for schema in catalog.schemas.sorted() { out += "CREATE SCHEMA \(SQLText.identifier(schema));\n" }
            for role in catalog.roles.sorted() { out += "CREATE ROLE \(SQLText.identifier(role));\n" }
        }
        for table in sortedTables where wanted(table.name) { out += createTable(table) + ";\n" }
        for index in explicitIndexes where wanted(index.name, table: index.tableName) { out += createIndex(index) + ";\n" }
        for view in sortedViews where wanted(view.name) { out += view.sql + ";\n" }
        for trigger in sortedTriggers where wanted(trigger.name, table: trigger.table) {
            out += trigger.definition.sql + ";\n"
        }
        if key == nil { for grant in sortedGrants { out += grantStatement(grant) + ";\n" } }
        return out
    }

    // MARK: Order

    var sortedTables: [Table] {
        catalog.tables.sorted { $0.key < $1.key }.map(\.value)
    }

    var sortedViews: [ViewSchema] {
        catalog.views.sorted { $0.key < $1.key }.map(\.value)
    }

    var sortedTriggers: [TriggerSchema] {
        catalog.triggers.sorted { $0.key < $1.key }.map(\.value)
    }

    /// CREATE INDEX'd indexes of every table; the ones UNIQUE and PRIMARY KEY imply are
    /// re-created by CREATE TABLE.
    var explicitIndexes: [TableIndex] {
        sortedTables.flatMap { $0.indexes.filter { !$0.implicit } }
            .sorted { asciiLowercased($0.name) < asciiLowercased($1.name) }
    }

    var sortedGrants: [Grant] {
        catalog.grants.sorted { a, b in
            if a < b { return true }
            if b < a { return false }
            return !a.withGrantOption && b.withGrantOption
        }
    }

    // MARK: Tables

    func createTable(_ table: Table) -> String {
        var lines: [String] = table.columns.map { "  " + columnDefinition($0.definition) }
        for constraint in table.tableConstraints { lines.append("  " + tableConstraint(constraint)) }
        var sql = "CREATE TABLE \(qualifiedName(table.schema, table.name)) (\n"
        sql += lines.joined(separator: ",\n")
        sql += "\n)"
        let options = (table.withoutRowid ? ["WITHOUT ROWID"] : []) + (table.strict ? ["STRICT"] : [])
        if !options.isEmpty { sql += " " + options.joined(separator: ", ") }
        return sql
    }

    func columnDefinition(_ column: ColumnDefinition) -> String {
        var parts = [SQLText.identifier(column.name)]
        if let type = column.type { parts.append(type.sql) }
        if let generated = column.generated {
            parts.append("GENERATED ALWAYS AS (\(generated.text)) \(generated.stored ? "STORED" : "VIRTUAL")")
        }
        func onConflict(_ c: ConflictResolution?) { if let c { parts.append("ON CONFLICT \(c.rawValue)") } }
        if column.primaryKey {
            parts.append(column.primaryKeyDescending ? "PRIMARY KEY DESC" : "PRIMARY KEY")
            onConflict(column.primaryKeyConflict)
            if column.autoincrement { parts.append("AUTOINCREMENT") }
        }
        if column.notNull { parts.append("NOT NULL"); onConflict(column.notNullConflict) }
        if column.unique { parts.append("UNIQUE"); onConflict(column.uniqueConflict) }
        if let text = column.defaultText { parts.append("DEFAULT \(text)") }
        for text in column.checkText { parts.append("CHECK (\(text))") }
        if let collation = column.collation { parts.append("COLLATE \(SQLText.identifier(collation))") }
        if let references = column.references { parts.append(referencesClause(references)) }
        return parts.joined(separator: " ")
    }

    func tableConstraint(_ constraint: TableConstraint) -> String {
        func named(_ name: String?) -> String { name.map { "CONSTRAINT \(SQLText.identifier($0)) " } ?? "" }
        switch constraint {
        case .primaryKey(let columns, let name, let conflict):
            return named(name) + "PRIMARY KEY (\(keyList(columns)))" + (conflict.map { " ON CONFLICT \($0.rawValue)" } ?? "")
        case .unique(let columns, let name, let conflict):
            return named(name) + "UNIQUE (\(keyList(columns)))" + (conflict.map { " ON CONFLICT \($0.rawValue)" } ?? "")
        case .check(_, let text, let name):
            return named(name) + "CHECK (\(text))"
        case .foreignKey(let columns, let clause, let name):
            return named(name) + "FOREIGN KEY (\(identifierList(columns))) " + referencesClause(clause)
        }
    }

    /// A constraint's columns with their collations and orders: `a COLLATE NOCASE, b DESC`.
    func keyList(_ columns: [IndexedColumn]) -> String {
        columns.map { column in
            SQLText.identifier(column.name) + (column.collation.map { " COLLATE \(SQLText.identifier($0))" } ?? "")
                + (column.descending ? " DESC" : "")
        }.joined(separator: ", ")
    }

    func referencesClause(_ clause: ForeignKeyClause) -> String {
        var sql = "REFERENCES \(SQLText.identifier(clause.table))"
        if !clause.columns.isEmpty { sql += " (\(identifierList(clause.columns)))" }
        if let action = clause.onDelete { sql += " ON DELETE \(action)" }
        if let action = clause.onUpdate { sql += " ON UPDATE \(action)" }
        if clause.deferred { sql += " DEFERRABLE INITIALLY DEFERRED" }
        return sql
    }

    /// One INSERT per row, in rowid order. The rowid is written only when it carries
    /// information: not for an INTEGER PRIMARY KEY (the column is the rowid), not when the
    /// rowids are 1...n (a load assigns those anyway), not for WITHOUT ROWID tables. Generated
    /// columns are left out (they cannot be written; the load computes them), and the INSERT
    /// then names the columns it writes.
    func writeRows(of table: Table, into out: inout String) {
        guard table.count > 0 else { return }
        let prefix: String
        let rowidName = explicitRowidName(table)
        let written = table.columns.indices.filter { table.columns[$0].definition.generated == nil }
        if rowidName != nil || written.count < table.columns.count {
            let columns = (rowidName.map { [$0] } ?? []) + written.map { SQLText.identifier(table.columns[$0].name) }
            prefix = "INSERT INTO \(qualifiedName(table.schema, table.name)) (\(columns.joined(separator: ","))) VALUES("
        } else {
            prefix = "INSERT INTO \(qualifiedName(table.schema, table.name)) VALUES("
        }
        for i in 0..<table.count {
            let row = table.row(at: i)
            out += prefix
            if rowidName != nil {
                out += String(table.rowid(at: i))
                out += ","
            }
            for (n, c) in written.enumerated() {
                if n > 0 { out += "," }
                out += SQLText.literal(row[c])
            }
            out += ");\n"
        }
    }

    /// The name to write the rowid under, or nil when rows need no explicit rowid. A table whose
    /// columns shadow rowid, _rowid_ and oid cannot have its rowid set (as in SQLite).
    func explicitRowidName(_ table: Table) -> String? {
        if table.rowidColumn != nil || table.withoutRowid { return nil }
        var sequential = true
        for i in 0..<table.count where table.rowid(at: i) != Int64(i + 1) {
            sequential = false
            break
        }
        if sequential { return nil }
        return ["rowid", "_rowid_", "oid"].first { table.columnIndex($0) == nil }
    }

    // MARK: Indexes and grants

    func createIndex(_ index: TableIndex) -> String {
        // An index on expressions or a partial index: its statement as written.
        if index.computed != nil, let sql = index.sql { return sql }
        let terms = index.terms.map { term -> String in
            var sql = orderingExpression(term.expression)
            if term.descending { sql += " DESC" }
            if let nullsFirst = term.nullsFirst { sql += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
            return sql
        }
        return "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(qualifiedName(index.schema, index.name)) ON "
            + "\(SQLText.identifier(index.tableName)) (\(terms.joined(separator: ", ")))"
    }

    /// An index term: a column, possibly with a collation (the only terms CREATE INDEX accepts).
    private func orderingExpression(_ expression: Expression) -> String {
        switch expression {
        case .column(_, let name, _): return SQLText.identifier(name)
        case .collate(let inner, let collation): return orderingExpression(inner) + " COLLATE \(SQLText.identifier(collation))"
        default: return "NULL"
        }
    }

    func grantStatement(_ grant: Grant) -> String {
        let object = grant.object.split(separator: ".", maxSplits: 1).map { SQLText.identifier(String($0)) }
            .joined(separator: ".")
        var sql = "GRANT \(grant.privilege) ON \(grant.objectKind) \(object) TO \(SQLText.identifier(grant.role))"
        if grant.withGrantOption { sql += " WITH GRANT OPTION" }
        return sql
    }

    // MARK: Names

    private func qualifiedName(_ schema: String?, _ name: String) -> String {
        guard let schema else { return SQLText.identifier(name) }
        return SQLText.identifier(schema) + "." + SQLText.identifier(name)
    }

    private func identifierList(_ names: [String]) -> String {
        names.map(SQLText.identifier).joined(separator: ", ")
    }
}
