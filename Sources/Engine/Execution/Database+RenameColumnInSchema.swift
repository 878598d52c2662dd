// ALTER TABLE RENAME COLUMN in the views and triggers, as SQLite 3.40's renameColumnFunc does
// it: each view and trigger of the schema (and temp's) is compiled against the table before
// the rename, the places its text names the column are noted (Compiler.columnUses) and renamed
// in the text (Catalog/RenameColumnText.swift), and after the rename every one is compiled
// again. One that does not compile before is "error in view v: ..."; one the rename breaks
// (a view reading another view's renamed result column) is "error in view v after rename: ...",
// and the statement fails as in SQLite.

extension Database {
    /// A view's or trigger's text with the column renamed.
    struct RenamedSchemaText {
        let holder: Int
        let name: String
        let isView: Bool
        let text: String
    }

    /// The views and triggers that name column `c` of `table` (schema `s`), their texts
    /// rewritten to name `new`. Every view and trigger is compiled to find out.
    func columnRenamesInViewsAndTriggers(table: Table, column c: Int, old: String, new: String, quoted: Bool,
                                         in s: Int) throws -> [RenamedSchemaText] {
        var renamed: [RenamedSchemaText] = []
        for (holder, isView, name) in viewsAndTriggers(around: s) {
            let uses = ColumnUses(table: table, column: c)
            let sql: String
            var extra: Set<Int> = []
            let tokens: [Token]
            if isView {
                guard let view = catalogs[holder].view(name) else { continue }
                sql = view.sql
                tokens = try Lexer.tokenize(sql)
                try compileForRename(view: view, holder: holder, uses: uses, when: "")
            } else {
                guard let trigger = catalogs[holder].triggers[asciiLowercased(name)] else { continue }
                sql = trigger.definition.sql
                tokens = try Lexer.tokenize(sql)
                try compileForRename(trigger: trigger, holder: holder, uses: uses, when: "")
                let watches = asciiLowercased(trigger.table) == asciiLowercased(table.name)
                    && schemaIndex(named: trigger.tableSchemaName) == s
                extra = RenameColumnText.triggerColumnLists(old, table: table.name, watchesTable: watches, in: tokens)
            }
            let named = Set(uses.positions.compactMap { RenameColumnText.nameToken(at: $0, named: old, in: tokens) })
            let edits = named.union(extra)
            guard !edits.isEmpty else { continue }
            renamed.append(RenamedSchemaText(holder: holder, name: name, isView: isView,
                                             text: RenameColumnText.renaming(edits, to: new, quoted: quoted, tokens: tokens, in: sql)))
        }
        return renamed
    }

    /// Puts the rewritten texts in place (parsed again), then compiles every view and trigger
    /// as SQLite checks the schema after a rename. `before` holds the catalogs to log for undo.
    func applyColumnRenames(_ renamed: [RenamedSchemaText], in s: Int, before: [Int: Catalog]) throws {
        for holder in Set(renamed.map(\.holder)) where holder != s {
            if let catalog = before[holder] { undoLog.append(.catalog(catalog)) }
        }
        for change in renamed {
            var parser = try Parser(change.text)
            let statement = try parser.parseStatement()
            if change.isView, let view = catalogs[change.holder].view(change.name),
               case let .createView(_, _, columns, select, _, _, _, _) = statement {
                catalogs[change.holder].views[asciiLowercased(change.name)] =
                    ViewSchema(name: view.name, schema: view.schema, columnNames: columns, select: select, sql: change.text)
            } else if let trigger = catalogs[change.holder].triggers[asciiLowercased(change.name)],
                      case .createTrigger(let reparsed) = statement {
                catalogs[change.holder].triggers[asciiLowercased(change.name)] =
                    TriggerSchema(reparsed: reparsed, sql: change.text, from: trigger)
            }
        }
        for (holder, isView, name) in viewsAndTriggers(around: s) {
            if isView, let view = catalogs[holder].view(name) {
                try compileForRename(view: view, holder: holder, uses: nil, when: " after rename")
            } else if let trigger = catalogs[holder].triggers[asciiLowercased(name)] {
                try compileForRename(trigger: trigger, holder: holder, uses: nil, when: " after rename")
            }
        }
    }

