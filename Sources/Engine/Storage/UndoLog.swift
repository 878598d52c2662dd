// The undo log: how a failed statement or a ROLLBACK puts everything back.

/// One change, recorded so it can be reversed.
enum UndoEntry {
    case inserted(Table, rowid: Int64)
    case deleted(Table, rowid: Int64, values: Row)
    /// `old` is the row as it was stored (values then rowid): kept as it is, not copied.
    case updated(Table, rowid: Int64, old: Row)
    case catalog(Catalog)
    /// DROP INDEX took the index off its table's list.
    case indexRemoved(TableIndex, tableName: String, schema: String = "main")
    /// CREATE INDEX put the index on its table's list.
    case indexAdded(TableIndex, Table)
    /// An insert raised an AUTOINCREMENT table's largest rowid from `previous` (a failed
    /// statement gives it back, as SQLite rolls back its sqlite_sequence row).
    case highestRowidRaised(Table, previous: Int64)
}

extension Database {
    func logInsert(_ table: Table, rowid: Int64) { undoLog.append(.inserted(table, rowid: rowid)) }

    /// Reverses every change after `mark`, newest first.
    func undo(to mark: Int) {
        while undoLog.count > mark {
            switch undoLog.removeLast() {
            case let .inserted(table, rowid):
                table.remove(rowid: rowid)
            case let .deleted(table, rowid, values):
                table.insert(values, rowid: rowid)
            case let .updated(table, rowid, old):
                table.replace(rowid: rowid, with: Array(old.dropLast()))
            case .catalog(let snapshot):
                // Each snapshot goes back to its own schema (main, temp or an attached one).
                let name = asciiLowercased(snapshot.schemaName)
                if let s = catalogs.indices.first(where: { asciiLowercased(catalogs[$0].schemaName) == name }) {
                    catalogs[s] = snapshot
                }
            case let .highestRowidRaised(table, previous):
                table.highestRowid = previous
            case let .indexAdded(index, table):
                table.indexes.removeAll { $0 === index }
            case let .indexRemoved(index, tableName, schema):
                if let s = schemaIndex(named: schema), let table = catalogs[s].table(tableName),
                   !table.indexes.contains(where: { $0 === index }) {
                    table.indexes.append(index)
                    index.rebuild(from: table)
                }
            }
        }
    }
}
