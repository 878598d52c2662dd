// In-memory table storage: rows kept in rowid order, with their indexes.

typealias Row = [Value]

/// A table's definition and rows. Rows are sorted by rowid so scans see SQLite's order.
/// Each stored row holds the column values followed by the rowid, so a scan hands rows to
/// compiled expressions without copying (`rowid` references read the last slot).
final class Table {
    var name: String
    var schema: String?
    var columns: [ColumnSchema] { didSet { cachedColumnNames = nil } }
    /// The columns' names and lookup keys, built on first use and kept until the columns change
    /// (a 120-column INSERT or SELECT names each).
    private var cachedColumnNames: ColumnNames?
    /// The INTEGER PRIMARY KEY column, which is the rowid itself.
    var rowidColumn: Int?
    var primaryKey: [Int] = []
    var autoincrement = false
    /// ON CONFLICT of an INTEGER PRIMARY KEY.
    var rowidConflict: ConflictResolution?
    var checks: [(expression: Expression, text: String, name: String?)] = []
    var foreignKeys: [(columns: [Int], clause: ForeignKeyClause, name: String?)] = []
    /// The constraints as written, for the dump.
    var tableConstraints: [TableConstraint] = []
    /// The CREATE TABLE text as SQLite keeps it in sqlite_master, edited by ALTER TABLE.
    var sql: String?
    var withoutRowid = false
    /// STRICT: every column has one of six types and refuses values of another.
    var strict = false

    /// The rows by rowid: each stored row holds the column values followed by the rowid.
    private var tree = OrderedTree<RowidOrder, Row>(order: RowidOrder())
    /// Every row in rowid order, for scans; built on the first scan after a change.
    private var snapshot: [Row]?
    /// Indexes on this table: explicit ones and those UNIQUE and PRIMARY KEY constraints imply.
    var indexes: [TableIndex] = []
    /// The largest rowid ever used, for AUTOINCREMENT.
    var highestRowid: Int64 = 0
    /// Bumped on every change; plans cache per-version data (index order, ...).
    private(set) var version = 0

    init(name: String, schema: String?, columns: [ColumnSchema]) {
        self.name = name
        self.schema = schema
        self.columns = columns
    }

    var count: Int { tree.count }

    /// A change: scans and index scan orders are rebuilt when next read.
    private func changed() {
        version &+= 1
        snapshot = nil
        for index in indexes { index.invalidateScanOrder() }
    }

    /// Copies every row into fresh memory, in rowid order. Rows inserted one statement at a
    /// time (a dump load) sit wherever the allocator found room between the parser's garbage,
    /// and a scan then misses the cache on nearly every row; packed, a scan reads memory in
    /// order (twice as fast on the results benchmark's 600,000-row table).
    func pack() {
        var packed: [Row] = []
        packed.reserveCapacity(count)
        tree.forEach { rowid, row in
            var copy = Row()
            copy.reserveCapacity(row.count)
            copy.append(contentsOf: row)
            packed.append(copy)
            return true
        }
        // In rowid order already: built bottom up, not inserted one by one.
        tree.load(sortedKeys: packed.map(Table.rowid(of:)), values: packed)
        changed()
        snapshot = packed
    }

    func containsRowid(_ rowid: Int64) -> Bool { tree.contains(rowid) }

    func columnIndex(_ name: String) -> Int? {
        columnNames.firstPosition(ofKey: asciiLowercased(name))
    }

    /// The columns' names with their lookup keys, shared by every statement until they change.
    var columnNames: ColumnNames {
        if let cachedColumnNames { return cachedColumnNames }
        let names = ColumnNames(columns.map(\.name))
        cachedColumnNames = names
        return names
    }

    /// The stored row with this rowid (column values followed by the rowid), in O(log n).
    func row(rowid: Int64) -> Row? { tree.value(for: rowid) }

    /// Every stored row, in rowid order (column values followed by the rowid).
    var allRows: [Row] {
        if let snapshot { return snapshot }
        let rows = tree.values
        snapshot = rows
        return rows
    }

    /// The stored rows with rowids from `low` on, in rowid order, while `body` returns true.
    func forEachRow(fromRowid low: Int64?, _ body: (Row) throws -> Bool) rethrows {
        if let low {
            try tree.forEach(from: { $0 < low }) { _, row in try body(row) }
        } else {
            try tree.forEach { _, row in try body(row) }
        }
    }

    /// Reading by position in rowid order, for whole-table passes that change nothing.
    func row(at position: Int) -> Row { allRows[position] }
    func rowid(at position: Int) -> Int64 { Table.rowid(of: allRows[position]) }

    /// The rowid a stored row carries in its last slot.
    static func rowid(of row: Row) -> Int64 {
        if case .integer(let r)? = row.last { return r }
        return 0
    }

    /// The rowid a new row gets when none is given: one past the largest (SQLite's usual choice).
    func nextRowid() -> Int64? {
        let last = max(tree.lastKey ?? 0, autoincrement ? highestRowid : 0)
        if last < Int64.max { return last + 1 }
        if autoincrement { return nil }
        // Every positive rowid above the last is taken: SQLite then looks for an unused one.
        var candidate: Int64 = 1
        var found: Int64?
        tree.forEach(from: { $0 < 1 }) { r, _ in
            if r > candidate { found = candidate; return false }
            candidate = r + 1
            return true
        }
        if let found { return found }
        return candidate < Int64.max ? candidate : nil
    }

