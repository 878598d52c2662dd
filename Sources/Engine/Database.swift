// The engine's public face: open a database, run SQL, save and load it as a SQL dump.

/// The rows a statement produced, with its column names.
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Value]]
    /// Rows inserted, updated or deleted by a data-changing statement.
    public var changes: Int
    /// Set for EXPLAIN QUERY PLAN: the rows read as a plan (a shell draws it as a tree).
    public var queryPlan: QueryPlan?

    public init(columns: [String] = [], rows: [[Value]] = [], changes: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
    }
}

/// The outcome of one statement that was prepared: its rows, and the error that stopped it, if any.
/// SQLite's step loop returns rows until a run-time error; callers that judge output need both.
public struct RunOutcome: Sendable {
    public var result: QueryResult
    public var error: SQLError?
}

/// An in-memory SQL database with SQLite's dialect and semantics.
public final class Database {
    /// The schemas' catalogs: main, temp, then attached databases (Catalog/Database+Schemas.swift).
    var catalogs = [Catalog(), Catalog(schemaName: "temp")]
    /// True once a TEMP object was made: PRAGMA database_list lists temp from then on, as
    /// SQLite does once its temporary database is open.
    var tempSchemaUsed = false
    /// Changes to undo on ROLLBACK, or when a statement fails part way.
    var undoLog: [UndoEntry] = []
    /// The log's length at the latest mark: a run of inserts may grow only from an entry after it.
    var undoRunStart = 0
    var inTransaction = false
    /// Each savepoint's undo-log mark and the foreign-key counts a ROLLBACK TO restores.
    var savepoints: [(name: String, mark: Int, foreignKeys: ForeignKeyCounters)] = []
    /// True when the transaction was opened by a SAVEPOINT (releasing the last one commits it),
    /// false when by BEGIN.
    var transactionFromSavepoint = false
    /// Triggers running now: a trigger does not fire itself again (recursive_triggers is off).
    var activeTriggers: Set<String> = []
    /// Triggers compiled for the running statement, by name (Database+Triggers.swift); emptied
    /// when the statement ends.
    var triggerPrograms: [String: TriggerProgram] = [:]
    /// Which triggers fire for each kind of write in the running statement (Database+Triggers.swift);
    /// emptied when the statement ends.
    var triggerFirings: [TriggerFiring.Key: TriggerFiring] = [:]
    /// Trigger programs and foreign-key actions running inside one another now.
    var triggerDepth = 0
    /// The OR clause of the statement whose triggers run: it replaces the trigger statements'
    /// own, as in SQLite (see `withConflictResolution`).
    var triggerConflictOverride: ConflictResolution?
    public internal(set) var lastChanges = 0
    public internal(set) var totalChanges = 0
    public internal(set) var lastInsertRowid: Int64 = 0
    /// Changes whenever the schema may have changed (DDL, ROLLBACK, a failed statement, a dump
    /// loaded): a prepared statement recompiles its plan then (PreparedStatement.swift).
    var schemaGeneration = 0
    /// PRAGMA foreign_keys; on by default, so declared foreign keys are enforced.
    public var foreignKeysEnabled = true
    /// Foreign-key violations outstanding (Execution/Database+ForeignKeys.swift).
    var foreignKeyCounters = ForeignKeyCounters()
    /// PRAGMA defer_foreign_keys: every constraint is checked at COMMIT; off when a transaction ends.
    var deferForeignKeys = false
    /// Each table's foreign keys resolved against the schema (Execution/ForeignKeyPlan.swift).
    var foreignKeyPlans = ForeignKeyPlanCache()
    /// Setting pragmas assigned a value other than their initial one (Catalog/SettingPragmas.swift).
    var settings: [String: Value] = [:]
    /// When true, every statement that could change the database fails before it runs
    /// (Database+ReadOnly.swift); reading statements run as usual.
    public var isReadOnly = false
    /// How long one statement may run before it fails with "interrupted" (nil: no limit).
    public var timeLimit: Duration?
    /// Database.interrupt()'s flag and the running statement's deadline (Interrupt.swift).
    let interruptCheck = InterruptCheck()
    /// A context for folding constant expressions at compile time.
    private(set) lazy var foldingContext: ExecutionContext? = ExecutionContext(database: self, parameters: [])

    public init() {}

