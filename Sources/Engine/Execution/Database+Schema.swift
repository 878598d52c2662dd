// Schema statements: CREATE and DROP of tables, indexes, views and triggers; schemas, roles, grants.

extension Database {
    func executeSchemaStatement(_ statement: Statement, compiler: Compiler, ctx: ExecutionContext) throws -> QueryResult {
        let before = catalog
        switch statement {
        case let .createTable(name, schema, ifNotExists, _, columns, constraints, withoutRowid, strict, asSelect, position):
            if catalog.nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalog.indexes[asciiLowercased(name)] != nil ? "index" : catalog.view(name) != nil ? "view" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            if let schema { try checkSchema(schema, position: position) }
            undoLog.append(.catalog(before))
            if let asSelect {
                try createTableAsSelect(name, schema: schema, select: asSelect, compiler: compiler, ctx: ctx)
            } else {
                let table = try makeTable(name, schema: schema, columns: columns, constraints: constraints, strict: strict,
                                          position: position)
                if withoutRowid && table.primaryKey.isEmpty {
                    throw SQLError(.misuse, "PRIMARY KEY missing on table \(name)", position: position)
                }
                table.withoutRowid = withoutRowid
                catalog.tables[asciiLowercased(name)] = table
            }

        case let .createIndex(name, schema, tableName, terms, unique, ifNotExists, whereClause, position):
            if catalog.nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalog.indexes[asciiLowercased(name)] != nil ? "index" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            guard let table = catalog.table(tableName) else {
                if catalog.view(tableName) != nil { throw SQLError(.misuse, "views may not be indexed", position: position) }
                throw SQLError(.unknownTable, "no such table: main.\(tableName)", position: position)
            }
            if whereClause != nil { throw SQLError(.syntax, "partial indexes are not supported", position: position) }
            var columns: [Int] = []
            for term in terms {
                var e = term.expression
                if case .collate(let inner, _) = e { e = inner }
                guard case .column(nil, let columnName, let p) = e else {
                    throw SQLError(.syntax, "indexes on expressions are not supported", position: position)
                }
                guard let c = table.columnIndex(columnName) else {
                    throw SQLError(.unknownColumn, "no such column: \(columnName)", position: p)
                }
                columns.append(c)
            }
            let index = TableIndex(name: name, table: table, columns: columns, terms: terms, unique: unique, implicit: false)
            index.schema = schema
            index.rebuild(from: table)
            if unique, let conflict = firstDuplicate(in: table, columns: columns, index: index) {
                throw SQLError(.constraint, "UNIQUE constraint failed: \(conflict)")
            }
            undoLog.append(.catalog(before))
            table.indexes.append(index)
            undoLog.append(.indexAdded(index, table))
            catalog.indexes[asciiLowercased(name)] = index

        case let .createView(name, schema, columns, select, ifNotExists, _, sql, position):
            if catalog.nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalog.view(name) != nil ? "view" : catalog.indexes[asciiLowercased(name)] != nil ? "index" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            undoLog.append(.catalog(before))
            // The body is kept as parsed from the view's own text, so its positions (error carets,
            // the double-quoted-name check) point into `sql` wherever the CREATE VIEW stood.
            var parser = try Parser(sql)
            let body: SelectStatement
            if case .createView(_, _, _, let reparsed, _, _, _, _) = try parser.parseStatement() { body = reparsed } else { body = select }
            catalog.views[asciiLowercased(name)] = ViewSchema(name: name, schema: schema, columnNames: columns, select: body, sql: sql)

        case .createTrigger(let trigger):
            if catalog.triggers[asciiLowercased(trigger.name)] != nil {
                if trigger.ifNotExists { return QueryResult() }
                throw SQLError(.alreadyExists, "trigger \(trigger.name) already exists")
            }
            if catalog.table(trigger.table) == nil {
                if catalog.view(trigger.table) != nil {
                    if trigger.timing != .insteadOf {
                        throw SQLError(.misuse, "cannot create \(trigger.timing.rawValue) trigger on view: main.\(trigger.table)")
                    }
                } else {
                    throw SQLError(.unknownTable, "no such table: main.\(trigger.table)")
                }
            } else if trigger.timing == .insteadOf {
                throw SQLError(.misuse, "cannot create INSTEAD OF trigger on table: \(trigger.table)")
            }
            undoLog.append(.catalog(before))
            catalog.triggers[asciiLowercased(trigger.name)] = TriggerSchema(trigger)

        case let .createSchema(name, ifNotExists):
            if catalog.schemas.contains(asciiLowercased(name)) {
                if ifNotExists { return QueryResult() }
                throw SQLError(.alreadyExists, "schema \(name) already exists")
            }
            undoLog.append(.catalog(before))
            catalog.schemas.insert(asciiLowercased(name))

        case .createRole(let name):
            if catalog.roles.contains(name) { throw SQLError(.alreadyExists, "role \(name) already exists") }
            undoLog.append(.catalog(before))
            catalog.roles.insert(name)

        case let .drop(kind, name, schema, ifExists, position):
            try drop(kind: kind, name: name, schema: schema, ifExists: ifExists, position: position, before: before)

        case .grant(let p):
            for role in p.roles where !catalog.roles.contains(role) && asciiLowercased(role) != "public" {
                throw SQLError(.unknownTable, "no such role: \(role)")
            }
            try checkPrivilegeObjects(p)
            undoLog.append(.catalog(before))
            for role in p.roles {
                for object in p.objects {
                    for privilege in p.privileges {
                        catalog.grants.insert(Grant(privilege: privilege, objectKind: p.objectKind, object: object, role: role,
                                                    withGrantOption: p.withGrantOption))
                    }
                }
            }

        case .revoke(let p):
            undoLog.append(.catalog(before))
            catalog.grants = catalog.grants.filter { g in
                !(p.roles.contains(g.role) && p.objects.contains(g.object) && g.objectKind == p.objectKind
                  && (p.privileges.contains(g.privilege) || p.privileges.contains("ALL PRIVILEGES")))
            }

        case .reindex(let name):
            for table in catalog.tables.values {
                for index in table.indexes {
                    if let name, asciiLowercased(name) != asciiLowercased(index.name), asciiLowercased(name) != asciiLowercased(table.name) {
                        continue
                    }
                    index.rebuild(from: table)
                }
            }
            if let name, catalog.table(name) == nil, catalog.indexes[asciiLowercased(name)] == nil,
               Collation(name: name) == nil {
                throw SQLError(.unknownTable, "unable to identify the object to be reindexed")
            }

        case let .alterTableRename(tableName, newName):
            let table = try alterableTable(tableName, viewMessage: "view \(tableName) may not be altered", position: nil)
            if asciiLowercased(newName).hasPrefix("sqlite_") {
                throw SQLError(.misuse, "object name reserved for internal use: \(newName)")
            }
            if catalog.nameInUse(newName) {
                throw SQLError(.alreadyExists, "there is already another table or index with this name: \(newName)")
            }
            undoLog.append(.catalog(before))
            let copy = table.copy(renamedTo: newName)
            catalog.tables[asciiLowercased(tableName)] = nil
            catalog.tables[asciiLowercased(newName)] = copy
            for index in copy.indexes where !index.implicit { catalog.indexes[asciiLowercased(index.name)] = index }

        case let .alterTableAddColumn(tableName, definition):
            let table = try alterableTable(tableName, viewMessage: "Cannot add a column to a view", position: nil)
            if table.columnIndex(definition.name) != nil {
                throw SQLError(.alreadyExists, "duplicate column name: \(definition.name)")
            }
            if definition.primaryKey && definition.generated != nil {
                throw SQLError(.misuse, "generated columns cannot be part of the PRIMARY KEY")
            }
            if definition.primaryKey || definition.unique {
                throw SQLError(.misuse, "Cannot add a \(definition.primaryKey ? "PRIMARY KEY" : "UNIQUE") column")
            }
            var strictType: StrictType?
            if table.strict {
                do { strictType = try StrictType.check(definition, table: table.name) } catch let e as SQLError {
                    throw SQLError(.syntax, "error in table \(table.name) after add column: \(e.message)")
                }
            }
            let column = ColumnSchema(definition, strictType: strictType)
            if definition.generated != nil {
                try addGeneratedColumn(column, to: table, compiler: compiler, ctx: ctx, before: before)
                return QueryResult()
            }
            var fill = Value.null
            if let d = column.defaultValue {
                fill = column.affinity.apply(try compiler.compile(d, in: Scope(parent: nil)).evaluate([], ctx))
            }
            if column.notNull && fill.isNull {
                throw SQLError(.constraint, "Cannot add a NOT NULL column with default value NULL")
            }
            undoLog.append(.catalog(before))
            let copy = table.copy(renamedTo: table.name, addingColumn: column, fill: fill)
            // The new column's CHECK constraints hold for the rows written from now on.
            copy.checks += zip(definition.check, definition.checkText).map { (expression: $0, text: $1, name: String?.none) }
            catalog.tables[asciiLowercased(tableName)] = copy
            for index in copy.indexes where !index.implicit { catalog.indexes[asciiLowercased(index.name)] = index }

        case let .alterTableDropColumn(tableName, column, position):
            try dropColumn(table: tableName, column: column, position: position, before: before)

        case let .alterTableRenameColumn(tableName, from, to, position):
            try renameColumn(table: tableName, from: from, to: to, position: position, before: before)

        default:
            throw SQLError(.misuse, "statement not supported here")
        }
        return QueryResult()
    }

