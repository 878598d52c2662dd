// What every ALTER TABLE form checks first, by SQLite's rules (alter.c, isAlterableTable and
// the view checks of each form): the table exists, is not one of SQLite's own, and is not a view.

extension Database {
    /// The table ALTER TABLE may change, or SQLite's error: `viewMessage` is what the form says
    /// when the name is a view's.
    func alterableTable(_ tableName: String, in s: Int, viewMessage: String, position: Int?) throws -> Table {
        if asciiLowercased(tableName).hasPrefix("sqlite_") {
            throw SQLError(.misuse, "table \(tableName) may not be altered", position: position)
        }
        if let table = catalogs[s].table(tableName) { return table }
        if catalogs[s].view(tableName) != nil { throw SQLError(.misuse, viewMessage, position: position) }
        throw SQLError(.unknownTable, "no such table: \(tableName)", position: position)
    }
}
