// ALTER TABLE makes a new table object, so the old one stays intact for ROLLBACK.

extension Table {
    /// A copy under a new name, optionally with one more column filled with `fill`.
    func copy(renamedTo newName: String, addingColumn column: ColumnSchema? = nil, fill: Value = .null) -> Table {
        var columns = self.columns
        if let column { columns.append(column) }
        let copy = Table(name: newName, schema: schema, columns: columns)
        copy.rowidColumn = rowidColumn
        copy.primaryKey = primaryKey
        copy.autoincrement = autoincrement
        copy.rowidConflict = rowidConflict
        copy.checks = checks
        copy.foreignKeys = foreignKeys
        copy.tableConstraints = tableConstraints
        copy.sql = sql
        copy.withoutRowid = withoutRowid
        copy.strict = strict
        copy.highestRowid = highestRowid
        var implicitNumber = 0
        for index in indexes {
            if index.implicit { implicitNumber += 1 }
            let name = index.implicit ? "sqlite_autoindex_\(newName)_\(implicitNumber)" : index.name
            // Same rowids, same key columns: the entries carry over as they are.
            copy.indexes.append(index.copy(named: name, for: copy))
        }
        var rows: [Row] = []
        rows.reserveCapacity(count)
        for row in allRows {
            guard column != nil else { rows.append(row); continue }
            var values = Row()
            values.reserveCapacity(row.count + 1)
            values.append(contentsOf: row.dropLast())
            values.append(fill)
            values.append(row[row.count - 1])
            rows.append(values)
        }
        copy.load(storedRows: rows)
        return copy
    }
}
