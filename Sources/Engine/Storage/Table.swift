// In-memory table storage: rows kept in rowid order, with their indexes.

typealias Row = [Value]

/// A table's definition and rows. Rows are sorted by rowid so scans see SQLite's order.
/// Each stored row holds the column values followed by the rowid, so a scan hands rows to
/// compiled expressions without copying (`rowid` references read the last slot).
final class Table {
    var name: String
    var schema: String?
    var columns: [ColumnSchema]
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
    var withoutRowid = false

    private var rowids: [Int64] = []
    private var rows: [Row] = []
    /// Rows inserted below the largest rowid, kept aside and merged into the sorted arrays on
    /// the next read, so loading rows in any rowid order is not quadratic.
    private var pending: [Int64: Row] = [:]
    private var pendingMax = Int64.min
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

    var count: Int { rows.count + pending.count }

    /// Merges the rows inserted out of order into the sorted arrays.
    private func normalize() {
        guard !pending.isEmpty else { return }
        let extra = pending.sorted { $0.key < $1.key }
        pending = [:]
        pendingMax = Int64.min
        var mergedRowids: [Int64] = []
        var mergedRows: [Row] = []
        mergedRowids.reserveCapacity(rowids.count + extra.count)
        mergedRows.reserveCapacity(rowids.count + extra.count)
        var i = 0
        for (rowid, row) in extra {
            while i < rowids.count && rowids[i] < rowid {
                mergedRowids.append(rowids[i])
                mergedRows.append(rows[i])
                i += 1
            }
            mergedRowids.append(rowid)
            mergedRows.append(row)
        }
        mergedRowids.append(contentsOf: rowids[i...])
        mergedRows.append(contentsOf: rows[i...])
        rowids = mergedRowids
        rows = mergedRows
    }

    /// Copies every row into fresh memory, in rowid order. Rows inserted one statement at a
    /// time (a dump load) sit wherever the allocator found room between the parser's garbage,
    /// and a scan then misses the cache on nearly every row; packed, a scan reads memory in
    /// order (twice as fast on the results benchmark's 600,000-row table).
    func pack() {
        normalize()
        var packed: [Row] = []
        packed.reserveCapacity(rows.count)
        for row in rows {
            var copy = Row()
            copy.reserveCapacity(row.count)
            copy.append(contentsOf: row)
            packed.append(copy)
        }
        rows = packed
        for index in indexes { index.invalidateOrder() }
    }

    /// True when a row has this rowid (without merging rows kept aside).
    func containsRowid(_ rowid: Int64) -> Bool {
        if pending[rowid] != nil { return true }
        var low = 0, high = rowids.count
        while low < high {
            let mid = (low + high) / 2
            if rowids[mid] < rowid { low = mid + 1 } else { high = mid }
        }
        return low < rowids.count && rowids[low] == rowid
    }

    func columnIndex(_ name: String) -> Int? {
        let key = asciiLowercased(name)
        return columns.firstIndex { asciiLowercased($0.name) == key }
    }

    /// Position of a rowid in the rows array, by binary search.
    func position(ofRowid rowid: Int64) -> Int? {
        normalize()
        var low = 0, high = rowids.count
        while low < high {
            let mid = (low + high) / 2
            if rowids[mid] < rowid { low = mid + 1 } else { high = mid }
        }
        return low < rowids.count && rowids[low] == rowid ? low : nil
    }

    /// The stored row: column values followed by the rowid.
    func row(at position: Int) -> Row { normalize(); return rows[position] }
    /// Every stored row, in rowid order (column values followed by the rowid).
    var allRows: [Row] { normalize(); return rows }
    func rowid(at position: Int) -> Int64 { normalize(); return rowids[position] }

    /// The rowid a new row gets when none is given: one past the largest (SQLite's usual choice).
    func nextRowid() -> Int64? {
        let last = max(rowids.last ?? 0, pendingMax, autoincrement ? highestRowid : 0)
        if last < Int64.max { return last + 1 }
        if autoincrement { return nil }
        // Every positive rowid above the last is taken: SQLite then looks for an unused one.
        normalize()
        var candidate: Int64 = 1
        for r in rowids where r >= 1 {
            if r > candidate { return candidate }
            candidate = r + 1
        }
        return candidate < Int64.max ? candidate : nil
    }

    /// Adds a row (column values, without the rowid) whose constraints were checked.
    /// Keeps rowid order and every index.
    func insert(_ values: Row, rowid: Int64) {
        version &+= 1
        // Exactly as many slots as values: appending the rowid to `values` would double its
        // capacity, and every stored row would carry that slack.
        var row = Row()
        row.reserveCapacity(values.count + 1)
        row.append(contentsOf: values)
        row.append(.integer(rowid))
        if let last = rowids.last, rowid < last || !pending.isEmpty {
            pending[rowid] = row
            if rowid > pendingMax { pendingMax = rowid }
        } else {
            rowids.append(rowid)
            rows.append(row)
        }
        if rowid > highestRowid { highestRowid = rowid }
        for index in indexes { index.added(row, rowid: rowid) }
    }

    /// Removes the row at a position and returns it.
    @discardableResult
    func remove(at position: Int) -> (rowid: Int64, row: Row) {
        normalize()
        version &+= 1
        let rowid = rowids.remove(at: position)
        let row = rows.remove(at: position)
        for index in indexes { index.removed(row, rowid: rowid) }
        return (rowid, row)
    }

    /// Removes many rows at once (positions ascending), in one pass.
    func remove(positions: [Int]) -> [(rowid: Int64, row: Row)] {
        guard !positions.isEmpty else { return [] }
        normalize()
        version &+= 1
        var removed: [(rowid: Int64, row: Row)] = []
        removed.reserveCapacity(positions.count)
        var keepRowids: [Int64] = [], keepRows: [Row] = []
        keepRowids.reserveCapacity(rows.count - positions.count)
        keepRows.reserveCapacity(rows.count - positions.count)
        var next = 0
        for i in 0..<rows.count {
            if next < positions.count && positions[next] == i {
                removed.append((rowids[i], rows[i]))
                next += 1
            } else {
                keepRowids.append(rowids[i])
                keepRows.append(rows[i])
            }
        }
        rowids = keepRowids
        rows = keepRows
        for index in indexes {
            for (rowid, row) in removed { index.removed(row, rowid: rowid) }
        }
        return removed
    }

    /// Replaces the column values of the row at a position (same rowid).
    func replace(at position: Int, with values: Row) {
        normalize()
        version &+= 1
        let old = rows[position]
        let rowid = rowids[position]
        var row = Row()
        row.reserveCapacity(values.count + 1)
        row.append(contentsOf: values)
        row.append(.integer(rowid))
        for index in indexes { index.removed(old, rowid: rowid) }
        rows[position] = row
        for index in indexes { index.added(row, rowid: rowid) }
    }

    /// Removes every row (DELETE without WHERE); returns them for the undo log.
    func removeAll() -> (rowids: [Int64], rows: [Row]) {
        normalize()
        version &+= 1
        let old = (rowids, rows)
        rowids = []
        rows = []
        for index in indexes { index.clear() }
        return old
    }

    /// The first unique index (or rowid) that `row` collides with, other than `ignoring`.
    func uniqueConflict(_ row: Row, rowid: Int64?, ignoring: Int64? = nil) -> (index: TableIndex?, rowid: Int64)? {
        if let rowid, rowid != ignoring, containsRowid(rowid) { return (nil, rowid) }
        for index in indexes where index.unique {
            if let other = index.conflict(for: row), other != ignoring { return (index, other) }
        }
        return nil
    }
}

