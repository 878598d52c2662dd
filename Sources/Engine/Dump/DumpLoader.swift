// Loads a SQL dump, all or nothing: statements run against a fresh database, which replaces the
// target's contents only when every statement succeeded.

/// Applies a dump. Any statement it cannot apply stops the load with a `.dump` error that names
/// the dump's line and the reason; the target database is then untouched.
struct DumpLoader {
    let database: Database

    /// With `pack`, the tables are packed afterwards (see `Database.packStorage`).
    func load(_ dump: String, pack: Bool = true) throws {
        guard database.isEmpty else {
            throw SQLError(.dump, "a dump can only be loaded into an empty database")
        }
        let fresh = try DumpLoader.build(dump)
        if pack { fresh.packStorage() }
        database.catalog = fresh.catalog
        database.undoLog = []
        database.inTransaction = false
        database.savepoints = []
        database.resetForeignKeyCounters()
        // Plans compiled against the empty catalog (and resolved foreign keys) are stale.
        database.schemaGeneration &+= 1
    }

    /// Runs every statement of `dump` in a new database and returns it.
    static func build(_ dump: String) throws -> Database {
        let fresh = Database()
        // Rows go in table by table, so a child may come before its parent; the dump was
        // consistent when written. Triggers are created after the rows, so none fire.
        fresh.foreignKeysEnabled = false
        var parser: Parser
        do {
            parser = try Parser(dump)
        } catch let error as SQLError {
            throw loadError(error, dump: dump, statementStart: 0)
        }
        // BEGIN and COMMIT in a dump mark its extent: a load is atomic anyway, so they are
        // checked rather than run (running them would keep an undo entry for every row).
        var openTransaction: Int?
        var lastStart = 0
        let inserts = DumpInserts(database: fresh, sql: dump)
        while true {
            let next: (Statement, Range<Int>)?
            do {
                next = try parser.nextStatement()
            } catch let error as SQLError {
                throw loadError(error, dump: dump, statementStart: lastStart)
            }
            guard let (statement, range) = next else { break }
            lastStart = range.lowerBound
            switch statement {
            case .begin:
                if openTransaction != nil {
                    throw loadError(SQLError(.misuse, "BEGIN inside the dump's transaction"), dump: dump, statementStart: lastStart)
                }
                openTransaction = range.lowerBound
                continue
            case .commit:
                if openTransaction == nil {
                    throw loadError(SQLError(.misuse, "COMMIT without BEGIN"), dump: dump, statementStart: lastStart)
                }
                openTransaction = nil
                continue
            case .attach, .detach:
                throw loadError(SQLError(.misuse, "a dump cannot attach or detach databases"), dump: dump,
                                statementStart: lastStart)
            case .rollback, .rollbackTo, .savepoint, .release:
                throw loadError(SQLError(.misuse, "a dump cannot roll back or use savepoints"), dump: dump,
                                statementStart: lastStart)
            default:
                break
            }
            do {
                if case .insert(let insert) = statement, try inserts.run(insert) { continue }
                _ = try fresh.perform(statement, sql: dump, parameters: [])
            } catch let error as SQLError {
                throw loadError(error, dump: dump, statementStart: lastStart)
            }
        }
        if let start = openTransaction {
            throw loadError(SQLError(.misuse, "the dump ends inside its transaction (BEGIN without COMMIT): it is incomplete"),
                            dump: dump, statementStart: start)
        }
        return fresh
    }

    /// The error re-stated as a `.dump` error at a line of the dump: the error's own position
    /// when it has one in the dump, else the start of the statement that failed.
    private static func loadError(_ error: SQLError, dump: String, statementStart: Int) -> SQLError {
        var position = statementStart
        if let p = error.position, error.sql == nil || error.sql == dump { position = p }
        var located = SQLError(.dump, error.message, position: position, sql: dump)
        let line = located.lineAndColumn?.line ?? 1
        located.message = "dump line \(line): \(error.message)"
        return located
    }
}

/// The dump's INSERTs, most of them one row each, written through one compiled writer per
/// table instead of a compiler, scope and writer made for every statement (that setup was
/// most of a row's cost in a 100 MB dump). Each statement is still atomic, as `perform` makes it.
private final class DumpInserts {
    let database: Database
    let sql: String
    private let compiler: Compiler
    /// The writer of the table the last INSERT went to, while the schema is unchanged.
    private var current: (table: Table, generation: Int, writer: RowWriter)?

    init(database: Database, sql: String) {
        self.database = database
        self.sql = sql
        compiler = Compiler(database: database, sql: sql)
    }

    /// Runs a plain INSERT ... VALUES into a table; false (nothing done) for any other INSERT
    /// (WITH, RETURNING, upsert, a view, a SELECT source), which `perform` runs instead.
    func run(_ statement: InsertStatement) throws -> Bool {
        guard statement.with == nil, statement.returning == nil, statement.upsert.isEmpty,
              case .values(let rows) = statement.source,
              statement.schema == nil, database.insteadOfView(statement.table, event: .insert) == nil,
              let table = database.catalog.table(statement.table) else { return false }
        let targets = try database.insertTargets(statement, table: table)
        if let first = rows.first, first.count != targets.count {
            throw database.valueCountError(table, supplied: first.count, expected: targets.count,
                                           named: statement.columns != nil, position: statement.position)
        }
        let writer: RowWriter
        if let current, current.table === table, current.generation == database.schemaGeneration {
            writer = current.writer
        } else {
            writer = try RowWriter(database: database, table: table, compiler: compiler, parent: nil)
            current = (table, database.schemaGeneration, writer)
        }
        try database.atomically(sql: sql, mayChangeSchema: false) {
            let ctx = ExecutionContext(database: database, parameters: [])
            for row in rows {
                // A dump's values are literals; anything else is compiled as INSERT would.
                let source = try row.map { expression -> Value in
                    if case .literal(let value) = expression { return value }
                    return try compiler.compile(expression, in: Scope(parent: nil)).evaluate([], ctx)
                }
                _ = try database.insertSourceRow(source, statement, table: table, targets: targets, writer: writer, ctx: ctx)
            }
        }
        return true
    }
}

extension Database {
    /// True when the database has no tables, indexes, views, triggers, schemas, roles or grants.
    var isEmpty: Bool {
        catalog.tables.isEmpty && catalog.indexes.isEmpty && catalog.views.isEmpty && catalog.triggers.isEmpty
            && catalog.schemas.isEmpty && catalog.roles.isEmpty && catalog.grants.isEmpty
    }
}
