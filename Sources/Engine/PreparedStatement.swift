// Prepared statements: one statement parsed once, then run any number of times with bound
// parameters, as sqlite3_prepare/bind/step give a host language (the C ABI in VibeSQLC).

/// One parsed statement of a database, ready to run with parameters.
public final class PreparedStatement {
    public let database: Database
    let statement: Statement
    /// The text the statement was parsed from (positions in errors refer to it).
    let sql: String
    /// Byte offset in the text just past this statement and its `;`: where the next one starts.
    public let tailOffset: Int
    /// The highest parameter number used (`?`, `?N`, `:name`, `@name`, `$name`).
    public let parameterCount: Int
    /// Each named parameter's number (1-based), keyed by its name with its prefix (":id").
    public let parameterNumbers: [String: Int]
    /// A query's compiled plan and the schema generation it was compiled against: a rerun
    /// with the schema unchanged skips parsing, binding and planning.
    private var compiled: (plan: SelectPlan, generation: Int)?

    init(database: Database, statement: Statement, sql: String, tailOffset: Int,
         parameterCount: Int, parameterNumbers: [String: Int]) {
        self.database = database
        self.statement = statement
        self.sql = sql
        self.tailOffset = tailOffset
        self.parameterCount = parameterCount
        self.parameterNumbers = parameterNumbers
    }

    /// Runs the statement atomically with `parameters` (parameter N is `parameters[N - 1]`;
    /// missing ones are NULL) and returns its rows, or throws what stopped it.
    public func run(parameters: [Value]) throws -> QueryResult {
        guard case .select(let select) = statement else {
            return try database.perform(statement, sql: sql, parameters: parameters)
        }
        try database.startStatement()
        let plan: SelectPlan
        if let compiled, compiled.generation == database.schemaGeneration {
            plan = compiled.plan
        } else {
            compiled = nil
            do {
                plan = try Compiler(database: database, sql: sql).compileSelect(select, scope: nil)
            } catch var error as SQLError {
                if error.sql == nil { error.sql = sql }
                throw error
            }
            compiled = (plan, database.schemaGeneration)
        }
        // A query changes nothing, so there is nothing to undo when it fails.
        do {
            let ctx = ExecutionContext(database: database, parameters: parameters)
            return QueryResult(columns: plan.columns, rows: try plan.execute(ctx, nil))
        } catch var error as SQLError {
            if error.sql == nil { error.sql = sql }
            throw error
        }
    }

    /// Runs the statement once per parameter set that `next` fills in, until it returns false,
    /// each set an atomic statement of its own as with run(parameters:); a plain INSERT of
    /// one VALUES row is compiled once for all the sets. Returns the rows the sets changed
    /// together (0 for a statement that changes no rows); a failing set throws, the sets before
    /// it kept.
    public func runEach(_ next: (inout [Value]) throws -> Bool) throws -> Int {
        if case .insert(let insert) = statement,
           let written = try database.insertRepeatedly(insert, sql: sql, next: next) {
            return written
        }
        var parameters: [Value] = []
        var changed = 0
        while try next(&parameters) {
            _ = try run(parameters: parameters)
            if isDataChange { changed += database.lastChanges }
        }
        return changed
    }

    /// True for INSERT, UPDATE, DELETE and REPLACE: the statements a host's implicit
    /// transaction starts before (CPython's sqlite3 does so before DML).
    public var isDataChange: Bool {
        switch statement {
        case .insert, .update, .delete: return true
        default: return false
        }
    }

    /// True for a SELECT or VALUES: a statement whose output is rows read, changing nothing.
    public var isQuery: Bool {
        if case .select = statement { return true }
        return false
    }

    /// The names of the columns a query returns, known before it runs; empty for other statements.
    public func columnNames() throws -> [String] {
        guard case .select(let select) = statement else { return [] }
        return try Compiler(database: database, sql: sql).compileSelect(select, scope: nil).columns
    }

    /// Each of the `count` result columns' declared type, as sqlite3_column_decltype gives it:
    /// the type in CREATE TABLE of a column read directly from a table (by name or through
    /// `*`), nil for expressions, subqueries, views and compounds. Reads the catalog only (the
    /// caller knows the count from a run or from columnNames()).
    public func declaredTypes(count: Int) -> [String?] {
        guard case .select(let select) = statement, case .core(let core) = select.body,
              select.with == nil else {
            return Array(repeating: nil, count: count)
        }
        let sources = tableSources(core.from)
        var types: [String?] = []
        for column in core.columns {
            switch column {
            case .all:
                for source in sources { types += source.table.columns.map(\.declaredType) }
            case .allOf(let name, _):
                if let source = sources.first(where: { asciiLowercased($0.name) == asciiLowercased(name) }) {
                    types += source.table.columns.map(\.declaredType)
                }
            case .expression(let expression, _, _):
                types.append(declaredType(of: expression, in: sources))
            }
        }
        // A shape this reading does not follow (NATURAL joins dropping columns, ...) gives no types.
        return types.count == count ? types : Array(repeating: nil, count: count)
    }

    private func declaredType(of expression: Expression, in sources: [(name: String, table: Table)]) -> String? {
        guard case .column(let qualified, let name, _) = expression else { return nil }
        let key = asciiLowercased(name)
        let qualifier = qualified.map { ColumnQualifier.split($0).table }
        let candidates = sources.filter { qualifier == nil || asciiLowercased($0.name) == asciiLowercased(qualifier ?? "") }
        for source in candidates {
            if let column = source.table.columns.first(where: { asciiLowercased($0.name) == key }) {
                return column.declaredType
            }
        }
        return nil
    }

    /// The tables of a FROM clause in order, with the name each is known by; a subquery or a
    /// view is left out, so its columns get no declared type.
    private func tableSources(_ item: FromItem?) -> [(name: String, table: Table)] {
        guard let item else { return [] }
        switch item {
        case .table(let name, _, let alias, _, _):
            guard let table = database.catalog.table(name) else { return [] }
            return [(alias ?? name, table)]
        case .join(let left, let right, _, _, _, _):
            return tableSources(left) + tableSources(right)
        case .subquery, .tableFunction:
            return []
        }
    }
}

extension Statement {
    /// False for the statements that change rows only (and run no DDL): SELECT, INSERT,
    /// UPDATE, DELETE. Anything else may change the schema, or undo a change of it.
    var mayChangeSchema: Bool {
        switch self {
        case .select, .insert, .update, .delete, .explain: return false
        default: return true
        }
    }
}

extension Database {
    /// Parses the first statement of `sql`. Returns nil when the text holds no statement (only
    /// blanks, comments or `;`), with the offset where the text ends.
    public func prepare(_ sql: String) throws -> PreparedStatement? {
        var parser = try Parser(sql)
        guard let (statement, _) = try parser.nextStatement() else { return nil }
        let tail = parser.isSymbol(";") ? parser.current.end : parser.current.position
        return PreparedStatement(
            database: self, statement: statement, sql: sql, tailOffset: tail,
            parameterCount: parser.nextParameter - 1, parameterNumbers: parser.namedParameters)
    }

    /// True between BEGIN (or a first SAVEPOINT) and the COMMIT or ROLLBACK that ends it.
    public var isInTransaction: Bool { inTransaction }

    /// A number that changes whenever the schema may have changed: what a host caches about a
    /// prepared statement (its columns, their declared types) holds while it stays the same.
    public var schemaVersion: Int { schemaGeneration }
}
