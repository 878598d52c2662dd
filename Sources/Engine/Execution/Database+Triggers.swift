// Triggers: FOR EACH ROW bodies run with OLD and NEW visible as the enclosing row.

extension Database {
    func fireTriggers(on table: Table, timing: TriggerTiming, event: TriggerEvent, old: Row?, new: Row?,
                      ctx: ExecutionContext) throws {
        if !hasTriggers { return }
        let firing = triggerFiring(.init(relation: table.name, schema: schemaIndex(of: table), timing: timing, event: event)) {
            ScopeSource(table: table, name: nil)
        }
        try fire(firing, old: old, new: new, ctx: ctx)
    }

    /// Fires the triggers on a table or view whose rows look like `source` (OLD and NEW get its columns).
    func fireTriggers(onName name: String, schema: Int, source: @autoclosure () -> ScopeSource, timing: TriggerTiming,
                      event: TriggerEvent, old: Row?, new: Row?, ctx: ExecutionContext) throws {
        try fire(triggerFiring(.init(relation: name, schema: schema, timing: timing, event: event), source: source),
                 old: old, new: new, ctx: ctx)
    }

    /// The triggers a kind of write fires, found at the statement's first such write and kept
    /// for its other rows (a statement cannot change the schema).
    private func triggerFiring(_ key: TriggerFiring.Key, source: () -> ScopeSource) -> TriggerFiring {
        if let known = triggerFirings[key] { return known }
        let firing = TriggerFiring(key: key, triggers: triggers(on: key.relation, schema: key.schema), source: source())
        triggerFirings[key] = firing
        return firing
    }

    private func fire(_ firing: TriggerFiring, old: Row?, new: Row?, ctx: ExecutionContext) throws {
        guard !firing.triggers.isEmpty else { return }
        let nulls = Row(repeating: .null, count: firing.source.width)
        let triggerRow = (old ?? nulls) + (new ?? nulls)
        for (trigger, name, programKey) in firing.triggers {
            try ctx.checkInterrupt()
            // A trigger does not fire itself again unless PRAGMA recursive_triggers is on; then
            // the trigger depth limit stops it.
            let reentered = activeTriggers.contains(name)
            if reentered && !settingIsOn("recursive_triggers") { continue }
            activeTriggers.insert(name)
            defer { if !reentered { activeTriggers.remove(name) } }
            let program = try triggerProgram(trigger, key: programKey, source: firing.source)
            program.running = true
            defer { program.running = false }
            let triggerContext = ExecutionContext(database: self, parameters: ctx.parameters)
            triggerContext.outer = [triggerRow]
            if let when = program.when, try when([], triggerContext).truth != true { continue }
            try enterTriggerProgram()
            defer { triggerDepth -= 1 }
            for step in program.steps { try step(triggerContext) }
        }
    }

    /// The trigger compiled for the running statement: compiled at its first firing, then
    /// reused for every row (the statement cannot change the schema). A trigger firing itself
    /// (recursive_triggers) gets a program of its own while the first one runs.
    private func triggerProgram(_ trigger: TriggerSchema, key: String, source: ScopeSource) throws -> TriggerProgram {
        if let cached = triggerPrograms[key], !cached.running { return cached }
        let program = try TriggerProgram(trigger, source: source, database: self)
        if triggerPrograms[key] == nil { triggerPrograms[key] = program }
        return program
    }
}

/// The triggers one kind of write on one table or view fires (those of its timing and event,
/// and for UPDATE OF, those watching a changed column), in firing order, with the shape of the
/// rows OLD and NEW read.
final class TriggerFiring {
    struct Key: Hashable {
        /// The table or view as the statement names it.
        let relation: String
        let schema: Int
        let timing: TriggerTiming
        let event: TriggerEvent
    }

    /// Each trigger with its name's lookup key and its program's key.
    let triggers: [(trigger: TriggerSchema, name: String, programKey: String)]
    let source: ScopeSource

