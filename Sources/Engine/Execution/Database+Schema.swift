// Schema statements: CREATE and DROP of tables, indexes, views and triggers; schemas, roles, grants.

extension Database {
    func executeSchemaStatement(_ statement: Statement, compiler: Compiler, ctx: ExecutionContext) throws -> QueryResult {
        // DROP ... IF EXISTS of a database that is not there drops nothing.
        if case let .drop(_, _, schema?, true, _) = statement, schemaIndex(named: schema) == nil { return QueryResult() }
        let s = try targetSchema(of: statement)
        if catalogs[s].readOnly { throw SQLError(.readOnly, Database.readOnlyMessage) }
        let before = catalogs[s]
        // A statement that changed the schema (it logged the catalog to undo) bumps its cookie.
        let logged = undoLog.count
        defer { if undoLog.count > logged { catalogs[s].header["schema_version"] = (before.header["schema_version"] ?? 0) + 1 } }
        // A table or index keeps a CREATE SCHEMA schema's name (the dump writes it); main,
        // temp and attached databases are where it lives, not part of its name.
        func tag(_ schema: String?) -> String? {
            schema.flatMap { catalog.schemas.contains(asciiLowercased($0)) ? $0 : nil }
        }
        switch statement {
        case let .createTable(name, schema, ifNotExists, _, columns, constraints, withoutRowid, strict, asSelect, position, sql):
            if catalogs[s].nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalogs[s].indexes[asciiLowercased(name)] != nil ? "index" : catalogs[s].view(name) != nil ? "view" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            undoLog.append(.catalog(before))
            if let asSelect {
                try createTableAsSelect(name, schema: tag(schema), into: s, select: asSelect, compiler: compiler, ctx: ctx)
            } else {
                let table = try makeTable(name, schema: tag(schema), columns: columns, constraints: constraints, strict: strict,
                                          position: position)
                if withoutRowid && table.primaryKey.isEmpty {
                    throw SQLError(.misuse, "PRIMARY KEY missing on table \(name)", position: position)
                }
                table.withoutRowid = withoutRowid
                table.sql = sql
                catalogs[s].tables[asciiLowercased(name)] = table
            }

        case let .createIndex(name, schema, tableName, terms, unique, ifNotExists, whereClause, position, sql):
            if catalogs[s].nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalogs[s].indexes[asciiLowercased(name)] != nil ? "index" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            guard let table = catalogs[s].table(tableName) else {
                if catalogs[s].view(tableName) != nil { throw SQLError(.misuse, "views may not be indexed", position: position) }
                throw SQLError(.unknownTable, "no such table: \(catalogs[s].schemaName).\(tableName)", position: position)
            }
            let index = try buildIndex(name: name, schema: tag(schema), table: table, terms: terms, unique: unique,
                                       whereClause: whereClause, sql: sql, position: position)
            undoLog.append(.catalog(before))
            table.indexes.append(index)
            undoLog.append(.indexAdded(index, table))
            catalogs[s].indexes[asciiLowercased(name)] = index

        case let .createView(name, schema, columns, select, ifNotExists, _, sql, position):
            if catalogs[s].nameInUse(name) {
                if ifNotExists { return QueryResult() }
                let kind = catalogs[s].view(name) != nil ? "view" : catalogs[s].indexes[asciiLowercased(name)] != nil ? "index" : "table"
                throw SQLError(.alreadyExists, "\(kind) \(name) already exists", position: position)
            }
            if let qualifier = try foreignQualifier(in: sql, schema: s) {
                throw SQLError(.misuse, "view \(name) cannot reference objects in database \(qualifier)", position: position)
            }
            undoLog.append(.catalog(before))
            // The body is kept as parsed from the view's own text, so its positions (error carets,
            // the double-quoted-name check) point into `sql` wherever the CREATE VIEW stood.
            var parser = try Parser(sql)
            let body: SelectStatement
            if case .createView(_, _, _, let reparsed, _, _, _, _) = try parser.parseStatement() { body = reparsed } else { body = select }
            catalogs[s].views[asciiLowercased(name)] = ViewSchema(name: name, schema: schema, columnNames: columns, select: body, sql: sql)

        case .createTrigger(let trigger):
            if catalogs[s].triggers[asciiLowercased(trigger.name)] != nil {
                if trigger.ifNotExists { return QueryResult() }
                throw SQLError(.alreadyExists, "trigger \(trigger.name) already exists")
            }
            let watched = try triggerTableSchema(trigger, schema: s)
            let shown = "\(catalogs[watched].schemaName).\(trigger.table)"
            if catalogs[watched].table(trigger.table) == nil {
                if catalogs[watched].view(trigger.table) != nil {
                    if trigger.timing != .insteadOf {
                        throw SQLError(.misuse, "cannot create \(trigger.timing.rawValue) trigger on view: \(shown)")
                    }
                } else {
                    throw SQLError(.unknownTable, "no such table: \(trigger.schema == nil && trigger.tableSchema == nil && s == Database.tempSchema ? trigger.table : shown)")
                }
            } else if trigger.timing == .insteadOf {
                throw SQLError(.misuse, "cannot create INSTEAD OF trigger on table: \(trigger.table)")
            }
            if s != Database.tempSchema, let qualifier = try foreignQualifier(in: trigger.sql, schema: s) {
                throw SQLError(.misuse, "trigger \(trigger.name) cannot reference objects in database \(qualifier)",
                               position: trigger.namePosition)
            }
            undoLog.append(.catalog(before))
            // The body is kept as parsed from the trigger's own text, so its positions point into it.
            var stored = trigger
            var parser = try Parser(trigger.sql)
            if case .createTrigger(let reparsed) = try parser.parseStatement() { stored.when = reparsed.when; stored.body = reparsed.body }
            catalogs[s].triggers[asciiLowercased(trigger.name)] = TriggerSchema(stored, tableSchemaName: catalogs[watched].schemaName)

        case let .createSchema(name, ifNotExists):
            if catalogs[s].schemas.contains(asciiLowercased(name)) {
                if ifNotExists { return QueryResult() }
                throw SQLError(.alreadyExists, "schema \(name) already exists")
            }
            undoLog.append(.catalog(before))
            catalogs[s].schemas.insert(asciiLowercased(name))

        case .createRole(let name):
            if catalogs[s].roles.contains(name) { throw SQLError(.alreadyExists, "role \(name) already exists") }
            undoLog.append(.catalog(before))
            catalogs[s].roles.insert(name)

        case let .drop(kind, name, schema, ifExists, position):
            try drop(kind: kind, name: name, schema: schema, in: s, ifExists: ifExists, position: position, before: before)

        case .grant(let p):
            for role in p.roles where !catalogs[s].roles.contains(role) && asciiLowercased(role) != "public" {
                throw SQLError(.unknownTable, "no such role: \(role)")
            }
            try checkPrivilegeObjects(p)
            undoLog.append(.catalog(before))
            for role in p.roles {
                for object in p.objects {
                    for privilege in p.privileges {
                        catalogs[s].grants.insert(Grant(privilege: privilege, objectKind: p.objectKind, object: object, role: role,
                                                    withGrantOption: p.withGrantOption))
                    }
                }
            }

        case .revoke(let p):
            undoLog.append(.catalog(before))
            catalogs[s].grants = catalogs[s].grants.filter { g in
                !(p.roles.contains(g.role) && p.objects.contains(g.object) && g.objectKind == p.objectKind
                  && (p.privileges.contains(g.privilege) || p.privileges.contains("ALL PRIVILEGES")))
            }

        case .reindex(let name):
            for table in catalogs[s].tables.values {
                for index in table.indexes {
                    if let name, asciiLowercased(name) != asciiLowercased(index.name), asciiLowercased(name) != asciiLowercased(table.name) {
                        continue
                    }
                    index.rebuild(from: table)
                }
            }
            if let name, catalogs[s].table(name) == nil, catalogs[s].indexes[asciiLowercased(name)] == nil,
               Collation(name: name) == nil {
                throw SQLError(.unknownTable, "unable to identify the object to be reindexed")
            }

        case let .alterTableRename(tableName, newName, _):
            let table = try alterableTable(tableName, in: s, viewMessage: "view \(tableName) may not be altered", position: nil)
            if asciiLowercased(newName).hasPrefix("sqlite_") {
                throw SQLError(.misuse, "object name reserved for internal use: \(newName)")
            }
            if catalogs[s].nameInUse(newName) {
                throw SQLError(.alreadyExists, "there is already another table or index with this name: \(newName)")
            }
            undoLog.append(.catalog(before))
            let copy = table.copy(renamedTo: newName)
            copy.sql = try copy.sql.map { try TableText.renamingTable(table.name, to: newName, in: $0, own: true) }
            for index in copy.indexes where !index.implicit {
                index.sql = try index.sql.map { try Database.renamingIndexTable(table.name, to: newName, in: $0) }
            }
            catalogs[s].renameTable(table, to: copy)
            for index in copy.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
            // Foreign keys (its own too) follow the table to its new name.
            try rewriteReferences(to: table.name, in: s, except: nil, clause: { clause in
                var clause = clause
                clause.table = newName
                return clause
            }, text: { try TableText.renamingTable(table.name, to: newName, in: $0, own: false) })
            try renameTableInViewsAndTriggers(from: table.name, to: newName, in: s)
            reloadTableOrders(afterAlterIn: s)

        case let .alterTableAddColumn(tableName, definition, _):
            try addColumn(definition, to: tableName, in: s, compiler: compiler, ctx: ctx, before: before)
            reloadTableOrders(afterAlterIn: s)

        case let .alterTableDropColumn(tableName, column, position, _):
            try dropColumn(table: tableName, in: s, column: column, position: position, before: before)
            reloadTableOrders(afterAlterIn: s)

        case let .alterTableRenameColumn(tableName, from, to, position, _):
            try renameColumn(table: tableName, in: s, from: from, to: to, quoted: Database.newNameIsQuoted(compiler.sql, from: position),
                             position: position, before: before)
            reloadTableOrders(afterAlterIn: s)

        default:
            throw SQLError(.misuse, "statement not supported here")
        }
        return QueryResult()
    }

