// What an index on expressions or a partial index computes from a stored row: its key terms
// that are expressions, and whether the row belongs in the index at all (its WHERE).

/// The compiled key expressions and WHERE of an index that is not a plain list of columns. Made
/// once per index (CREATE INDEX, a schema change, a load), never per row or per statement.
final class ComputedIndexKey {
    /// A compiled expression over a stored row (the column values, then the rowid).
    typealias Evaluate = (Row, ExecutionContext) throws -> Value

    /// Per key term: nil when the term is the column the index's `columns` names, else the
    /// term's expression.
    let terms: [Evaluate?]
    /// The partial index's WHERE: a row is in the index when it is true.
    let predicate: Evaluate?
    /// The WHERE as written, for the planner (a query must imply it to use the index).
    let whereClause: Expression?
    /// The columns the terms and the WHERE read: an UPDATE that leaves them all unchanged
    /// leaves the row's entry as it is.
    let readColumns: [Int]
    /// The context the expressions run in: they are deterministic and read only the row, so
    /// one context, made with the index, serves every write of every statement.
    private let context: ExecutionContext

    init(terms: [Evaluate?], predicate: Evaluate?, whereClause: Expression?, readColumns: [Int], context: ExecutionContext) {
        self.terms = terms
        self.predicate = predicate
        self.whereClause = whereClause
        self.readColumns = readColumns
        self.context = context
    }

    /// Whether the row belongs in the index; errors are the caller's to see first through
    /// `check`, so a row written is a row whose expressions ran.
    func includes(_ row: Row) -> Bool {
        guard let predicate else { return true }
        return ((try? predicate(row, context)) ?? .null).truth == true
    }

    /// The value of key term `k`: the column `column`, or the term's expression.
    @inline(__always)
    func value(_ k: Int, column: Int, of row: Row) -> Value {
        guard let evaluate = terms[k] else { return row[column] }
        return (try? evaluate(row, context)) ?? .null
    }

    /// Runs the WHERE and the key expressions on a row about to be written, so that an error
    /// one of them raises (an overflow, a date function reading the clock) fails the write, as
    /// it does in SQLite, before anything is stored.
    func check(_ row: Row) throws {
        if let predicate, try predicate(row, context).truth != true { return }
        for case let evaluate? in terms { _ = try evaluate(row, context) }
    }
}
