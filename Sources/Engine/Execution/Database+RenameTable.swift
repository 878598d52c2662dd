// ALTER TABLE RENAME TO in the views and triggers that name the table: their text rewritten
// (Catalog/TableText.swift) and parsed again, as SQLite's renameTableFunc rewrites the schema,
// so a view still reads the table and a trigger still fires on it.

extension Database {
    /// The views and triggers of schema `s` (and temp's, which may name `s`'s tables) that name
    /// table `old`, rewritten to name `new`.
    func renameTableInViewsAndTriggers(from old: String, to new: String, in s: Int) throws {
        for holder in s == Database.tempSchema ? [s] : [s, Database.tempSchema] {
            var catalog = catalogs[holder]
            var changed = false
            for (key, view) in catalog.views {
                let text = try TableText.renamingTableReferences(old, to: new, in: view.sql)
                guard text != view.sql else { continue }
                var parser = try Parser(text)
                guard case let .createView(_, _, columns, select, _, _, _, _) = try parser.parseStatement() else { continue }
                catalog.views[key] = ViewSchema(name: view.name, schema: view.schema, columnNames: columns, select: select, sql: text)
                changed = true
            }
            for (key, trigger) in catalog.triggers {
                if holder != s && asciiLowercased(trigger.tableSchemaName) != asciiLowercased(catalogs[s].schemaName) { continue }
                let text = try TableText.renamingTableReferences(old, to: new, in: trigger.definition.sql)
                guard text != trigger.definition.sql else { continue }
                var parser = try Parser(text)
                guard case .createTrigger(let reparsed) = try parser.parseStatement() else { continue }
                var definition = trigger.definition
                definition.table = reparsed.table
                definition.when = reparsed.when
                definition.body = reparsed.body
                definition.sql = text
                catalog.triggers[key] = TriggerSchema(definition, tableSchemaName: trigger.tableSchemaName)
                changed = true
            }
            guard changed else { continue }
            // The schema renamed in is logged to undo already; temp is logged before it changes.
            if holder != s { undoLog.append(.catalog(catalogs[holder])) }
            catalogs[holder] = catalog
        }
    }
}