    /// The schema a schema statement works in: a CREATE's TEMP or qualifier (an index goes with
    /// its table, a trigger on a temp table into temp), else where the named object is found.
    private func targetSchema(of statement: Statement) throws -> Int {
        func named(_ qualifier: String, position: Int?) throws -> Int {
            guard let s = schemaIndex(named: qualifier) else {
                throw SQLError(.unknownTable, "unknown database \(qualifier)", position: position)
            }
            return s
        }
        func existing(_ name: String, _ qualifier: String?) throws -> Int {
            if let qualifier {
                guard let s = schemaIndex(named: qualifier) else { throw SQLError(.unknownTable, "no such table: \(qualifier).\(name)") }
                return s
            }
            return relationSchema(name, qualifier: nil) ?? Database.mainSchema
        }
        switch statement {
        case let .createTable(_, schema, _, temporary, _, _, _, _, _, position, _),
             let .createView(_, schema, _, _, _, temporary, _, position):
            if temporary {
                if let schema, asciiLowercased(schema) != "temp" {
                    throw SQLError(.misuse, "temporary table name must be unqualified", position: position)
                }
                tempSchemaUsed = true
                return Database.tempSchema
            }
            guard let schema else { return Database.mainSchema }
            let s = try named(schema, position: position)
            if s == Database.tempSchema { tempSchemaUsed = true }
            return s
        case let .createIndex(_, schema, table, _, _, _, _, position, _):
            if let schema { return try named(schema, position: position) }
            return relationSchema(table, qualifier: nil) ?? Database.mainSchema
        case .createTrigger(let trigger):
            if trigger.temporary {
                if trigger.schema != nil { throw SQLError(.misuse, "temporary trigger may not have qualified name") }
                tempSchemaUsed = true
                return Database.tempSchema
            }
            if let schema = trigger.schema { return try named(schema, position: trigger.namePosition) }
            // An unqualified trigger on a temp table is made in temp, as SQLite does.
            if relationSchema(trigger.table, qualifier: trigger.tableSchema) == Database.tempSchema {
                return Database.tempSchema
            }
            return Database.mainSchema
        case let .drop(kind, name, schema, _, position):
            if let schema {
                guard let s = schemaIndex(named: schema) else {
                    throw SQLError(.unknownTable, "no such \(asciiLowercased(kind)): \(schema).\(name)", position: position)
                }
                return s
            }
            if onlyMainSchema { return Database.mainSchema }
            let key = asciiLowercased(name)
            return searchOrder(fixed: nil).first { s in
                switch kind {
                case "TABLE": return catalogs[s].tables[key] != nil || catalogs[s].views[key] != nil
                case "VIEW": return catalogs[s].views[key] != nil || catalogs[s].tables[key] != nil
                case "INDEX": return catalogs[s].indexes[key] != nil
                case "TRIGGER": return catalogs[s].triggers[key] != nil
                default: return false
                }
            } ?? Database.mainSchema
        case let .alterTableRename(table, _, schema), let .alterTableAddColumn(table, _, schema):
            return try existing(table, schema)
        case let .alterTableDropColumn(table, _, _, schema), let .alterTableRenameColumn(table, _, _, _, schema):
            return try existing(table, schema)
        default:
            return Database.mainSchema
        }
    }

