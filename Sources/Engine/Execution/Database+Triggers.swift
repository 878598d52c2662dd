// Triggers: FOR EACH ROW bodies run with OLD and NEW visible as the enclosing row.

extension Database {
    func fireTriggers(on table: Table, timing: TriggerTiming, event: TriggerEvent, old: Row?, new: Row?,
                      ctx: ExecutionContext) throws {
        if !hasTriggers { return }
        let source = ScopeSource(table: table, name: nil)
        try fireTriggers(onName: table.name, schema: schemaIndex(of: table), source: source, timing: timing, event: event,
                         old: old, new: new, ctx: ctx)
    }

    /// Fires the triggers on a table or view whose rows look like `source` (OLD and NEW get its columns).
    func fireTriggers(onName name: String, schema: Int, source: ScopeSource, timing: TriggerTiming, event: TriggerEvent,
                      old: Row?, new: Row?, ctx: ExecutionContext) throws {
        let triggers = triggers(on: name, schema: schema).filter { trigger in
            guard trigger.definition.timing == timing else { return false }
            switch (trigger.definition.event, event) {
            case (.insert, .insert), (.delete, .delete): return true
            case (.update(let watched), .update(let changed)):
                guard let watched else { return true }
                let changedKeys = Set((changed ?? []).map(asciiLowercased))
                return watched.contains { changedKeys.contains(asciiLowercased($0)) }
            default: return false
            }
        }
        guard !triggers.isEmpty else { return }
        let nulls = Row(repeating: .null, count: source.width)
        let triggerRow = (old ?? nulls) + (new ?? nulls)
        let triggerScope = Scope(parent: nil)
        triggerScope.isTriggerBody = true
        for pseudo in ["old", "new"] {
            var s = source
            s.name = pseudo
            triggerScope.add(s)
        }
        for trigger in triggers {
            try ctx.checkInterrupt()
            let key = asciiLowercased(trigger.name)
            // A trigger does not fire itself again unless PRAGMA recursive_triggers is on; then
            // the trigger depth limit stops it.
            let reentered = activeTriggers.contains(key)
            if reentered && !settingIsOn("recursive_triggers") { continue }
            activeTriggers.insert(key)
            defer { if !reentered { activeTriggers.remove(key) } }
            let compiler = Compiler(database: self, sql: trigger.definition.sql)
            // A trigger outside temp reads and writes its own schema's tables (SQLite's rule).
            if !onlyMainSchema { compiler.fixedSchema = triggerSchema(trigger) }
            let triggerContext = ExecutionContext(database: self, parameters: ctx.parameters)
            triggerContext.outer = [triggerRow]
            if let when = trigger.definition.when {
                let whenScope = Scope(parent: triggerScope)
                whenScope.isTriggerBody = true
                guard try compiler.compileCondition(when, in: whenScope).evaluate([], triggerContext).truth == true else { continue }
            }
            try enterTriggerProgram()
            defer { triggerDepth -= 1 }
            for statement in trigger.definition.body {
                _ = try execute(statement, compiler: compiler, ctx: triggerContext, parent: triggerScope)
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
