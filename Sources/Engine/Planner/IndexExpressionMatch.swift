// When a query can use an index on expressions or a partial index (SQLite's where.c and
// sqlite3ExprCompare / sqlite3ExprImpliesExpr): a query expression is an index's key term when
// the two are the same expression, column for column; a partial index serves a query whose
// WHERE implies the index's WHERE, term by term.

/// An expression written out with positions and spacing gone, names of functions lowercased and
/// columns replaced by their place in the table: two expressions are the same expression exactly
/// when their shapes are equal. Nil for what no index expression can be (a subquery, a
/// parameter, a window function) or a column the resolver does not know.
struct ExpressionShape: Hashable {
    let text: String

    /// `column` gives a (qualifier, name) reference's place in the table, nil when it is not
    /// one of the table's columns.
    init?(_ e: Expression, column: (String?, String) -> Int?) {
        var out = ""
        guard ExpressionShape.write(e, to: &out, column: column) else { return nil }
        text = out
    }

    private static func write(_ e: Expression, to out: inout String, column: (String?, String) -> Int?) -> Bool {
        func each(_ items: [Expression]) -> Bool {
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                guard write(item, to: &out, column: column) else { return false }
            }
            return true
        }
        switch e {
        case .literal(let v):
            switch v {
            case .null: out += "N"
            case .integer(let i): out += "I\(i)"
            case .real(let d): out += "R\(d.bitPattern)"
            case .text(let s): out += "T\(s.utf8.count):\(s)"
            case .invalidText(let b): out += "X\(b.count):" + b.map { String($0) }.joined(separator: ".")
            case .blob(let b): out += "B\(b.count):" + b.map { String($0) }.joined(separator: ".")
            }
        case let .column(table, name, _):
            guard let c = column(table, name) else { return false }
            out += "C\(c)"
        case let .unary(op, x):
            out += "U\(op.rawValue)("
            guard write(x, to: &out, column: column) else { return false }
            out += ")"
        case let .binary(op, l, r):
            out += "("
            guard write(l, to: &out, column: column) else { return false }
            out += " \(op.rawValue) "
            guard write(r, to: &out, column: column) else { return false }
            out += ")"
        case let .isNull(x, negated):
            out += negated ? "NOTNULL(" : "ISNULL("
            guard write(x, to: &out, column: column) else { return false }
            out += ")"
        case let .between(x, low, high, negated):
            out += negated ? "NOTBETWEEN(" : "BETWEEN("
            guard each([x, low, high]) else { return false }
            out += ")"
        case let .inList(x, items, negated):
            out += negated ? "NOTIN(" : "IN("
            guard each([x] + items) else { return false }
            out += ")"
        case let .function(call, _):
            guard call.window == nil, call.filter == nil else { return false }
            out += "F\(asciiLowercased(call.name))\(call.distinct ? " DISTINCT" : "")\(call.star ? "*" : "")("
            guard each(call.arguments) else { return false }
            out += ")"
        case let .cast(x, type):
            out += "CAST("
            guard write(x, to: &out, column: column) else { return false }
            out += " AS \(asciiUppercased(type.sql)))"
        case let .caseWhen(base, branches, otherwise):
            out += "CASE("
            if let base { guard write(base, to: &out, column: column) else { return false } }
            for branch in branches {
                out += " WHEN "
                guard write(branch.when, to: &out, column: column) else { return false }
                out += " THEN "
                guard write(branch.then, to: &out, column: column) else { return false }
            }
            if let otherwise {
                out += " ELSE "
                guard write(otherwise, to: &out, column: column) else { return false }
            }
            out += ")"
        case let .like(x, pattern, escape, negated, kind):
            out += "\(negated ? "NOT" : "")\(asciiUppercased(kind))("
            guard each([x, pattern] + (escape.map { [$0] } ?? [])) else { return false }
            out += ")"
        case let .collate(x, collation):
            out += "("
            guard write(x, to: &out, column: column) else { return false }
            out += " COLLATE \(asciiLowercased(collation)))"
        default:
            return false
        }
        return true
    }
}