    /// Adds a row (column values, without the rowid) whose constraints were checked.
    /// Keeps rowid order and every index.
    func insert(_ values: Row, rowid: Int64) {
        changed()
        // Exactly as many slots as values: appending the rowid to `values` would double its
        // capacity, and every stored row would carry that slack.
        var row = Row()
        row.reserveCapacity(values.count + 1)
        row.append(contentsOf: values)
        row.append(.integer(rowid))
        tree.insert(rowid, row)
        if rowid > highestRowid { highestRowid = rowid }
        for index in indexes { index.added(row, rowid: rowid) }
    }

    /// Removes the row with this rowid and returns it (nil when there is none).
    @discardableResult
    func remove(rowid: Int64) -> Row? {
        guard let row = tree.remove(rowid) else { return nil }
        changed()
        for index in indexes { index.removed(row, rowid: rowid) }
        return row
    }

    /// Replaces the column values of the row with this rowid (same rowid).
    func replace(rowid: Int64, with values: Row) {
        var row = Row()
        row.reserveCapacity(values.count + 1)
        row.append(contentsOf: values)
        row.append(.integer(rowid))
        guard let old = tree.replaceValue(for: rowid, with: row) else { return }
        changed()
        // An index whose columns kept their values keeps its entry (a whole-table UPDATE of an
        // unindexed column touches no index).
        for index in indexes where index.watchedColumns.contains(where: { !sameValue(old[$0], row[$0]) }) {
            index.removed(old, rowid: rowid)
            index.added(row, rowid: rowid)
        }
    }

    /// Puts back a stored row (values then rowid) as it was kept, in place of any row with its
    /// rowid: undo hands back the very row it took, so nothing is copied.
    func restore(_ stored: Row) {
        let rowid = Table.rowid(of: stored)
        changed()
        let old = tree.insert(rowid, stored)
        if rowid > highestRowid { highestRowid = rowid }
        for index in indexes {
            if let old {
                if !index.watchedColumns.contains(where: { !sameValue(old[$0], stored[$0]) }) { continue }
                index.removed(old, rowid: rowid)
            }
            index.added(stored, rowid: rowid)
        }
    }

    /// Fills an empty table with stored rows (column values then rowid) in ascending rowid
    /// order. Its indexes must already hold these rows' entries (copied with them).
    func load(storedRows rows: [Row]) {
        changed()
        tree.load(sortedKeys: rows.map(Table.rowid(of:)), values: rows)
        if let last = rows.last { highestRowid = max(highestRowid, Table.rowid(of: last)) }
    }

    /// Removes every row (DELETE without WHERE); returns them for the undo log.
    func removeAll() -> [Row] {
        let old = allRows
        changed()
        tree.removeAll()
        for index in indexes { index.clear() }
        return old
    }

    /// Adds a column at the end, every stored row taking `fill` in it (ALTER TABLE ADD COLUMN
    /// outside a transaction). Each row is widened where it is stored; rowids and index entries
    /// stay as they are.
    func appendColumn(_ column: ColumnSchema, fill: Value) {
        changed()
        columns.append(column)
        tree.updateValues { row in
            let rowidSlot = row.count - 1
            var wider = Row()
            wider.reserveCapacity(row.count + 1)
            for i in 0..<rowidSlot { wider.append(row[i]) }
            wider.append(fill)
            wider.append(row[rowidSlot])
            row = wider
        }
    }

    /// The first unique index (or rowid) that `row` collides with, other than `ignoring`.
    /// With `unchangedFrom` (the row `ignoring` had before an UPDATE), an index whose columns
    /// kept their values is not consulted: its key still belongs to that row alone.
    func uniqueConflict(_ row: Row, rowid: Int64?, ignoring: Int64? = nil,
                        unchangedFrom old: Row? = nil) -> (index: TableIndex?, rowid: Int64)? {
        if let rowid, rowid != ignoring, containsRowid(rowid) { return (nil, rowid) }
        for index in indexes where index.unique {
            if let old, index.watchedColumns.allSatisfy({ sameValue(old[$0], row[$0]) }) { continue }
            // An index on expressions or a partial index reads the stored row, rowid included.
            let conflict = index.computed == nil ? index.conflict(for: row)
                : index.conflict(for: row + [.integer(rowid ?? ignoring ?? 0)])
            if let other = conflict, other != ignoring { return (index, other) }
        }
        return nil
    }
}


/// The same stored value, so an index entry made from `a` holds for `b`: the same storage class
/// (1 and 1.0 are different entries) and the same value, texts and blobs byte for byte.
private func sameValue(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.integer(x), .integer(y)): return x == y
    case let (.real(x), .real(y)): return x.bitPattern == y.bitPattern
    case (.text, .text), (.invalidText, .invalidText), (.blob, .blob): return a == b  // by bytes, with memcmp
    default: return false
    }
}
