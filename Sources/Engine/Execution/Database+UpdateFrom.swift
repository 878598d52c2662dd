// UPDATE ... FROM and row-value assignments (`SET (a, b) = (1, 2)`): the parts of UPDATE that
// SQLite 3.33 added, turned into what the ordinary UPDATE path runs.

extension Database {
    /// `SET (a, b) = (x, y)` as `a = x, b = y`; `SET (a, b) = (SELECT x, y ...)` as one
    /// subquery per column, each taking its column of the first row (SQLite runs it once; the
    /// answers agree, since the subquery reads the same row). Counts must match, as SQLite says.
    func expandRowAssignments(_ assignments: [(columns: [String], value: Expression)], compiler: Compiler,
                              scope: Scope) throws -> [(String, Expression)] {
        var expanded: [(String, Expression)] = []
        for assignment in assignments {
            guard assignment.columns.count > 1 else {
                for name in assignment.columns { expanded.append((name, assignment.value)) }
                continue
            }
            let count = assignment.columns.count
            switch assignment.value {
            case .row(let items) where items.count == count:
                expanded.append(contentsOf: zip(assignment.columns, items).map { ($0, $1) })
            case .row(let items):
                throw SQLError(.misuse, "\(count) columns assigned \(items.count) values")
            case .subquery(let select):
                let columns = try compiler.compileSelect(select, scope: scope).columns.count
                guard columns == count else { throw SQLError(.misuse, "\(count) columns assigned \(columns) values") }
                for (i, name) in assignment.columns.enumerated() {
                    expanded.append((name, .subquery(Database.column(i, of: select, count: count))))
                }
            default:
                throw SQLError(.misuse, "\(count) columns assigned 1 values")
            }
        }
        return expanded
    }

    /// `SELECT ci FROM (select with its columns named c1 ... cn)`: one column of a row-valued
    /// subquery, by position whatever the subquery calls its columns. A subquery whose columns
    /// cannot be renamed in place (a compound, `*`) is named through a CTE's column list, which
    /// does not see the row being updated.
    private static func column(_ i: Int, of select: SelectStatement, count: Int) -> SelectStatement {
        let name = "vibesql_row_value"
        let columns = (1...count).map { "c\($0)" }
        let pick = [ResultColumn.expression(.column(table: nil, name: columns[i], position: 0), alias: nil, text: columns[i])]
        if case .core(var core) = select.body, core.columns.count == count {
            var renamed: [ResultColumn] = []
            for (k, column) in core.columns.enumerated() {
                guard case .expression(let e, _, let text) = column else { break }
                renamed.append(.expression(e, alias: columns[k], text: text))
            }
            if renamed.count == count {
                core.columns = renamed
                let inner = SelectStatement(with: select.with, body: .core(core), orderBy: select.orderBy,
                                            limit: select.limit, offset: select.offset)
                return SelectStatement(body: .core(SelectCore(columns: pick, from: .subquery(inner, alias: name))))
            }
        }
        let with = WithClause(recursive: false, tables: [CommonTableExpression(name: name, columns: columns, select: select)])
        return SelectStatement(with: with, body: .core(SelectCore(columns: pick, from: .table(name: name, schema: nil, alias: nil,
                                                                                                position: 0))))
    }

    /// The join of the target with the FROM items, filtered by WHERE, as one SELECT of the
    /// target's rowid and the assigned values. A target row that several join rows match takes
    /// the last one, as sqlite3 3.40 does; rows the join does not reach are not updated.
    func updateFromJoin(_ statement: UpdateStatement, table: Table, from: FromItem, values: [Expression],
                        compiler: Compiler, ctx: ExecutionContext, parent: Scope?) throws -> [Int64: Row] {
        let name = statement.alias ?? table.name
        guard let rowidName = ["rowid", "_rowid_", "oid"].first(where: { table.columnIndex($0) == nil }) else {
            throw SQLError(.misuse, "UPDATE ... FROM needs the rowid of \(table.name)", position: statement.position)
        }
        let target = FromItem.table(name: statement.table, schema: statement.schema, alias: statement.alias,
                                    position: statement.position)
        var columns: [ResultColumn] = [.expression(.column(table: name, name: rowidName, position: statement.position),
                                                   alias: nil, text: rowidName)]
        columns += values.map { .expression($0, alias: nil, text: "") }
        // FROM items with a RIGHT or FULL join come first: joined on the right of the target,
        // they would be a parenthesized join there, which the join planner cannot flatten.
        let joined: FromItem = Compiler.hasRightOrFullJoin(from)
            ? .join(from, target, kind: .inner, natural: false, on: nil, using: nil)
            : .join(target, from, kind: .inner, natural: false, on: nil, using: nil)
        let core = SelectCore(columns: columns, from: joined,
                              whereClause: statement.whereClause)
        let plan = try compiler.compileSelect(SelectStatement(body: .core(core)), scope: parent)
        var rows: [Int64: Row] = [:]
        for row in try plan.execute(ctx, nil) {
            guard case .integer(let rowid)? = row.first else { continue }
            rows[rowid] = Array(row.dropFirst())
        }
        return rows
    }
}
