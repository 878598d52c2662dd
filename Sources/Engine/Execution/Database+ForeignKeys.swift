// Foreign keys: a child row must name an existing parent row; a parent row in use cannot vanish.

extension Database {
    /// The parent columns a foreign key refers to: those it names, else the parent's primary key.
    private func parentColumns(_ parent: Table, _ clause: ForeignKeyClause) throws -> [Int] {
        if clause.columns.isEmpty {
            if let r = parent.rowidColumn { return [r] }
            guard !parent.primaryKey.isEmpty else { throw SQLError(.constraint, "foreign key mismatch - \"\(clause.table)\"") }
            return parent.primaryKey
        }
        return try clause.columns.map { name in
            guard let c = parent.columnIndex(name) else {
                throw SQLError(.constraint, "foreign key mismatch - referencing \"\(clause.table)\"")
            }
            return c
        }
    }

    private func rowExists(in table: Table, columns: [Int], values: [Value]) throws -> Bool {
        if columns.count == 1, columns[0] == table.rowidColumn, case .integer(let rowid) = values[0] {
            return table.containsRowid(rowid)
        }
        for row in table.allRows {
            try interruptCheck.step()
            var all = true
            for (i, c) in columns.enumerated() where Value.compare(row[c], values[i]) != 0 || row[c].isNull { all = false; break }
            if all { return true }
        }
        return false
    }

    /// A child row's foreign keys must each match a parent row (NULL in any key column: no check).
    func checkForeignKeys(child: Table, values: Row) throws {
        guard foreignKeysEnabled else { return }
        for fk in child.foreignKeys {
            let key = fk.columns.map { values[$0] }
            if key.contains(where: \.isNull) { continue }
            let schema = schemaIndex(of: child)
            guard let parent = catalogs[schema].table(fk.clause.table) else {
                throw SQLError(.unknownTable, "no such table: \(catalogs[schema].schemaName).\(fk.clause.table)")
            }
            let columns = try parentColumns(parent, fk.clause)
            let converted = zip(key, columns).map { parent.columns[$1].affinity.apply($0) }
            if try !rowExists(in: parent, columns: columns, values: converted) {
                throw SQLError(.constraint, "FOREIGN KEY constraint failed")
            }
        }
    }

    /// Child rows that refer to `old` through a foreign key, per referencing table.
    private func referencingRows(parent: Table, old: Row) throws -> [(child: Table, fk: (columns: [Int], clause: ForeignKeyClause, name: String?), rowids: [Int64])] {
        var out: [(child: Table, fk: (columns: [Int], clause: ForeignKeyClause, name: String?), rowids: [Int64])] = []
        // Per written row: look at the tables with foreign keys only, sorting just those.
        let parentKey = asciiLowercased(parent.name)
        let children = catalogs[schemaIndex(of: parent)].tables.values.filter { !$0.foreignKeys.isEmpty }
        guard !children.isEmpty else { return [] }
        for child in children.sorted(by: { $0.name < $1.name }) {
            for fk in child.foreignKeys where asciiLowercased(fk.clause.table) == parentKey {
                let columns = try parentColumns(parent, fk.clause)
                let key = columns.map { old[$0] }
                if key.contains(where: \.isNull) { continue }
                var rowids: [Int64] = []
                for row in child.allRows {
                    try interruptCheck.step()
                    var match = true
                    for (i, c) in fk.columns.enumerated() {
                        let v = parent.columns[columns[i]].affinity.apply(row[c])
                        if v.isNull || Value.compare(v, key[i]) != 0 { match = false; break }
                    }
                    if match { rowids.append(Table.rowid(of: row)) }
                }
                if !rowids.isEmpty { out.append((child, fk, rowids)) }
            }
        }
        return out
    }

    /// Before a parent row is deleted: CASCADE deletes children, SET NULL clears them, else refuse.
    func applyDeleteActions(parent: Table, old: Row, ctx: ExecutionContext) throws {
        guard foreignKeysEnabled else { return }
        for (child, fk, rowids) in try referencingRows(parent: parent, old: old) {
            switch fk.clause.onDelete {
            case "CASCADE"?:
                try enterTriggerProgram()
                defer { triggerDepth -= 1 }
                for rowid in rowids {
                    try deleteRow(child, rowid: rowid, ctx: ctx, fireTriggers: true)
                }
            case "SET NULL"?:
                let generated = child.hasGeneratedColumns
                    ? try GeneratedColumnEvaluator(table: child, compiler: Compiler(database: self, sql: ""),
                                                   scope: Scope.ofTable(child, withRowid: true))
                    : nil
                for rowid in rowids {
                    guard let row = child.row(rowid: rowid) else { continue }
                    var values = Array(row.dropLast())
                    for c in fk.columns { values[c] = .null }
                    try generated?.compute(&values, rowid: rowid, ctx: ctx)
                    undoLog.append(.updated(child, rowid: rowid, old: row))
                    child.replace(rowid: rowid, with: values)
                }
            default:
                throw SQLError(.constraint, "FOREIGN KEY constraint failed")
            }
        }
    }

    /// When a parent row's referenced key changes while children still refer to it: refuse.
    func checkReferencingRows(parent: Table, old: Row, new: Row) throws {
        guard foreignKeysEnabled else { return }
        for (_, fk, _) in try referencingRows(parent: parent, old: old) {
            let columns = try parentColumns(parent, fk.clause)
            if columns.allSatisfy({ Value.compare(old[$0], new[$0]) == 0 }) { continue }
            throw SQLError(.constraint, "FOREIGN KEY constraint failed")
        }
    }
}
