// Choosing an index for a table's pushed-down filters.

extension Compiler {
    /// Rows of `table` that may satisfy `terms`, found through an index; nil when no index helps.
    func indexLookup(table: Table, terms: [Conjunct], narrowScope: Scope) throws -> ((ExecutionContext) throws -> [Row])? {
        nil
    }
}
