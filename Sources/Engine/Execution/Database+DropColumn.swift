// ALTER TABLE DROP COLUMN: the table is made again without the column, by SQLite's rules
// (alter.c, sqlite3AlterDropColumn) and with its error texts; the old table object stays
// intact for ROLLBACK.

extension Database {
    func dropColumn(table tableName: String, in s: Int, column name: String, position: Int, before: Catalog) throws {
        let table = try alterableTable(tableName, in: s, viewMessage: "cannot drop column from view \"\(tableName)\"",
                                       position: position)
        guard let dropped = table.columnIndex(name) else {
            throw SQLError(.unknownColumn, "no such column: \"\(name)\"", position: position)
        }
        let column = table.columns[dropped].name
        if table.primaryKey.contains(dropped) || table.rowidColumn == dropped {
            throw SQLError(.misuse, "cannot drop PRIMARY KEY column: \"\(column)\"", position: position)
        }
        if table.indexes.contains(where: { $0.implicit && $0.columns.contains(dropped) }) {
            throw SQLError(.misuse, "cannot drop UNIQUE column: \"\(column)\"", position: position)
        }
        if table.columns.count == 1 {
            throw SQLError(.misuse, "cannot drop column \"\(column)\": no other columns exist", position: position)
        }
        if let index = table.indexes.first(where: { !$0.implicit && $0.watchedColumns.contains(dropped) }) {
            throw SQLError(.runtime, "error in index \(index.name) after drop column: no such column: \(column)")
        }
        // Table constraints that name the column: a CHECK reading it, a FOREIGN KEY from it.
        let compiler = Compiler(database: self, sql: "")
        for constraint in table.tableConstraints {
            var names: [String] = []
            switch constraint {
            case .check(let e, _, _):
                compiler.visit(e) { node in if case .column(nil, let n, _) = node { names.append(n) } }
            case .foreignKey(let columns, _, _): names = columns
            default: break
            }
            if names.contains(where: { asciiLowercased($0) == asciiLowercased(column) }) {
                throw SQLError(.runtime, "error in table \(table.name) after drop column: no such column: \(column)")
            }
        }
        let copy: Table
        do {
            copy = try makeTable(table.name, schema: table.schema,
                                 columns: table.columns.enumerated().filter { $0.offset != dropped }.map(\.element.definition),
                                 constraints: table.tableConstraints, strict: table.strict, position: position)
        } catch let e as SQLError {
            // A generated column that reads the column, or only generated columns left.
            throw SQLError(.runtime, "error in table \(table.name) after drop column: \(e.message)")
        }
        copy.withoutRowid = table.withoutRowid
        copy.sql = try table.sql.flatMap { try TableText.droppingColumn(dropped, from: $0) } ?? table.sql
        copy.autoincrement = table.autoincrement
        copy.highestRowid = table.highestRowid
        copy.load(storedRows: table.allRows.map { row in
            var values = row
            values.remove(at: dropped)
            return values
        })
        for index in table.indexes where !index.implicit {
            let columns = index.columns.map { $0 > dropped ? $0 - 1 : $0 }
            copy.indexes.append(try remadeIndex(index, on: copy, sql: index.sql, columns: columns, terms: index.terms))
        }
        for index in copy.indexes where index.computed == nil { index.rebuild(from: copy) }
        undoLog.append(.catalog(before))
        catalogs[s].tables[asciiLowercased(table.name)] = copy
        for index in copy.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
        // A view that read the column no longer compiles: put the table back and say which.
        for view in catalogs[s].views.values {
            do {
                _ = try Compiler(database: self, sql: view.sql).compileSelect(view.select, scope: nil)
            } catch let e as SQLError {
                catalogs[s].tables[asciiLowercased(table.name)] = table
                for index in table.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
                throw SQLError(.runtime, "error in view \(view.name) after drop column: \(e.message)")
            }
        }
    }
}
