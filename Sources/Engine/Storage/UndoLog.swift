// The undo log: how a failed statement or a ROLLBACK puts everything back.

/// One change, recorded so it can be reversed. Every row a transaction writes adds an entry, so
/// entries stay small: the rare large payloads (a catalog snapshot) are boxed, and a run of
/// inserted rowids is one entry.
enum UndoEntry {
    /// Rows inserted with these rowids, one after another (an INSERT ... SELECT is one entry).
    case inserted(Table, rowids: ClosedRange<Int64>)
    /// `stored` is the row as it was stored (values then rowid): kept as it is, not copied.
    case deleted(Table, stored: Row)
    /// DELETE without WHERE: every stored row, as they were.
    case emptied(Table, stored: [Row])
    /// `old` is the row as it was stored (values then rowid): kept as it is, not copied.
    case updated(Table, old: Row)
    indirect case catalog(Catalog)
    /// DROP INDEX took the index off its table's list.
    indirect case indexRemoved(TableIndex, tableName: String, schema: String = "main")
    /// CREATE INDEX put the index on its table's list.
    case indexAdded(TableIndex, Table)
    /// An insert raised an AUTOINCREMENT table's largest rowid from `previous` (a failed
    /// statement gives it back, as SQLite rolls back its sqlite_sequence row).
    case highestRowidRaised(Table, previous: Int64)
}

extension Database {
    /// A place to undo back to (a statement's start, a savepoint). Entries before it are never
    /// extended, so undoing to it takes back exactly what came after.
    func undoMark() -> Int {
        undoRunStart = undoLog.count
        return undoLog.count
    }

    /// Logs an inserted row; the next rowid of the same table's last run extends that run
    /// (unless the run began before the latest mark).
    func logInsert(_ table: Table, rowid: Int64) {
        if undoLog.count > undoRunStart, case .inserted(let last, let rowids)? = undoLog.last, last === table,
           rowids.upperBound < Int64.max, rowids.upperBound + 1 == rowid {
            undoLog[undoLog.count - 1] = .inserted(table, rowids: rowids.lowerBound...rowid)
        } else {
            undoLog.append(.inserted(table, rowids: rowid...rowid))
        }
    }

    func logDelete(_ table: Table, stored: Row) { undoLog.append(.deleted(table, stored: stored)) }

    /// Reverses every change after `mark`, newest first.
    func undo(to mark: Int) {
        while undoLog.count > mark {
            switch undoLog.removeLast() {
            case let .inserted(table, rowids):
                // Newer entries are undone already, so every rowid of the run is there again.
                for rowid in rowids.reversed() { table.remove(rowid: rowid) }
            case let .deleted(table, stored), let .updated(table, stored):
                table.restore(stored)
            case let .emptied(table, stored):
                for row in stored { table.restore(row) }
            case .catalog(let snapshot):
                // Each snapshot goes back to its own schema (main, temp or an attached one).
                let name = asciiLowercased(snapshot.schemaName)
                if let s = catalogs.indices.first(where: { asciiLowercased(catalogs[$0].schemaName) == name }) {
                    catalogs[s] = snapshot
                    // SQLite reads a schema a rollback changed again, in sqlite_master order.
                    catalogs[s].reloadTableOrder()
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