    init(key: Key, triggers candidates: [TriggerSchema], source: ScopeSource) {
        self.source = source
        triggers = candidates.filter { TriggerFiring.fires($0.definition, key.timing, key.event) }.map { trigger in
            let name = asciiLowercased(trigger.name)
            return (trigger, name, "\(key.schema)|" + name)
        }
    }

    private static func fires(_ definition: CreateTrigger, _ timing: TriggerTiming, _ event: TriggerEvent) -> Bool {
        guard definition.timing == timing else { return false }
        switch (definition.event, event) {
        case (.insert, .insert), (.delete, .delete): return true
        case (.update(let watched), .update(let changed)):
            guard let watched else { return true }
            let changedKeys = Set((changed ?? []).map(asciiLowercased))
            return watched.contains { changedKeys.contains(asciiLowercased($0)) }
        default: return false
        }
    }
}

/// A trigger's WHEN and body statements compiled against OLD and NEW rows shaped like its
/// table's (or view's) rows, which each run reads from its context's outer row.
final class TriggerProgram {
    let when: ((Row, ExecutionContext) throws -> Value)?
    let steps: [(ExecutionContext) throws -> Void]
    /// Set while the program runs.
    var running = false

    /// `given`: a compiler set up by the caller (ALTER TABLE RENAME COLUMN's, which notes the
    /// names the trigger's text uses), else one for the trigger's text and schema.
    init(_ trigger: TriggerSchema, source: ScopeSource, database: Database, compiler given: Compiler? = nil) throws {
        let scope = Scope(parent: nil)
        scope.isTriggerBody = true
        for pseudo in ["old", "new"] {
            var s = source
            s.name = pseudo
            scope.add(s)
        }
        let compiler = given ?? Compiler(database: database, sql: trigger.definition.sql)
        // A trigger outside temp reads and writes its own schema's tables (SQLite's rule).
        if given == nil, !database.onlyMainSchema { compiler.fixedSchema = database.triggerSchema(trigger) }
        when = try trigger.definition.when.map { condition -> (Row, ExecutionContext) throws -> Value in
            let whenScope = Scope(parent: scope)
            whenScope.isTriggerBody = true
            return try compiler.compileCondition(condition, in: whenScope).evaluate
        }
        steps = try trigger.definition.body.map { statement -> (ExecutionContext) throws -> Void in
            switch statement {
            case .insert(let insert):
                let change = try database.compileInsert(insert, compiler: compiler, parent: scope)
                return { ctx in _ = try change.run(ctx) }
            case .update(let update):
                let change = try database.compileUpdate(update, compiler: compiler, parent: scope)
                return { ctx in _ = try change.run(ctx) }
            case .delete(let delete):
                let change = try database.compileDelete(delete, compiler: compiler, parent: scope)
                return { ctx in _ = try change.run(ctx) }
            case .select(let select):
                let plan = try compiler.compileSelect(select, scope: scope)
                return { ctx in _ = try plan.execute(ctx, nil) }
            default:
                return { [unowned database] ctx in _ = try database.execute(statement, compiler: compiler, ctx: ctx, parent: scope) }
            }
        }
    }
}

extension Database {
    /// Runs a writing statement's rows with the conflict resolution it writes with: the OR
    /// clause of the statement whose trigger runs it, when there is one, else its own (`own`).
    /// That resolution is in force for the triggers its rows fire, as in SQLite.
    func withConflictResolution<T>(_ own: ConflictResolution?, _ body: (ConflictResolution?) throws -> T) rethrows -> T {
        let saved = triggerConflictOverride
        let resolution = saved ?? own
        triggerConflictOverride = resolution
        defer { triggerConflictOverride = saved }
        return try body(resolution)
    }

    /// One more trigger program (or foreign-key action, which SQLite runs as one) inside the
    /// running statement; the caller undoes it (`triggerDepth -= 1`). SQLite allows
    /// SQLITE_MAX_TRIGGER_DEPTH of them, and the thread's stack must hold them too.
    func enterTriggerProgram() throws {
        if triggerDepth + 1 >= Limits.triggerDepth {
            throw SQLError(.runtime, "too many levels of trigger recursion")
        }
        try StackGuard.check()
        triggerDepth += 1
    }
}
