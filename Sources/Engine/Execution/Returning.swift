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
