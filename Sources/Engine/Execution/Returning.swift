// RETURNING: the rows an INSERT, UPDATE or DELETE wrote (or removed), computed per row.

/// The compiled RETURNING list of one statement, over the target table's stored rows.
struct ReturningList {
    let columns: [String]
    private let evaluators: [(Row, ExecutionContext) throws -> Value]

    init?(_ columns: [ResultColumn]?, table: Table, compiler: Compiler, parent: Scope?) throws {
        guard let columns else { return nil }
        let scope = Scope(parent: parent)
        scope.add(ScopeSource(table: table, name: table.name))
        let expanded = try compiler.expandColumns(columns, scope: scope)
        self.columns = expanded.map(\.name)
        self.evaluators = try expanded.map { output in
            if let e = output.expression { return try compiler.compile(e, in: scope).evaluate }
            guard let direct = output.direct else { throw SQLError(.syntax, "bad RETURNING column") }
            return direct.evaluate
        }
    }

    /// The RETURNING values for one stored row (column values followed by the rowid).
    func values(for row: Row, ctx: ExecutionContext) throws -> [Value] {
        try evaluators.map { try $0(row, ctx) }
    }
}

/// What one run of a writing statement gives back: how many rows it wrote and, with RETURNING,
/// each one's values, read from the stored row.
struct ChangeTally {
    let returning: ReturningList?
    private(set) var changes = 0
    private(set) var returned: [[Value]] = []

    init(_ returning: ReturningList?) {
        self.returning = returning
    }

    /// Counts the row with this rowid as written (for DELETE: about to be removed).
    mutating func wrote(_ rowid: Int64, in table: Table, ctx: ExecutionContext) throws {
        changes += 1
        if let returning, let row = table.row(rowid: rowid) {
            returned.append(try returning.values(for: row, ctx: ctx))
        }
    }

    /// The statement's result, with the connection's change counts brought up to date.
    func result(in database: Database) -> QueryResult {
        database.lastChanges = changes
        database.totalChanges += changes
        return QueryResult(columns: returning?.columns ?? [], rows: returned, changes: changes)
    }
}