    /// Lays every table's rows out afresh in rowid order, so scans read memory sequentially.
    /// Worth it after building a large database one INSERT at a time (a dump load does it).
    public func packStorage() {
        for catalog in catalogs { for table in catalog.tables.values { table.pack() } }
    }

    /// Runs every statement in `sql` and returns the last one's result.
    /// Throws the first error; statements before it have taken effect.
    @discardableResult
    public func execute(_ sql: String, parameters: [Value] = []) throws -> QueryResult {
        var parser = try Parser(sql)
        var last = QueryResult()
        while let (statement, _) = try parser.nextStatement() {
            last = try perform(statement, sql: sql, parameters: parameters)
        }
        return last
    }

    /// Prepares one statement and runs it. Throws when it cannot be prepared (syntax, unknown
    /// names); a run-time error comes back in the outcome with the rows produced before it.
    public func run(_ sql: String, parameters: [Value] = []) throws -> RunOutcome {
        var parser = try Parser(sql)
        guard let (statement, _) = try parser.nextStatement() else {
            return RunOutcome(result: QueryResult(), error: nil)
        }
        if try parser.nextStatement() != nil {
            throw SQLError(.misuse, "run() takes one statement; use execute() for several", sql: sql)
        }
        if case .select(let select) = statement {
            try startStatement()
            let compiler = Compiler(database: self, sql: sql)
            let plan = try compiler.compileSelect(select, scope: nil)
            let ctx = ExecutionContext(database: self, parameters: parameters)
            do {
                let rows = try plan.execute(ctx, nil)
                return RunOutcome(result: QueryResult(columns: plan.columns, rows: rows), error: nil)
            } catch let error as SQLError {
                return RunOutcome(result: QueryResult(columns: plan.columns), error: error)
            }
        }
        do {
            return RunOutcome(result: try perform(statement, sql: sql, parameters: parameters), error: nil)
        } catch let error as SQLError where error.kind == .runtime || error.kind == .constraint || error.kind == .mismatch
                    || error.kind == .interrupted {
            return RunOutcome(result: QueryResult(), error: error)
        }
    }

    /// Runs one statement atomically: if it fails, everything it changed is undone.
    func perform(_ statement: Statement, sql: String, parameters: [Value]) throws -> QueryResult {
        try refuseWriteIfReadOnly(statement, sql: sql)
        let compiler = Compiler(database: self, sql: sql)
        return try atomically(sql: sql, mayChangeSchema: statement.mayChangeSchema) {
            let ctx = ExecutionContext(database: self, parameters: parameters)
            return try execute(statement, compiler: compiler, ctx: ctx, parent: nil)
        }
    }

    /// Runs one statement's work (`body`) atomically: if it fails, everything it changed is undone.
    func atomically<T>(sql: String, mayChangeSchema: Bool, _ body: () throws -> T) throws -> T {
        try startStatement()
        let mark = undoMark()
        defer { triggerPrograms.removeAll(); triggerFirings.removeAll() }
        let foreignKeysBefore = foreignKeyCounters.transactionPart
        foreignKeyCounters.statement = 0
        do {
            let result = try body()
            try refuseForeignKeyViolationsAtStatementEnd()
            if mayChangeSchema { schemaGeneration &+= 1 }
            if !inTransaction { endAutocommitStatement(wrote: undoLog.count > mark) }
            return result
        } catch var error as SQLError {
            schemaGeneration &+= 1
            undo(to: mark)
            foreignKeyCounters = foreignKeysBefore
            if !inTransaction { endAutocommitStatement(wrote: undoLog.count > mark) }
            if error.sql == nil { error.sql = sql }
            throw error
        } catch let raise as TriggerRaise {
            schemaGeneration &+= 1
            undo(to: mark)
            foreignKeyCounters = foreignKeysBefore
            if raise.kind == "ROLLBACK" { rollbackTransaction() }
            if !inTransaction { endAutocommitStatement(wrote: true) }
            throw SQLError(.constraint, raise.message, sql: sql)
        }
    }

    /// A statement outside a transaction ended: it was its own transaction. Its undo log goes;
    /// one that wrote ends a write transaction, which turns defer_foreign_keys off (SQLite).
    private func endAutocommitStatement(wrote: Bool) {
        // A small log keeps its room for the next statement; a big one gives it back.
        undoLog.removeAll(keepingCapacity: undoLog.capacity <= 4096)
        if wrote { resetForeignKeyCounters() } else { foreignKeyCounters = ForeignKeyCounters(); }
    }

