// An index: a sorted list of (key, rowid) built lazily, plus a hash map when it is UNIQUE.

/// An index on some columns of a table. The sorted entries are rebuilt on demand after
/// changes (bulk loads then cost one sort); unique keys are kept exactly at all times.
final class TableIndex {
    let name: String
    let tableName: String
    var columns: [Int]
    var terms: [OrderingTerm]
    let unique: Bool
    /// Made by a UNIQUE or PRIMARY KEY constraint rather than CREATE INDEX.
    let implicit: Bool
    var sql: String?
    var schema: String?
    /// The ON CONFLICT clause of the UNIQUE or PRIMARY KEY constraint behind an implicit index.
    var conflict: ConflictResolution?
    let collations: [Collation]

    private var uniqueKeys: [[Value]: Int64] = [:]
    private var sorted: [(key: [Value], rowid: Int64)] = []
    private var sortedIsValid = false
    /// The table's rows in this index's own order (DESC terms descending), for scans through
    /// the index; kept until the table changes.
    private var scanRows: [Row]?
    private weak var table: Table?

    init(name: String, table: Table, columns: [Int], terms: [OrderingTerm], unique: Bool, implicit: Bool) {
        self.name = name
        self.tableName = table.name
        self.columns = columns
        self.terms = terms
        self.unique = unique
        self.implicit = implicit
        self.table = table
        // A term's own COLLATE wins over the column's, as in SQLite (`ON t (a COLLATE NOCASE)`).
        self.collations = columns.enumerated().map { i, column in
            if i < terms.count, case .collate(_, let name) = terms[i].expression, let collation = Collation(name: name) {
                return collation
            }
            return table.columns[column].collation
        }
    }

    /// Forgets the sorted entries and scan order: the table changed.
    func invalidateOrder() {
        sortedIsValid = false
        scanRows = nil
    }

    /// Every row of the table in this index's order: by key, DESC terms descending, then rowid.
    func rowsInScanOrder() -> [Row] {
        if let scanRows { return scanRows }
        guard let table else { return [] }
        var ordered = entries()
        if terms.contains(where: \.descending) {
            // An index column's own order: NULLs first, all reversed for DESC.
            let keys = collations.indices.map { i in
                let descending = i < terms.count && terms[i].descending
                return SortKey(descending: descending, nullsFirst: !descending, collation: collations[i])
            }
            ordered.sort { a, b in
                let c = compareSortKeys(a.key, b.key, by: keys)
                return c != 0 ? c < 0 : a.rowid < b.rowid
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(ordered.count)
        for entry in ordered {
            if let p = table.position(ofRowid: entry.rowid) { rows.append(table.row(at: p)) }
        }
        scanRows = rows
        return rows
    }

    func key(of row: Row) -> [Value] {
        columns.map { row[$0] }
    }

    /// Normalised key for uniqueness: NOCASE text folds, so 'a' and 'A' collide as in SQLite.
    private func uniqueKey(of row: Row) -> [Value]? {
        var key: [Value] = []
        key.reserveCapacity(columns.count)
        for (i, c) in columns.enumerated() {
            let v = row[c]
            if v.isNull { return nil }  // NULLs never collide
            if collations[i] == .nocase, case .text(let s) = v { key.append(.text(asciiLowercased(s))) } else { key.append(v) }
        }
        return key
    }

    func conflict(for row: Row) -> Int64? {
        guard unique, let key = uniqueKey(of: row) else { return nil }
        return uniqueKeys[key]
    }

    func added(_ row: Row, rowid: Int64) {
        if unique, let key = uniqueKey(of: row) { uniqueKeys[key] = rowid }
        invalidateOrder()
    }

    func removed(_ row: Row, rowid: Int64) {
        if unique, let key = uniqueKey(of: row), uniqueKeys[key] == rowid { uniqueKeys[key] = nil }
        invalidateOrder()
    }

    func clear() {
        uniqueKeys = [:]
        sorted = []
        invalidateOrder()
    }

    /// Rebuilds the unique map and sorted entries from the table (REINDEX, CREATE INDEX).
    func rebuild(from table: Table) {
        uniqueKeys = [:]
        for i in 0..<table.count { added(table.row(at: i), rowid: table.rowid(at: i)) }
        invalidateOrder()
    }

    /// Entries ordered by key (with this index's collations) then rowid.
    func entries() -> [(key: [Value], rowid: Int64)] {
        if !sortedIsValid, let table {
            // Table positions run in rowid order, so a tie between keys goes to the lower
            // position. Sorting positions moves integers, not arrays.
            let count = table.count
            var keys: [[Value]] = []
            keys.reserveCapacity(count)
            for i in 0..<count { keys.append(key(of: table.row(at: i))) }
            let collations = self.collations
            // A first column of integers (ids, the usual case) is compared without Values.
            var firstIntegers: [Int64]? = []
            firstIntegers?.reserveCapacity(count)
            for key in keys {
                guard case .integer(let v)? = key.first else { firstIntegers = nil; break }
                firstIntegers?.append(v)
            }
            var order = Array(0..<count)
            keys.withUnsafeBufferPointer { k in
                func rest(_ a: Int, _ b: Int, from start: Int) -> Bool {
                    let x = k[a], y = k[b]
                    for i in start..<x.count {
                        let c = Value.compare(x[i], y[i], collation: collations[i])
                        if c != 0 { return c < 0 }
                    }
                    return a < b
                }
                if let firstIntegers {
                    firstIntegers.withUnsafeBufferPointer { f in
                        order.sort { a, b in f[a] != f[b] ? f[a] < f[b] : rest(a, b, from: 1) }
                    }
                } else {
                    order.sort { a, b in rest(a, b, from: 0) }
                }
            }
            var all: [(key: [Value], rowid: Int64)] = []
            all.reserveCapacity(count)
            for p in order { all.append((keys[p], table.rowid(at: p))) }
            sorted = all
            sortedIsValid = true
        }
        return sorted
    }
}