    private func checkSchema(_ schema: String, position: Int) throws {
        let key = asciiLowercased(schema)
        if key == "main" || key == "temp" || catalog.schemas.contains(key) { return }
        throw SQLError(.unknownTable, "unknown database \(schema)", position: position)
    }

    private func checkPrivilegeObjects(_ p: PrivilegeStatement) throws {
        for object in p.objects {
            if p.objectKind == "SCHEMA" {
                guard catalog.schemas.contains(asciiLowercased(object)) || asciiLowercased(object) == "main" else {
                    throw SQLError(.unknownTable, "no such schema: \(object)")
                }
            } else {
                let name = object.split(separator: ".").last.map(String.init) ?? object
                guard catalog.table(name) != nil || catalog.view(name) != nil else {
                    throw SQLError(.unknownTable, "no such table: \(object)")
                }
            }
        }
    }

    private func drop(kind: String, name: String, schema: String?, ifExists: Bool, position: Int, before: Catalog) throws {
        let key = asciiLowercased(name)
        switch kind {
        case "TABLE":
            guard let table = catalog.tables[key] else {
                if ifExists { return }
                if catalog.views[key] != nil { throw SQLError(.misuse, "use DROP VIEW to delete view \(name)", position: position) }
                throw SQLError(.unknownTable, "no such table: \(name)", position: position)
            }
            if foreignKeysEnabled {
                for other in catalog.tables.values where other !== table {
                    for fk in other.foreignKeys where asciiLowercased(fk.clause.table) == key && other.count > 0 {
                        throw SQLError(.constraint, "FOREIGN KEY constraint failed")
                    }
                }
            }
            undoLog.append(.catalog(before))
            catalog.tables[key] = nil
            for index in table.indexes { catalog.indexes[asciiLowercased(index.name)] = nil }
            for trigger in catalog.triggers(on: table.name) { catalog.triggers[asciiLowercased(trigger.name)] = nil }
        case "INDEX":
            guard let index = catalog.indexes[key] else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such index: \(name)", position: position)
            }
            if index.implicit {
                throw SQLError(.misuse, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped", position: position)
            }
            undoLog.append(.catalog(before))
            catalog.indexes[key] = nil
            if let table = catalog.table(index.tableName) { table.indexes.removeAll { $0 === index } }
            // The table's index list is not part of the catalog snapshot: restore it on undo.
            undoLog.append(.indexRemoved(index, tableName: index.tableName))
        case "VIEW":
            guard catalog.views[key] != nil else {
                if ifExists { return }
                if catalog.tables[key] != nil { throw SQLError(.misuse, "use DROP TABLE to delete table \(name)", position: position) }
                throw SQLError(.unknownTable, "no such view: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalog.views[key] = nil
            for trigger in catalog.triggers(on: name) { catalog.triggers[asciiLowercased(trigger.name)] = nil }
        case "TRIGGER":
            guard catalog.triggers[key] != nil else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such trigger: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalog.triggers[key] = nil
        case "SCHEMA":
            guard catalog.schemas.contains(key) else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such schema: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalog.schemas.remove(key)
        case "ROLE":
            guard catalog.roles.contains(name) else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such role: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalog.roles.remove(name)
            catalog.grants = catalog.grants.filter { $0.role != name }
        default:
            throw SQLError(.syntax, "cannot drop \(kind)", position: position)
        }
    }

    /// Builds a table from CREATE TABLE's column definitions and constraints.
    func makeTable(_ name: String, schema: String?, columns definitions: [ColumnDefinition],
                   constraints: [TableConstraint], strict: Bool = false, position: Int) throws -> Table {
        if definitions.count > Limits.columns {
            throw SQLError(.misuse, "too many columns on \(name)", position: position)
        }
        var seen = Set<String>()
        for d in definitions where !seen.insert(asciiLowercased(d.name)).inserted {
            throw SQLError(.alreadyExists, "duplicate column name: \(d.name)", position: position)
        }
        var columns: [ColumnSchema] = []
        for d in definitions {
            let strictType = strict ? try StrictType.check(d, table: name) : nil
            columns.append(ColumnSchema(d, strictType: strictType))
        }
        let table = Table(name: name, schema: schema, columns: columns)
        table.strict = strict
        table.tableConstraints = constraints
        var primaryKey: [Int] = []
        var pkDescending = false
        for (i, d) in definitions.enumerated() where d.primaryKey {
            if !primaryKey.isEmpty { throw SQLError(.misuse, "table \"\(name)\" has more than one primary key", position: position) }
            primaryKey = [i]
            pkDescending = d.primaryKeyDescending
            table.autoincrement = d.autoincrement
        }
        // The implicit indexes are made in the order their constraints are written, so their
        // sqlite_autoindex numbers (and PRAGMA index_list) match SQLite's.
        var uniques: [(columns: [Int], conflict: ConflictResolution?)] = []
        var primaryKeyConflict: ConflictResolution?
        var primaryKeyPosition = 0
        for (i, d) in definitions.enumerated() {
            if d.primaryKey { primaryKeyConflict = d.primaryKeyConflict; primaryKeyPosition = uniques.count }
            if d.unique { uniques.append(([i], d.uniqueConflict)) }
        }
        // Column REFERENCES come before the table's FOREIGN KEY constraints, as written.
        for (i, d) in definitions.enumerated() {
            if let clause = d.references { table.foreignKeys.append(([i], clause, nil)) }
        }
        func columnIndexes(_ names: [String]) throws -> [Int] {
            try names.map { n in
                guard let c = table.columnIndex(n) else { throw SQLError(.unknownColumn, "no such column: \(n)", position: position) }
                return c
            }
        }
        for constraint in constraints {
            switch constraint {
            case .primaryKey(let names, _, let conflict):
                if !primaryKey.isEmpty { throw SQLError(.misuse, "table \"\(name)\" has more than one primary key", position: position) }
                primaryKey = try columnIndexes(names)
                primaryKeyConflict = conflict
                primaryKeyPosition = uniques.count
            case .unique(let names, _, let conflict):
                uniques.append((try columnIndexes(names), conflict))
            case .check(let e, let text, let constraintName):
                table.checks.append((e, text, constraintName))
            case .foreignKey(let names, let clause, let constraintName):
                table.foreignKeys.append((try columnIndexes(names), clause, constraintName))
            }
        }
        for d in definitions {
            for (e, text) in zip(d.check, d.checkText) { table.checks.append((e, text, nil)) }
        }
        if table.autoincrement && !(primaryKey.count == 1 && asciiUppercased(definitions[primaryKey[0]].type?.name ?? "") == "INTEGER") {
            throw SQLError(.misuse, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY", position: position)
        }
        table.primaryKey = primaryKey
        // INTEGER PRIMARY KEY (exactly that type, not DESC) is the rowid itself.
        if primaryKey.count == 1, asciiUppercased(definitions[primaryKey[0]].type?.sql ?? "") == "INTEGER", !pkDescending {
            table.rowidColumn = primaryKey[0]
            table.rowidConflict = primaryKeyConflict
        } else if !primaryKey.isEmpty {
            uniques.insert((primaryKey, primaryKeyConflict), at: primaryKeyPosition)
        }
        var n = 0
        for (columns, conflict) in uniques {
            if table.indexes.contains(where: { $0.columns == columns }) { continue }
            n += 1
            let index = TableIndex(name: "sqlite_autoindex_\(name)_\(n)", table: table, columns: columns,
                                   terms: columns.map { OrderingTerm(expression: .column(table: nil, name: table.columns[$0].name, position: 0)) },
                                   unique: true, implicit: true)
            index.conflict = conflict
            table.indexes.append(index)
        }
        try checkGeneratedColumns(of: table, position: position)
        return table
    }

    private func createTableAsSelect(_ name: String, schema: String?, select: SelectStatement, compiler: Compiler,
                                     ctx: ExecutionContext) throws {
        let plan = try compiler.compileSelect(select, scope: nil)
        let rows = try plan.execute(ctx, nil)
        var definitions: [ColumnDefinition] = []
        var used = Set<String>()
        for (i, column) in plan.columns.enumerated() {
            var columnName = column
            var k = 1
            while !used.insert(asciiLowercased(columnName)).inserted { columnName = "\(column):\(k)"; k += 1 }
            var d = ColumnDefinition(name: columnName)
            switch plan.affinities[i] {
            case .integer?: d.type = TypeName(name: "INT")
            case .real?: d.type = TypeName(name: "REAL")
            case .text?: d.type = TypeName(name: "TEXT")
            case .numeric?: d.type = TypeName(name: "NUM")
            default: d.type = nil
            }
            definitions.append(d)
        }
        let table = try makeTable(name, schema: schema, columns: definitions, constraints: [], position: 0)
        catalog.tables[asciiLowercased(name)] = table
        var rowid: Int64 = 0
        for row in rows {
            rowid += 1
            let values = zip(row, table.columns).map { $1.affinity.apply($0) }
            table.insert(values, rowid: rowid)
        }
    }

    private func firstDuplicate(in table: Table, columns: [Int], index: TableIndex) -> String? {
        var seen = Set<[Value]>()
        for row in table.allRows {
            let key = index.key(of: row)
            if key.contains(where: \.isNull) { continue }
            if !seen.insert(key).inserted {
                return columns.map { "\(table.name).\(table.columns[$0].name)" }.joined(separator: ", ")
            }
        }
        return nil
    }
}