    /// A statement starts: its time limit runs from now, and a pending interrupt stops it here.
    func startStatement() throws {
        interruptCheck.startStatement(timeLimit: timeLimit)
        try interruptCheck.look()
    }

    /// Executes a statement; `parent` is the trigger scope (NEW and OLD) inside a trigger body.
    func execute(_ statement: Statement, compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> QueryResult {
        switch statement {
        case .select(let select):
            let plan = try compiler.compileSelect(select, scope: parent)
            return QueryResult(columns: plan.columns, rows: try plan.execute(ctx, nil))
        case .insert(let insert):
            return try executeInsert(insert, compiler: compiler, ctx: ctx, parent: parent)
        case .update(let update):
            return try executeUpdate(update, compiler: compiler, ctx: ctx, parent: parent)
        case .delete(let delete):
            return try executeDelete(delete, compiler: compiler, ctx: ctx, parent: parent)
        case .begin:
            guard !inTransaction else {
                throw SQLError(.misuse, "cannot start a transaction within a transaction")
            }
            inTransaction = true
            transactionFromSavepoint = false
            return QueryResult()
        case .commit:
            guard inTransaction else { throw SQLError(.misuse, "cannot commit - no transaction is active") }
            try refuseCommitWithForeignKeyViolations()
            inTransaction = false
            savepoints = []
            undoLog.removeAll()
            resetForeignKeyCounters()
            return QueryResult()
        case .rollback:
            guard inTransaction else { throw SQLError(.misuse, "cannot rollback - no transaction is active") }
            rollbackTransaction()
            return QueryResult()
        case .savepoint(let name):
            if !inTransaction { inTransaction = true; savepoints = []; transactionFromSavepoint = true }
            savepoints.append((name, undoMark(), foreignKeyCounters.transactionPart))
            return QueryResult()
        case .release(let name):
            guard let i = savepoints.lastIndex(where: { asciiLowercased($0.name) == asciiLowercased(name) }) else {
                throw SQLError(.misuse, "no such savepoint: \(name)")
            }
            if i == 0 && transactionFromSavepoint {
                // Releasing the outermost savepoint commits.
                try refuseCommitWithForeignKeyViolations()
                resetForeignKeyCounters()
            }
            savepoints.removeSubrange(i...)
            if savepoints.isEmpty && transactionFromSavepoint { inTransaction = false; undoLog.removeAll() }
            return QueryResult()
        case .rollbackTo(let name):
            guard let i = savepoints.lastIndex(where: { asciiLowercased($0.name) == asciiLowercased(name) }) else {
                throw SQLError(.misuse, "no such savepoint: \(name)")
            }
            undo(to: savepoints[i].mark)
            foreignKeyCounters = savepoints[i].foreignKeys
            savepoints.removeSubrange((i + 1)...)
            return QueryResult()
        case let .pragma(name, value, schema):
            return try executePragma(name, value: value, schema: schema, compiler: compiler, ctx: ctx)
        case let .attach(file, name):
            return try attach(file: file, name: name, compiler: compiler, ctx: ctx)
        case .detach(let name):
            return try detach(name, compiler: compiler, ctx: ctx)
        case .analyze, .vacuum:
            return QueryResult()
        case .explain(let explained, let queryPlan):
            guard queryPlan else {
                throw SQLError(.misuse, "EXPLAIN is not supported (the bytecode listing is SQLite's own); use EXPLAIN QUERY PLAN")
            }
            let plan = try describePlan(of: explained, compiler: compiler, parent: parent)
            var result = QueryResult(columns: QueryPlan.columns, rows: plan.rows)
            result.queryPlan = plan
            return result
        default:
            return try executeSchemaStatement(statement, compiler: compiler, ctx: ctx)
        }
    }

    func rollbackTransaction() {
        undo(to: 0)
        undoLog.removeAll()
        inTransaction = false
        savepoints = []
        resetForeignKeyCounters()
    }

    private func executePragma(_ name: String, value: Expression?, schema: String?, compiler: Compiler,
                               ctx: ExecutionContext) throws -> QueryResult {
        let key = asciiLowercased(name)
        if key == "foreign_key_check" {
            var table: String?
            if let value {
                if case .column(_, let word, _) = value { table = word }
                else { table = try compiler.compile(value, in: Scope(parent: nil)).evaluate([], ctx).textForm }
            }
            return QueryResult(columns: ["table", "rowid", "parent", "fkid"], rows: try foreignKeyCheckRows(table: table))
        }
        if key == "table_list" { return try tableListResult(value, schema: schema, compiler: compiler, ctx: ctx) }
        if let pragma = Compiler.catalogPragmas[key] {
            // `PRAGMA table_info(t)`: the argument is a name (a bare word or a string).
            var argument: String?
            if let value {
                if case .column(_, let word, _) = value { argument = word }
                else { argument = try compiler.compile(value, in: Scope(parent: nil)).evaluate([], ctx).textForm }
            }
            if pragma.arguments != nil && argument == nil { return QueryResult() }
            // The rows describe one schema's catalog: the one named, else where the name is found.
            if let schema {
                guard let s = schemaIndex(named: schema) else { throw SQLError(.unknownTable, "unknown database \(schema)") }
                compiler.fixedSchema = s
            } else if !onlyMainSchema, let argument {
                compiler.fixedSchema = relationSchema(argument, qualifier: nil)
                    ?? catalogs.indices.first { s in catalogs[s].indexes[asciiLowercased(argument)] != nil }
            }
            return QueryResult(columns: pragma.columns, rows: try pragma.rows(compiler, argument))
        }
        switch key {
        case "user_version", "application_id", "schema_version":
            return try executeHeaderPragma(key, value: value, schema: schema, compiler: compiler, ctx: ctx)
        case "defer_foreign_keys":
            if let value {
                deferForeignKeys = pragmaTruth(value)
                // Turning it off forgets what was counted under it, as SQLite does.
                if !deferForeignKeys { foreignKeyCounters.deferredImmediate = 0 }
                return QueryResult()
            }
            return QueryResult(columns: ["defer_foreign_keys"], rows: [[.integer(deferForeignKeys ? 1 : 0)]])
        case "foreign_keys":
            // A no-op inside a transaction, as in SQLite.
            if value != nil && inTransaction { return QueryResult() }
            if let value {
                foreignKeysEnabled = pragmaTruth(value)
                return QueryResult()
            }
            return QueryResult(columns: ["foreign_keys"], rows: [[.integer(foreignKeysEnabled ? 1 : 0)]])
        default:
            if let setting = SettingPragma.all[key] {
                return try executeSetting(key, setting, value: value, compiler: compiler, ctx: ctx)
            }
            if let reason = Database.refusedPragmas[key] { throw SQLError(.misuse, "PRAGMA \(key) is not supported: \(reason)") }
            // Unknown pragmas do nothing, as in SQLite.
            return QueryResult()
        }
    }
}

extension Database {
    /// A boolean PRAGMA's value: ON, yes, true or a non-zero number. The parser hands a bare
    /// word (ON, off, yes) over as text or as a name; "ON" read as a number would be 0.
    func pragmaTruth(_ value: Expression) -> Bool {
        if case .literal(.text(let word)) = value, Int(word) == nil {
            return ["on", "yes", "true"].contains(asciiLowercased(word))
        } else if case .literal(let v) = value {
            return v.truth ?? false
        } else if case .column(_, let word, _) = value {
            return ["on", "yes", "true"].contains(asciiLowercased(word))
        }
        return false
    }

    /// The whole database as a deterministic SQL dump: schemas, roles, tables with their
    /// constraints and rows, indexes, views, triggers and grants, in a stable order.
    public func dump() -> String {
        DumpWriter(catalog: catalog).write()
    }

    /// Applies a dump to this (empty) database. Fails with the line and reason on anything it
    /// cannot apply, and then leaves the database as it was.
    public func load(dump: String) throws {
        if isReadOnly { throw SQLError(.readOnly, Database.readOnlyMessage) }
        try DumpLoader(database: self).load(dump)
    }

    /// A new database holding what `dump` describes, its tables packed unless `packed` is false
    /// (for a caller that adds rows and packs afterwards).
    public static func load(dump: String, packed: Bool = true) throws -> Database {
        let database = Database()
        try DumpLoader(database: database).load(dump, pack: packed)
        return database
    }
}
