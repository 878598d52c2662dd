// ORDER BY served from an index: a single-table query ordered by a prefix of an index's key
// terms (columns, or the very expressions of an index on expressions) or by the rowid reads the
// rows in index order instead of sorting them. As in SQLite, a
// descending order walks the index backwards, so equal keys come out in descending rowid order.

/// An order a table can deliver without sorting.
struct IndexOrder {
    /// nil: rowid order.
    let index: TableIndex?
    let descending: Bool
}

extension Compiler {
    /// The index order that satisfies `orderBy` on the query's only source, if there is one.
    /// Terms must be plain columns or expressions an index has (not aliases, not COLLATE, no
    /// NULLS FIRST/LAST), all ASC or all DESC.
    func indexOrder(for orderBy: [OrderingTerm], table: Table, scope: Scope, outputs: [ResultColumn]) -> IndexOrder? {
        guard !orderBy.isEmpty, scope.sources.count == 1 else { return nil }
        let descending = orderBy[0].descending
        var columns: [Int] = []
        // Per term: its shape when it is an expression (its column then `expressionColumn`).
        var shapes: [ExpressionShape?] = []
        for term in orderBy {
            var expression = term.expression
            // `ORDER BY 2` names an output column: follow it when it is a plain column.
            if let k = columnNumber(expression) {
                guard k >= 1, k <= outputs.count, case let .expression(e, _, _) = outputs[Int(k - 1)] else { return nil }
                expression = e
            }
            guard term.descending == descending, term.nullsFirst == nil else { return nil }
            guard case let .column(t, name, _) = expression else {
                guard let shape = orderShape(expression, scope: scope) else { return nil }
                columns.append(TableIndex.expressionColumn)
                shapes.append(shape)
                continue
            }
            if t == nil, scope.aliases[asciiLowercased(name)] != nil { return nil }
            guard case let .column(offset, _, _, _) = scope.resolve(table: t, name: name) else { return nil }
            columns.append(offset)
            shapes.append(nil)
        }
        let rowidSlot = table.columns.count
        if columns.count == 1, columns[0] == rowidSlot || columns[0] == table.rowidColumn {
            return IndexOrder(index: nil, descending: descending)
        }
        let index = table.indexes.first { index in
            !index.isPartial && index.columns.count >= columns.count && Array(index.columns.prefix(columns.count)) == columns
                && index.collations.prefix(columns.count).allSatisfy { $0 == .binary }
                && shapes.indices.allSatisfy { k in shapes[k] == nil || shapes[k] == index.expressionShape(k, table: table) }
        }
        return index.map { IndexOrder(index: $0, descending: descending) }
    }

    /// An ORDER BY expression's shape, when it may be an index's expression: no COLLATE of its
    /// own and no name that could be an output's alias.
    private func orderShape(_ e: Expression, scope: Scope) -> ExpressionShape? {
        if case .collate = e { return nil }
        var readsAlias = false
        visit(e) { node in
            if case .column(nil, let name, _) = node, scope.aliases[asciiLowercased(name)] != nil { readsAlias = true }
        }
        return readsAlias ? nil : queryShape(e, scope: scope)
    }

    /// Rows of the table in `order`, filtered by `terms`; nil when an equality on another indexed
    /// column should drive the scan instead (SQLite then looks rows up and sorts them).
    func orderedScan(_ source: FromSource, table: Table, terms: [Conjunct], order: IndexOrder,
                     scope: Scope) throws -> ((ExecutionContext) throws -> [Row])? {
        let local = terms.filter { $0.sources == [source.index] }
        let orderColumn = order.index?.columns.first ?? table.columns.count
        for term in local {
            if let column = equalityColumn(term.expression, scope: source.narrowScope), column != orderColumn,
               column == table.rowidColumn || column == table.columns.count
                || table.indexes.contains(where: { $0.columns.first == column && !$0.isPartial }) {
                return nil
            }
        }
        let tests = try local.map { try compileCondition($0.expression, in: source.narrowScope).evaluate }
        if source.narrowScope.readsOuter { scope.readsOuter = true }
        return { ctx in
            var out: [Row] = []
            func keep(_ row: Row) throws {
                try ctx.checkInterrupt()
                for test in tests where try test(row, ctx).truth != true { return }
                out.append(row)
            }
            if let index = order.index {
                let entries = index.entries()
                if order.descending {
                    for entry in entries.reversed() { if let row = table.row(rowid: entry.rowid) { try keep(row) } }
                } else {
                    for entry in entries { if let row = table.row(rowid: entry.rowid) { try keep(row) } }
                }
            } else if order.descending {
                for row in table.allRows.reversed() { try keep(row) }
            } else {
                for row in table.allRows { try keep(row) }
            }
            return out
        }
    }

    /// The column `col = value` or `col IN (...)` constrains, when the term is one of those.
    private func equalityColumn(_ e: Expression, scope: Scope) -> Int? {
        func column(_ e: Expression) -> Int? {
            guard case let .column(t, name, _) = e, case let .column(offset, _, _, _) = scope.resolve(table: t, name: name) else { return nil }
            return offset
        }
        switch e {
        case let .binary(.equal, l, r), let .binary(.is, l, r): return column(l) ?? column(r)
        case let .inList(x, _, false): return column(x)
        default: return nil
        }
    }
}
