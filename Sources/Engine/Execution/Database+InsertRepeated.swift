// One INSERT run for many parameter sets (a host's executemany): compiled once, each set still
// its own atomic statement, as running the prepared statement per set is.

extension Database {
    /// Runs `statement` once per parameter set `next` fills in (until it returns false) and
    /// returns the rows written. Nil, before anything ran, when the statement inserts into a
    /// view (its INSTEAD OF triggers run per set), names no table or a read-only one: the caller then runs each
    /// set on its own. A failing set throws, its changes undone and the sets before it kept.
    func insertRepeatedly(_ statement: InsertStatement, sql: String,
                          next: (inout [Value]) throws -> Bool) throws -> Int? {
        guard insteadOfView(statement.table, event: .insert, qualifier: statement.schema) == nil,
              let table = table(statement.table, qualifier: statement.schema),
              !catalogs[schemaIndex(of: table)].readOnly else { return nil }
        try refuseWriteIfReadOnly(.insert(statement), sql: sql)
        let compiler = Compiler(database: self, sql: sql)
        var compiled: CompiledChange?
        var parameters: [Value] = []
        var written = 0
        while try next(&parameters) {
            written += try atomically(sql: sql, mayChangeSchema: false) {
                let ctx = ExecutionContext(database: self, parameters: parameters)
                // Compiled at the first set, so that no set means no error, as per-set runs.
                let change = try compiled ?? compileInsert(statement, compiler: compiler, parent: nil)
                compiled = change
                return try change.run(ctx).changes
            }
        }
        return written
    }
}
