// A database's schemas as SQLite numbers them: main is 0, temp is 1, attached databases follow
// from 2 in the order they were attached. An unqualified name is looked for in temp, then main,
// then each attached database; a qualified one (`temp.t`, `aux.t`) only where it says.

extension Database {
    static let mainSchema = 0
    static let tempSchema = 1

    /// The main schema's catalog.
    var catalog: Catalog {
        _read { yield catalogs[Database.mainSchema] }
        _modify { yield &catalogs[Database.mainSchema] }
    }

    /// True when every name resolves in main: temp holds nothing and nothing is attached. The
    /// common case, kept to one dictionary lookup per name.
    var onlyMainSchema: Bool { catalogs.count == 2 && catalogs[Database.tempSchema].isEmpty }

    /// The schema a qualifier names: main, temp, an attached database, or a schema made by
    /// CREATE SCHEMA (whose objects live in main); nil when it names none.
    func schemaIndex(named name: String) -> Int? {
        let key = asciiLowercased(name)
        if key == "main" { return Database.mainSchema }
        if key == "temp" { return Database.tempSchema }
        if let i = catalogs.indices.dropFirst(2).first(where: { asciiLowercased(catalogs[$0].schemaName) == key }) { return i }
        return catalog.schemas.contains(key) ? Database.mainSchema : nil
    }

    /// The schemas an unqualified name is looked for in, in order. `fixed` is the schema of the
    /// trigger or view whose body is compiling: outside temp, its names resolve there only.
    func searchOrder(fixed: Int?) -> [Int] {
        if let fixed, fixed != Database.tempSchema { return [fixed] }
        return [Database.tempSchema, Database.mainSchema] + Array(catalogs.indices.dropFirst(2))
    }

    /// The schema holding the table or view `name`, nil when none does (or the qualifier names
    /// no schema).
    func relationSchema(_ name: String, qualifier: String?, fixed: Int? = nil) -> Int? {
        func holds(_ s: Int) -> Bool {
            let key = asciiLowercased(name)
            return catalogs[s].tables[key] != nil || catalogs[s].views[key] != nil
        }
        if let qualifier {
            guard let s = schemaIndex(named: qualifier) else { return nil }
            return holds(s) ? s : nil
        }
        if onlyMainSchema && (fixed ?? Database.mainSchema) == Database.mainSchema {
            return holds(Database.mainSchema) ? Database.mainSchema : nil
        }
        return searchOrder(fixed: fixed).first(where: holds)
    }

    /// The table `name` resolves to, if it is a table.
    func table(_ name: String, qualifier: String?, fixed: Int? = nil) -> Table? {
        relationSchema(name, qualifier: qualifier, fixed: fixed).flatMap { catalogs[$0].table(name) }
    }

    /// The view `name` resolves to, if it is a view.
    func view(_ name: String, qualifier: String?, fixed: Int? = nil) -> ViewSchema? {
        relationSchema(name, qualifier: qualifier, fixed: fixed).flatMap { catalogs[$0].view(name) }
    }

    /// The schema whose catalog holds `table` (main when none does, as for a table being made).
    func schemaIndex(of table: Table) -> Int {
        if onlyMainSchema { return Database.mainSchema }
        let key = asciiLowercased(table.name)
        return catalogs.indices.first { catalogs[$0].tables[key] === table } ?? Database.mainSchema
    }

    /// The schema whose catalog holds `view`.
    func schemaIndex(of view: ViewSchema) -> Int {
        if onlyMainSchema { return Database.mainSchema }
        let key = asciiLowercased(view.name)
        return catalogs.indices.first { catalogs[$0].views[key] === view } ?? Database.mainSchema
    }

    /// How SQLite names a missing table: with the qualifier it was given, else bare (or with
    /// the schema a trigger or view body is fixed to).
    func missingTableName(_ name: String, qualifier: String?, fixed: Int? = nil) -> String {
        if let qualifier { return "\(qualifier).\(name)" }
        if let fixed, fixed != Database.tempSchema, !onlyMainSchema { return "\(catalogs[fixed].schemaName).\(name)" }
        return name
    }

    /// True when any schema has a trigger.
    var hasTriggers: Bool {
        catalogs.contains { !$0.triggers.isEmpty }
    }

    /// The triggers on a table or view named `name` in schema `schema`: its own schema's, and
    /// temp's that were made on it (a TEMP trigger may watch a table of any schema).
    func triggers(on name: String, schema: Int) -> [TriggerSchema] {
        if onlyMainSchema { return catalog.triggers(on: name) }
        let schemaName = asciiLowercased(catalogs[schema].schemaName)
        let own = catalogs[schema].triggers(on: name).filter { asciiLowercased($0.tableSchemaName) == schemaName }
        guard schema != Database.tempSchema else { return own }
        return own + catalogs[Database.tempSchema].triggers(on: name).filter { asciiLowercased($0.tableSchemaName) == schemaName }
    }

    /// The table an INSERT, UPDATE or DELETE writes, or SQLite's error.
    func targetTable(_ name: String, qualifier: String?, fixed: Int?, position: Int) throws -> Table {
        guard let s = relationSchema(name, qualifier: qualifier, fixed: fixed) else {
            throw SQLError(.unknownTable, "no such table: \(missingTableName(name, qualifier: qualifier, fixed: fixed))",
                           position: position)
        }
        guard let table = catalogs[s].table(name) else {
            throw SQLError(.misuse, "cannot modify \(name) because it is a view", position: position)
        }
        if catalogs[s].readOnly { throw SQLError(.readOnly, Database.readOnlyMessage, position: position) }
        return table
    }

    /// The schema whose catalog holds `trigger`.
    func triggerSchema(_ trigger: TriggerSchema) -> Int {
        let key = asciiLowercased(trigger.name)
        return catalogs.indices.first { catalogs[$0].triggers[key] === trigger } ?? Database.mainSchema
    }

    /// The first schema other than `s` that `sql` names as a qualifier (`temp.t`), if any: a
    /// view or trigger outside temp may not reach into another database (SQLite's DbFixer).
    /// A three-part `schema.table.column` is a column reference, which SQLite does not check.
    func foreignQualifier(in sql: String, schema s: Int) throws -> String? {
        guard s != Database.tempSchema else { return nil }
        let tokens = try Lexer.tokenize(sql)
        func isName(_ i: Int) -> Bool { i < tokens.count && (tokens[i].kind == .word || tokens[i].kind == .quotedIdentifier) }
        func isDot(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .symbol && tokens[i].text == "." }
        for i in tokens.indices where isName(i) && isDot(i + 1) && isName(i + 2) && !isDot(i - 1) && !isDot(i + 3) {
            let qualifier = tokens[i].text
            let key = asciiLowercased(qualifier)
            guard key == "main" || key == "temp" || catalogs.dropFirst(2).contains(where: { asciiLowercased($0.schemaName) == key }),
                  let named = schemaIndex(named: qualifier), named != s else { continue }
            return qualifier
        }
        return nil
    }
}
