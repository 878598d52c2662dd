// ALTER TABLE: what every form checks first, by SQLite's rules (alter.c, isAlterableTable and
// the view checks of each form), and ADD COLUMN.

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

    /// ALTER TABLE ADD COLUMN: every existing row reads the column's default (a constant, as
    /// SQLite requires). `before` is the schema's catalog as the statement found it, for undo.
    func addColumn(_ definition: ColumnDefinition, to tableName: String, in s: Int, compiler: Compiler,
                   ctx: ExecutionContext, before: Catalog) throws {
        let table = try alterableTable(tableName, in: s, viewMessage: "Cannot add a column to a view", position: nil)
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
        // The definition as written goes into the table's text, which must still read back.
        let text = try table.sql.flatMap { sql in try definition.text.flatMap { try TableText.addingColumn($0, to: sql) } }
        if let text {
            do { var parser = try Parser(text); _ = try parser.parseStatement() } catch let e as SQLError {
                throw SQLError(.syntax, "error in table \(table.name) after add column: \(e.message)")
            }
        }
        if definition.generated != nil {
            try addGeneratedColumn(column, to: table, compiler: compiler, ctx: ctx, before: before)
            catalogs[s].table(tableName)?.sql = text
            return
        }
        var fill = Value.null
        if let d = column.defaultValue {
            fill = column.affinity.apply(try compiler.compile(d, in: Scope(parent: nil)).evaluate([], ctx))
        }
        if column.notNull && fill.isNull {
            throw SQLError(.constraint, "Cannot add a NOT NULL column with default value NULL")
        }
        undoLog.append(.catalog(before))
        // The new column's CHECK constraints hold for the rows written from now on.
        let checks = zip(definition.check, definition.checkText).map { (expression: $0, text: $1, name: String?.none) }
        // Outside a transaction nothing can ask for the old rows back (nothing below fails), so
        // the rows widen where they are: no copy of the table and its indexes, and no old table
        // to free. An index on expressions reads the rowid's slot, which moves: it is remade on
        // the copy.
        if !inTransaction && !table.indexes.contains(where: { $0.computed != nil }) {
            table.appendColumn(column, fill: fill)
            table.sql = text
            table.checks += checks
            return
        }
        // In a transaction, a new table object: the old one stays intact for ROLLBACK.
        let copy = table.copy(renamedTo: table.name, addingColumn: column, fill: fill)
        copy.sql = text
        try recompileComputedIndexes(of: copy)
        copy.checks += checks
        catalogs[s].tables[asciiLowercased(tableName)] = copy
        for index in copy.indexes where !index.implicit { catalogs[s].indexes[asciiLowercased(index.name)] = index }
    }
}