extension TableIndex {
    /// The shape of key term `k` when it is an expression (its COLLATE aside: the index's
    /// collation is compared on its own).
    func expressionShape(_ k: Int, table: Table) -> ExpressionShape? {
        guard k < columns.count, columns[k] == TableIndex.expressionColumn, k < terms.count else { return nil }
        return ExpressionShape(strippingCollate(terms[k].expression), column: table.shapeColumn)
    }
}

extension Table {
    /// A column reference in one of this table's index expressions: any qualifier names the
    /// table itself (CREATE INDEX resolved it so), and the rowid is the slot after the columns.
    func shapeColumn(_ qualifier: String?, _ name: String) -> Int? {
        if let c = columnIndex(name) { return c }
        return ["rowid", "oid", "_rowid_"].contains(asciiLowercased(name)) ? columns.count : nil
    }
}

/// An expression without the COLLATE clauses around it.
func strippingCollate(_ e: Expression) -> Expression {
    var e = e
    while case .collate(let inner, _) = e { e = inner }
    return e
}

extension Compiler {
    /// A query expression's shape, its columns resolved in `scope` (the table's own scope).
    func queryShape(_ e: Expression, scope: Scope) -> ExpressionShape? {
        ExpressionShape(e) { table, name in
            if case let .column(offset, _, _, _) = scope.resolve(table: table, name: name) { return offset }
            return nil
        }
    }

    /// Whether a query whose WHERE has the terms `terms` may use the partial index (any other
    /// index always): each term of the index's WHERE is one of the query's terms, or is
    /// `x IS NOT NULL` for an `x` some query term can only be true without (SQLite's
    /// whereUsablePartialIndex with sqlite3ExprImpliesExpr).
    func partialIndexUsable(_ index: TableIndex, table: Table, terms: [Conjunct], scope: Scope) -> Bool {
        partialIndexUsable(index, table: table, queryTerms: terms.map(\.expression), scope: scope)
    }

    func partialIndexUsable(_ index: TableIndex, table: Table, queryTerms: [Expression], scope: Scope) -> Bool {
        guard let whereClause = index.computed?.whereClause else { return true }
        let queryShapes = Set(queryTerms.compactMap { queryShape($0, scope: scope) })
        for required in conjuncts(of: whereClause) {
            if let shape = ExpressionShape(required, column: table.shapeColumn), queryShapes.contains(shape) { continue }
            if case let .isNull(x, true) = required, let shape = ExpressionShape(x, column: table.shapeColumn),
               queryTerms.contains(where: { impliesNotNull($0, shape, scope: scope) }) {
                continue
            }
            return false
        }
        return true
    }

    /// Whether `term` cannot be true when the expression of `shape` is NULL (SQLite's
    /// exprImpliesNotNull): it is that expression, or a comparison (not IS), arithmetic, IN or
    /// BETWEEN one of whose operands is.
    private func impliesNotNull(_ term: Expression, _ shape: ExpressionShape, scope: Scope) -> Bool {
        if queryShape(term, scope: scope) == shape { return true }
        switch term {
        case let .binary(op, l, r) where op != .is && op != .isNot && op != .and && op != .or:
            return impliesNotNull(l, shape, scope: scope) || impliesNotNull(r, shape, scope: scope)
        case let .unary(op, x) where op != .not:
            return impliesNotNull(x, shape, scope: scope)
        case let .inList(x, _, _):
            return impliesNotNull(x, shape, scope: scope)
        case let .between(x, low, high, false):
            return impliesNotNull(x, shape, scope: scope) || impliesNotNull(low, shape, scope: scope)
                || impliesNotNull(high, shape, scope: scope)
        case let .collate(x, _):
            return impliesNotNull(x, shape, scope: scope)
        default:
            return false
        }
    }
}
