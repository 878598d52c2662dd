// A compiled SELECT: its output columns and a closure that produces its rows.

/// The executable form of a SELECT.
final class SelectPlan {
    let columns: [String]
    let affinities: [Affinity?]
    /// True when the query reads a row of an enclosing query (a correlated subquery).
    let readsOuter: Bool
    /// Each output column's collation, and whether COLLATE wrote it (for IN and comparisons).
    var collations: [Collation?] = []
    var explicitCollations: [Bool] = []
    /// Produces the rows. `limit` is a hint: callers that need only the first rows say how many.
    let execute: (ExecutionContext, Int?) throws -> [Row]

    init(columns: [String], affinities: [Affinity?], readsOuter: Bool,
         execute: @escaping (ExecutionContext, Int?) throws -> [Row]) {
        self.columns = columns
        self.affinities = affinities
        self.readsOuter = readsOuter
        self.execute = execute
    }
}

/// How ORDER BY compares two rows' sort keys.
struct SortKey {
    var descending: Bool
    var nullsFirst: Bool
    var collation: Collation
}

/// Stable sort of rows by precomputed keys, with SQLite's NULL placement and collations.
func sortRows(_ rows: inout [(keys: [Value], row: Row)], by keys: [SortKey]) {
    guard !keys.isEmpty, rows.count > 1 else { return }
    var indexed = Array(rows.enumerated())
    indexed.sort { a, b in
        for (i, key) in keys.enumerated() {
            let x = a.element.keys[i], y = b.element.keys[i]
            if x.isNull || y.isNull {
                if x.isNull && y.isNull { continue }
                return x.isNull == key.nullsFirst
            }
            var c = Value.compare(x, y, collation: key.collation)
            if key.descending { c = -c }
            if c != 0 { return c < 0 }
        }
        return a.offset < b.offset
    }
    rows = indexed.map(\.element)
}

/// Reads a LIMIT or OFFSET value: an integer, or an error as SQLite gives ("datatype mismatch").
func limitValue(_ value: Value) throws -> Int64 {
    switch value {
    case .integer(let i): return i
    case .real(let d) where d == d.rounded(.towardZero) && abs(d) < 9.2e18: return Int64(d)
    case .text(let s):
        if case .integer(let i)? = parseNumericText(s) { return i }
        throw SQLError(.mismatch, "datatype mismatch")
    case .null: return -1
    default: throw SQLError(.mismatch, "datatype mismatch")
    }
}

/// Applies OFFSET then LIMIT (negative LIMIT: no limit).
func applyLimit<T>(_ rows: [T], limit: Int64?, offset: Int64) -> [T] {
    let start = offset > 0 ? Int(min(offset, Int64(rows.count))) : 0
    var end = rows.count
    if let limit, limit >= 0 { end = start + Int(min(limit, Int64(rows.count - start))) }
    if start == 0 && end == rows.count { return rows }
    return Array(rows[start..<end])
}
