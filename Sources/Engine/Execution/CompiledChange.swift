// A data-change statement compiled once and run any number of times: a trigger's body runs
// once per row of the event that fires it, and compiling its statements again for each row
// cost more than running them.

/// An INSERT, UPDATE or DELETE ready to run: each run reads its context's parameters and
/// outer row (a trigger's OLD and NEW) and changes the rows as the statement says.
struct CompiledChange {
    let run: (ExecutionContext) throws -> QueryResult

    init(_ run: @escaping (ExecutionContext) throws -> QueryResult) {
        self.run = run
    }

    /// A change that compiles as it runs (through a view's INSTEAD OF triggers, UPDATE ... FROM),
    /// with its WITH clause visible to each run.
    static func compiledAsItRuns(with: WithClause?, compiler: Compiler, parent: Scope?,
                                 _ run: @escaping (ExecutionContext) throws -> QueryResult) -> CompiledChange {
        CompiledChange { ctx in try compiler.withCTEs(with, parent: parent) { try run(ctx) } }
    }
}

extension Compiler {
    /// Compiles `body` with a statement's WITH clause visible, then hides it again.
    func withCTEs<T>(_ with: WithClause?, parent: Scope?, _ body: () throws -> T) throws -> T {
        guard let with else { return try body() }
        try pushCTEs(with, parent: parent)
        defer { ctes.removeLast() }
        return try body()
    }
}