    /// The schema of the table or view a trigger in schema `s` watches: its own unless the
    /// trigger is TEMP, which may watch any schema's.
    private func triggerTableSchema(_ trigger: CreateTrigger, schema s: Int) throws -> Int {
        if s == Database.tempSchema && (trigger.temporary || trigger.schema == nil) {
            if let qualifier = trigger.tableSchema {
                guard let t = schemaIndex(named: qualifier) else { throw SQLError(.unknownTable, "no such table: \(qualifier).\(trigger.table)") }
                return t
            }
            return relationSchema(trigger.table, qualifier: nil) ?? Database.tempSchema
        }
        if let qualifier = trigger.tableSchema, schemaIndex(named: qualifier) != s {
            throw SQLError(.misuse, "trigger \(trigger.name) cannot reference objects in database \(qualifier)",
                           position: trigger.namePosition)
        }
        return s
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

    private func drop(kind: String, name: String, schema: String?, in s: Int, ifExists: Bool, position: Int,
                      before: Catalog) throws {
        let key = asciiLowercased(name)
        let shown = schema.map { "\($0).\(name)" } ?? name
        switch kind {
        case "TABLE":
            guard let table = catalogs[s].tables[key] else {
                if ifExists { return }
                if catalogs[s].views[key] != nil { throw SQLError(.misuse, "use DROP VIEW to delete view \(name)", position: position) }
                throw SQLError(.unknownTable, "no such table: \(shown)", position: position)
            }
            try deleteRowsBeforeDrop(table)
            undoLog.append(.catalog(before))
            catalogs[s].tables[key] = nil
            forgetForeignKeyPlans()
            for index in table.indexes { catalogs[s].indexes[asciiLowercased(index.name)] = nil }
            dropTriggers(on: table.name, schema: s)
        case "INDEX":
            guard let index = catalogs[s].indexes[key] else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such index: \(shown)", position: position)
            }
            if index.implicit {
                throw SQLError(.misuse, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped", position: position)
            }
            undoLog.append(.catalog(before))
            catalogs[s].indexes[key] = nil
            if let table = catalogs[s].table(index.tableName) { table.indexes.removeAll { $0 === index } }
            // The table's index list is not part of the catalog snapshot: restore it on undo.
            undoLog.append(.indexRemoved(index, tableName: index.tableName, schema: catalogs[s].schemaName))
        case "VIEW":
            guard catalogs[s].views[key] != nil else {
                if ifExists { return }
                if catalogs[s].tables[key] != nil { throw SQLError(.misuse, "use DROP TABLE to delete table \(name)", position: position) }
                throw SQLError(.unknownTable, "no such view: \(shown)", position: position)
            }
            undoLog.append(.catalog(before))
            catalogs[s].views[key] = nil
            dropTriggers(on: name, schema: s)
        case "TRIGGER":
            guard catalogs[s].triggers[key] != nil else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such trigger: \(shown)", position: position)
            }
            undoLog.append(.catalog(before))
            catalogs[s].triggers[key] = nil
        case "SCHEMA":
            guard catalogs[s].schemas.contains(key) else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such schema: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalogs[s].schemas.remove(key)
        case "ROLE":
            guard catalogs[s].roles.contains(name) else {
                if ifExists { return }
                throw SQLError(.unknownTable, "no such role: \(name)", position: position)
            }
            undoLog.append(.catalog(before))
            catalogs[s].roles.remove(name)
            catalogs[s].grants = catalogs[s].grants.filter { $0.role != name }
        default:
            throw SQLError(.syntax, "cannot drop \(kind)", position: position)
        }
    }