    /// The views and triggers of schema `s` and of temp (whose may read `s`), each schema's
    /// in the order they were made, as SQLite reads sqlite_master.
    private func viewsAndTriggers(around s: Int) -> [(holder: Int, isView: Bool, name: String)] {
        var found: [(holder: Int, isView: Bool, name: String, rowid: Int64)] = []
        for holder in s == Database.tempSchema ? [s] : [s, Database.tempSchema] {
            let catalog = catalogs[holder]
            for view in catalog.views.values {
                found.append((holder, true, view.name, catalog.schemaRowid("view", view.name) ?? .max))
            }
            for trigger in catalog.triggers.values {
                found.append((holder, false, trigger.name, catalog.schemaRowid("trigger", trigger.name) ?? .max))
            }
        }
        return found.sorted { ($0.holder == s ? 0 : 1, $0.rowid, $0.name) < ($1.holder == s ? 0 : 1, $1.rowid, $1.name) }
            .map { ($0.holder, $0.isView, $0.name) }
    }

    private func compileForRename(view: ViewSchema, holder: Int, uses: ColumnUses?, when: String) throws {
        do {
            var parser = try Parser(view.sql)
            guard case let .createView(_, _, _, select, _, _, _, _) = try parser.parseStatement() else { return }
            let compiler = Compiler(database: self, sql: view.sql)
            compiler.fixedSchema = holder == Database.tempSchema ? nil : holder
            compiler.columnUses = uses
            _ = try compiler.compileSelect(select, scope: nil)
            if let uses { Database.noteCompoundOrderUses(select, uses) }
        } catch let e as SQLError {
            throw SQLError(.runtime, "error in view \(view.name)\(when): \(e.message)")
        }
    }

    private func compileForRename(trigger: TriggerSchema, holder: Int, uses: ColumnUses?, when: String) throws {
        do {
            var parser = try Parser(trigger.definition.sql)
            guard case .createTrigger(let reparsed) = try parser.parseStatement() else { return }
            let watched = schemaIndex(named: trigger.tableSchemaName) ?? holder
            let source: ScopeSource
            if let table = catalogs[watched].table(trigger.table) {
                source = ScopeSource(table: table, name: nil)
            } else if let view = catalogs[watched].view(trigger.table) {
                let compiler = Compiler(database: self, sql: view.sql)
                compiler.fixedSchema = watched == Database.tempSchema ? nil : watched
                let plan = try compiler.compileSelect(view.select, scope: nil)
                let columns = view.columnNames ?? plan.columns
                source = ScopeSource(name: view.name, columns: columns, offset: 0, affinities: plan.affinities,
                                     collations: Array(repeating: nil, count: columns.count), rowidColumn: nil)
            } else {
                return
            }
            let compiler = Compiler(database: self, sql: trigger.definition.sql)
            if !onlyMainSchema { compiler.fixedSchema = holder }
            compiler.columnUses = uses
            _ = try TriggerProgram(TriggerSchema(reparsed: reparsed, sql: trigger.definition.sql, from: trigger), source: source, database: self,
                                   compiler: compiler)
        } catch let e as SQLError {
            throw SQLError(.runtime, "error in trigger \(trigger.name)\(when): \(e.message)")
        }
    }
}

extension Database {
    /// A compound's ORDER BY names its result columns without being compiled; SQLite resolves
    /// such a name against the first SELECT, so one that is not an `AS` name there and is a
    /// column the first SELECT reads names it as that column does.
    static func noteCompoundOrderUses(_ select: SelectStatement, _ uses: ColumnUses) {
        guard case .compound = select.body else { return }
        var first = select.body
        while case .compound(let left, _, _) = first { first = left }
        guard case .core(let core) = first else { return }
        for term in select.orderBy {
            var e = term.expression
            if case .collate(let inner, _) = e { e = inner }
            guard case let .column(nil, name, position) = e else { continue }
            let key = asciiLowercased(name)
            for column in core.columns {
                guard case let .expression(expression, alias, _) = column else { continue }
                if let alias, asciiLowercased(alias) == key { break }
                if alias == nil, case let .column(_, written, at) = expression, asciiLowercased(written) == key {
                    if uses.positions.contains(at) { uses.positions.insert(position) }
                    break
                }
            }
        }
    }
}

extension TriggerSchema {
    /// The trigger with its text `sql` parsed again (`reparsed`): its table, event (an UPDATE OF list), WHEN and body.
    convenience init(reparsed: CreateTrigger, sql: String, from trigger: TriggerSchema) {
        var definition = trigger.definition
        definition.table = reparsed.table
        definition.event = reparsed.event
        definition.when = reparsed.when
        definition.body = reparsed.body
        definition.sql = sql
        self.init(definition, tableSchemaName: trigger.tableSchemaName)
    }
}
