// Table-valued functions in FROM (json_each, json_tree): a function's rows read as a table.
//
// Its arguments are its hidden columns (json_each's `json` and `root`), left out of `*` as in
// SQLite. Arguments that read no FROM item of this query (constants, parameters, an
// enclosing query's columns) are computed once per execution; arguments that read a FROM item
// to the left make the function lateral: its rows are made again for every row joined so far
// (`FROM t, json_each(t.doc)`). The catalog's `pragma_*` functions keep their own mechanism
// (Catalog/Pragmas.swift), which enumerates every argument and joins on it instead.

struct TableValuedFunction: Sendable {
    let columns: [String]
    /// The hidden columns that hold the arguments, in argument order.
    let argumentColumns: [String]
    /// The rows for the argument values: the columns, the argument columns, then the rowid.
    let rows: @Sendable ([Value]) throws -> [Row]
}

/// A table-valued function compiled for one FROM clause.
struct TableFunctionSource {
    let source: ScopeSource
    /// Its rows when its arguments read no FROM item of this query.
    let produce: (ExecutionContext) throws -> [Row]
    /// Its rows for one row joined so far (full width), when its arguments read such items.
    let lateral: ((Row, ExecutionContext) throws -> [Row])?
}

extension Compiler {
    static let tableValuedFunctions: [String: TableValuedFunction] = [
        "json_each": TableValuedFunction(columns: JSONTable.columns, argumentColumns: JSONTable.hiddenColumns,
                                         rows: { try JSONTable.rows($0, recursive: false) }),
        "json_tree": TableValuedFunction(columns: JSONTable.columns, argumentColumns: JSONTable.hiddenColumns,
                                         rows: { try JSONTable.rows($0, recursive: true) }),
    ]

    static func tableValuedFunction(_ name: String) -> TableValuedFunction? {
        tableValuedFunctions[asciiLowercased(name)]
    }

    /// `name(arguments) AS alias` in FROM, with the FROM items to its left already in `scope`.
    /// `clause` is the whole FROM clause (for the error when an argument reads an item to its right).
    func tableFunctionSource(_ function: TableValuedFunction, name: String, arguments: [Expression], alias: String?,
                             scope: Scope, clause: FromItem, position: Int) throws -> TableFunctionSource {
        let columns = function.columns + function.argumentColumns
        var source = ScopeSource(name: alias ?? name, columns: columns, offset: 0,
                                 affinities: Array(repeating: nil, count: columns.count),
                                 collations: Array(repeating: nil, count: columns.count), rowidColumn: columns.count)
        source.leftOutOfStar = Set(function.columns.count..<columns.count)
        guard arguments.count <= function.argumentColumns.count else {
            throw error(.misuse, "too many arguments on \(name)() - max \(function.argumentColumns.count)", at: position)
        }
        let rows = function.rows
        // Arguments that read no FROM item of this query.
        let outer = Scope(parent: scope.parent)
        outer.isTriggerBody = scope.isTriggerBody
        if let given = try? arguments.map({ try compile($0, in: outer).evaluate }) {
            if outer.readsOuter { scope.readsOuter = true }
            return TableFunctionSource(source: source, produce: { ctx in
                try rows(given.map { try $0(ctx.outer.last ?? [], ctx) })
            }, lateral: nil)
        }
        var found: String?
        let laterNames = Compiler.itemNames(clause)
        for argument in arguments {
            visit(argument) { node in
                if case .column(let table?, _, _) = node, laterNames.contains(asciiLowercased(table)), !scope.hasSource(named: table) {
                    found = table
                }
            }
        }
        if let found {
            throw error(.unknownColumn, "\(name)() reads \(found), which comes after it in FROM: put \(found) first", at: position)
        }
        let given = try arguments.map { try compile($0, in: scope).evaluate }
        return TableFunctionSource(source: source, produce: { _ in [] }, lateral: { row, ctx in
            try rows(given.map { try $0(row, ctx) })
        })
    }
}
