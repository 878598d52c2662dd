// One INSERT ... VALUES (?, ...) run for many parameter sets (a host's executemany): compiled
// once, each set still its own atomic statement, as running the prepared statement per set is.

extension Database {
    /// Runs `statement` once per parameter set `next` fills in (until it returns false) and
    /// returns the rows written. Nil, before anything ran, when the statement is not a plain
    /// INSERT of one VALUES row into a table (WITH, RETURNING, a view, a SELECT source): the
    /// caller then runs each set on its own. A failing set throws, its changes undone and the
    /// sets before it kept.
    func insertRepeatedly(_ statement: InsertStatement, sql: String,
                          next: (inout [Value]) throws -> Bool) throws -> Int? {
        guard statement.with == nil, statement.returning == nil, case .values(let rows) = statement.source,
              rows.count == 1, insteadOfView(statement.table, event: .insert, qualifier: statement.schema) == nil,
              let table = table(statement.table, qualifier: statement.schema),
              !catalogs[schemaIndex(of: table)].readOnly else { return nil }
        try refuseWriteIfReadOnly(.insert(statement), sql: sql)
        let compiler = Compiler(database: self, sql: sql)
        var compiled: (targets: [Int], values: [(Row, ExecutionContext) throws -> Value], writer: RowWriter)?
        var parameters: [Value] = []
        var written = 0
        while try next(&parameters) {
            written += try atomically(sql: sql, mayChangeSchema: false) {
                let ctx = ExecutionContext(database: self, parameters: parameters)
                if compiled == nil {
                    // Compiled at the first set, so that no set means no error, as per-set runs.
                    let targets = try insertTargets(statement, table: table)
                    if rows[0].count != targets.count {
                        throw valueCountError(table, supplied: rows[0].count, expected: targets.count,
                                              named: statement.columns != nil, position: statement.position)
                    }
                    let scope = Scope(parent: nil)
                    compiled = (targets, try rows[0].map { try compiler.compile($0, in: scope).evaluate },
                                try RowWriter(database: self, table: table, compiler: compiler, parent: nil, upsert: statement.upsert))
                }
                guard let (targets, values, writer) = compiled else { return 0 }
                let source = try values.map { try $0([], ctx) }
                let changes = try insertSourceRow(source, statement, table: table, targets: targets, writer: writer, ctx: ctx) ? 1 : 0
                lastChanges = changes
                totalChanges += changes
                return changes
            }
        }
        return written
    }
}
