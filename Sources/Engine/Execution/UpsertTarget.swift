// Which PRIMARY KEY or UNIQUE constraint an ON CONFLICT target names, decided when the
// statement is prepared, as SQLite's sqlite3UpsertAnalyzeTarget decides it: the rowid for the
// INTEGER PRIMARY KEY (or `rowid`), else a UNIQUE index whose key terms are the target's terms
// in any order (ASC/DESC aside; a COLLATE only when it is the index's collation), an index on
// expressions by its expressions, a partial index only when the target's WHERE is the index's
// own. A target that names none is refused.

enum UpsertTarget {
    /// No target: the clause takes any conflict (only the last clause may have none).
    case any
    case rowid
    case index(TableIndex)

    init(_ clause: UpsertClause, table: Table) throws {
        guard let terms = clause.target else { self = .any; return }
        var shapes: [(shape: ExpressionShape, collation: String?)] = []
        for term in terms {
            var collation: String?
            if case .collate(_, let name) = term.expression { collation = asciiLowercased(name) }
            let e = strippingCollate(term.expression)
            if case let .column(_, name, position) = e, table.shapeColumn(nil, name) == nil {
                throw SQLError(.unknownColumn, "no such column: \(name)", position: position)
            }
            guard let shape = ExpressionShape(e, column: table.shapeColumn) else { continue }
            shapes.append((shape, collation))
        }
        if !table.withoutRowid, terms.count == 1, case let .column(_, name, _) = strippingCollate(terms[0].expression),
           let c = table.shapeColumn(nil, name), c == table.rowidColumn || c == table.columns.count {
            self = .rowid
            return
        }
        let targetWhere = clause.targetWhere.flatMap { ExpressionShape($0, column: table.shapeColumn) }
        for index in table.indexes where index.unique && index.terms.count == terms.count {
            if let predicate = index.computed?.whereClause {
                guard let targetWhere, ExpressionShape(predicate, column: table.shapeColumn) == targetWhere else { continue }
            }
            let matched = index.terms.indices.allSatisfy { k in
                guard let key = UpsertTarget.keyShape(index, k, table: table) else { return false }
                return shapes.contains { $0.shape == key.shape && ($0.collation == nil || $0.collation == key.collation) }
            }
            if matched { self = .index(index); return }
        }
        throw SQLError(.misuse, "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint")
    }

    /// Key term `k` of an index: its expression's shape and its collation (the term's COLLATE,
    /// else the column's, else binary), lowercased.
    private static func keyShape(_ index: TableIndex, _ k: Int, table: Table) -> (shape: ExpressionShape, collation: String)? {
        let term = index.terms[k].expression
        guard let shape = ExpressionShape(strippingCollate(term), column: table.shapeColumn) else { return nil }
        if case .collate(_, let name) = term { return (shape, asciiLowercased(name)) }
        if k < index.columns.count, index.columns[k] >= 0, index.columns[k] < table.columns.count {
            return (shape, asciiLowercased(table.columns[index.columns[k]].collationName ?? "binary"))
        }
        return (shape, "binary")
    }

    /// Whether a conflict on `index` (nil: the rowid) is this target's.
    func takes(_ index: TableIndex?) -> Bool {
        switch self {
        case .any: return true
        case .rowid: return index == nil
        case .index(let target): return index === target
        }
    }
}
