// Read-only mode: a database that answers queries and refuses every change, as SQLite does for a
// connection opened with SQLITE_OPEN_READONLY. What may change the database is decided from the
// parsed statement, never from its text, so no spelling, comment or WITH prefix slips past.

extension Database {
    /// SQLite's message for SQLITE_READONLY.
    public static let readOnlyMessage = "attempt to write a readonly database"

    /// Throws SQLite's read-only error when the database is read-only and `statement` could
    /// change it; called before a statement is compiled or run.
    func refuseWriteIfReadOnly(_ statement: Statement, sql: String) throws {
        if isReadOnly, statement.mayWrite { throw SQLError(.readOnly, Database.readOnlyMessage, sql: sql) }
        // PRAGMA query_only: the data and the schema are read-only; settings and transactions are not.
        if statement.changesData, settingIsOn("query_only") { throw SQLError(.readOnly, Database.readOnlyMessage, sql: sql) }
    }
}

extension Statement {
    /// True for statements that change rows or the schema (what PRAGMA query_only refuses).
    var changesData: Bool {
        switch self {
        case .pragma, .begin, .commit, .rollback, .savepoint, .release, .rollbackTo: return false
        default: return mayWrite
        }
    }

    /// True for every statement that could change the database or the connection's state:
    /// data changes (a WITH prefix included), schema changes, transactions and savepoints,
    /// PRAGMAs that set a value (not the catalog's, whose argument names a table or index), and maintenance (ANALYZE, VACUUM, REINDEX) that SQLite writes
    /// for. ATTACH and DETACH write nothing. SELECT, VALUES, WITH ... SELECT, EXPLAIN (which runs nothing) and PRAGMAs that only
    /// read are false. The switch names every case, so a new statement must be classified here.
    var mayWrite: Bool {
        switch self {
        case .select, .explain:
            return false
        case .attach, .detach:
            // Attaching changes what the connection sees, not what it stores; an attached
            // database is read-only too, as SQLite opens it with the connection's flags.
            return false
        case .pragma(let name, let value, _):
            // `PRAGMA table_info(t)` names what it describes; only a value given to a setting
            // (`PRAGMA user_version = 3`) writes.
            return value != nil && Compiler.catalogPragmas[asciiLowercased(name)] == nil
        case .insert, .update, .delete,
             .createTable, .createIndex, .createView, .createTrigger, .createSchema, .createRole,
             .drop, .grant, .revoke, .reindex, .alterTableRename, .alterTableAddColumn, .alterTableDropColumn, .alterTableRenameColumn,
             .begin, .commit, .rollback, .savepoint, .release, .rollbackTo,
             .analyze, .vacuum:
            return true
        }
    }
}