    /// Drops the triggers on a table or view being dropped: its schema's, and temp's made on it
    /// (their catalog is snapshotted first, so a rollback brings them back).
    private func dropTriggers(on name: String, schema s: Int) {
        for trigger in triggers(on: name, schema: s) {
            let holder = triggerSchema(trigger)
            if holder != s { undoLog.append(.catalog(catalogs[holder])) }
            catalogs[holder].triggers[asciiLowercased(trigger.name)] = nil
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
        var uniques: [(columns: [Int], keys: [IndexedColumn]?, conflict: ConflictResolution?)] = []
        var primaryKeyKeys: [IndexedColumn]?
        var primaryKeyConflict: ConflictResolution?
        var primaryKeyPosition = 0
        for (i, d) in definitions.enumerated() {
            if d.primaryKey { primaryKeyConflict = d.primaryKeyConflict; primaryKeyPosition = uniques.count }
            if d.unique { uniques.append(([i], nil, d.uniqueConflict)) }
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
        // A constraint's column with COLLATE keys its index by that collation; it must exist.
        func keyColumns(_ keys: [IndexedColumn]) throws -> [Int] {
            for name in keys.compactMap(\.collation) where Collation(name: name) == nil {
                throw SQLError(.syntax, "no such collation sequence: \(name)", position: position)
            }
            return try columnIndexes(keys.map(\.name))
        }
        for constraint in constraints {
            switch constraint {
            case .primaryKey(let keys, _, let conflict):
                if !primaryKey.isEmpty { throw SQLError(.misuse, "table \"\(name)\" has more than one primary key", position: position) }
                primaryKey = try keyColumns(keys)
                primaryKeyKeys = keys
                primaryKeyConflict = conflict
                primaryKeyPosition = uniques.count
            case .unique(let keys, _, let conflict):
                uniques.append((try keyColumns(keys), keys, conflict))
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
            uniques.insert((primaryKey, primaryKeyKeys, primaryKeyConflict), at: primaryKeyPosition)
        }
        var n = 0
        for (columns, keys, conflict) in uniques {
            let terms = columns.enumerated().map { k, column -> OrderingTerm in
                let key = keys?[k]
                var e = Expression.column(table: nil, name: table.columns[column].name, position: 0)
                if let collation = key?.collation { e = .collate(e, collation: collation) }
                return OrderingTerm(expression: e, descending: key?.descending ?? false)
            }
            let index = TableIndex(name: "sqlite_autoindex_\(name)_\(n + 1)", table: table, columns: columns,
                                   terms: terms, unique: true, implicit: true)
            // A constraint on the columns and collations of an earlier one adds no index (build.c).
            if table.indexes.contains(where: { $0.columns == columns && $0.collations == index.collations }) { continue }
            n += 1
            index.conflict = conflict
            table.indexes.append(index)
        }
        try checkGeneratedColumns(of: table, position: position)
        return table
    }

    private func createTableAsSelect(_ name: String, schema: String?, into s: Int, select: SelectStatement,
                                     compiler: Compiler, ctx: ExecutionContext) throws {
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
        table.sql = TableText.createTableAsSelect(name, columns: definitions.map { ($0.name, $0.type?.name) })
        catalogs[s].tables[asciiLowercased(name)] = table
        var rowid: Int64 = 0
        for row in rows {
            rowid += 1
            let values = zip(row, table.columns).map { $1.affinity.apply($0) }
            table.insert(values, rowid: rowid)
        }
    }
}
