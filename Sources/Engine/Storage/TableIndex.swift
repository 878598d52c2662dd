// An index: its (key, rowid) entries in an ordered tree, plus a hash map when it is UNIQUE.
// A key term may be an expression over the row, and a partial index holds only the rows its
// WHERE is true for (see ComputedIndexKey.swift).

/// An index on some columns of a table. Writes queue their entry changes, and the next read
/// applies them: one by one in O(log n) each when they are few (a write between lookups), or
/// by one sort and a bottom-up build when they are many (a load of many INSERTs, a DELETE of
/// most rows), which costs less than as many tree insertions. Unique keys are kept in a hash
/// map at once, since every write's constraint check reads them.
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
    /// The expressions and WHERE of an index on expressions or a partial index; nil for an
    /// index of plain columns (the usual one, whose writes never look at it past this check).
    let computed: ComputedIndexKey?
    /// The columns whose change moves a row's entry: the key columns, or every column an
    /// index on expressions or a partial index reads.
    let watchedColumns: [Int]

    /// The place in `columns` of a key term that is an expression (SQLite's cid -2).
    static let expressionColumn = -2

    private var uniqueKeys: [UniqueKey: Int64] = [:]
    /// Every row's key and rowid, ordered by key (this index's collations, NULLs first) then
    /// rowid; exact once the queued changes (`pending`) are applied, as every read does first.
    private var tree: OrderedTree<EntryOrder, Void>
    /// Entry changes made since the last read, in order, not yet in `tree`.
    private var pending: [(entry: IndexEntry, added: Bool)] = []
    /// The table's rows in this index's own order (DESC terms descending), for scans through
    /// the index; kept until the table changes.
    private var scanRows: [Row]?
    private weak var table: Table?

    /// `expressionCollations` gives the collation of each key term that is an expression (by
    /// its place in `columns`), which a COLLATE on the term overrides.
    init(name: String, table: Table, columns: [Int], terms: [OrderingTerm], unique: Bool, implicit: Bool,
         computed: ComputedIndexKey? = nil, expressionCollations: [Int: Collation] = [:]) {
        self.name = name
        self.tableName = table.name
        self.columns = columns
        self.terms = terms
        self.unique = unique
        self.implicit = implicit
        self.table = table
        self.computed = computed
        watchedColumns = computed?.readColumns ?? columns
        // A term's own COLLATE wins over the column's, as in SQLite (`ON t (a COLLATE NOCASE)`).
        let collations = columns.enumerated().map { i, column in
            if i < terms.count, case .collate(_, let name) = terms[i].expression, let collation = Collation(name: name) {
                return collation
            }
            if column == TableIndex.expressionColumn { return expressionCollations[i] ?? .binary }
            return table.columns[column].collation
        }
        self.collations = collations
        tree = OrderedTree(order: EntryOrder(collations: collations))
    }

    /// The same index on a copy of its table whose rowids and key columns are unchanged
    /// (ALTER TABLE): the entries are shared, not rebuilt.
    func copy(named newName: String, for newTable: Table) -> TableIndex {
        var expressionCollations: [Int: Collation] = [:]
        for (i, column) in columns.enumerated() where column == TableIndex.expressionColumn { expressionCollations[i] = collations[i] }
        let copy = TableIndex(name: newName, table: newTable, columns: columns, terms: terms, unique: unique, implicit: implicit,
                              computed: computed, expressionCollations: expressionCollations)
        copy.schema = schema
        copy.sql = sql
        copy.conflict = conflict
        copy.uniqueKeys = uniqueKeys
        settle()
        copy.tree = tree.copy()
        return copy
    }

    /// Forgets the scan order: the table changed.
    func invalidateScanOrder() {
        scanRows = nil
    }

    /// Every row of the table in this index's order: by key, DESC terms descending, then rowid.
    func rowsInScanOrder() -> [Row] {
        if let scanRows { return scanRows }
        guard let table else { return [] }
        var rows: [Row] = []
        if terms.contains(where: \.descending) {
            // An index column's own order reversed for DESC (NULLs last then), from the rows.
            let all = indexedRows(of: table)
            let descending = collations.indices.map { $0 < terms.count && terms[$0].descending }
            rows = sortedPositions(of: all, descending: descending).map { all[$0] }
        } else {
            // Straight from the tree: an array of every entry first would be a second index.
            settle()
            rows.reserveCapacity(tree.count)
            tree.forEach { entry, _ in
                if let row = table.row(rowid: entry.rowid) { rows.append(row) }
                return true
            }
        }
        scanRows = rows
        return rows
    }

    /// Whether the index is partial: it holds only the rows its WHERE is true for.
    var isPartial: Bool { computed?.predicate != nil }

    /// Whether a stored row has an entry in this index (every row, unless the index is partial).
    func includes(_ row: Row) -> Bool {
        computed?.includes(row) ?? true
    }

    /// The table's stored rows that have an entry in this index.
    private func indexedRows(of table: Table) -> [Row] {
        guard let computed, computed.predicate != nil else { return table.allRows }
        return table.allRows.filter(computed.includes)
    }

    /// Key term `k` of a stored row: its column, or its expression computed.
    @inline(__always)
    private func keyValue(_ k: Int, of row: Row) -> Value {
        if let computed { return computed.value(k, column: columns[k], of: row) }
        return row[columns[k]]
    }

    /// A stored row's key (column values then rowid, as the table keeps it).
    func key(of row: Row) -> [Value] {
        columns.indices.map { keyValue($0, of: row) }
    }

    /// Normalised key for uniqueness under each column's collation: NOCASE text folds and RTRIM
    /// text drops its trailing spaces, so 'a' and 'A' (NOCASE) or 'a ' (RTRIM) collide as in SQLite.
    func uniqueKey(of row: Row) -> UniqueKey? {
        let first = keyValue(0, of: row)
        if first.isNull { return nil }  // NULLs never collide
        guard columns.count > 1 else { return UniqueKey(first: first.collationKey(collations[0]), rest: []) }
        var rest: [Value] = []
        rest.reserveCapacity(columns.count - 1)
        for i in columns.indices.dropFirst() {
            let v = keyValue(i, of: row)
            if v.isNull { return nil }
            rest.append(v.collationKey(collations[i]))
        }
        return UniqueKey(first: first.collationKey(collations[0]), rest: rest)
    }

    /// The row this stored row's key collides with in a UNIQUE index (a partial index only
    /// among the rows it holds).
    func conflict(for row: Row) -> Int64? {
        guard unique, includes(row), let key = uniqueKey(of: row) else { return nil }
        return uniqueKeys[key]
    }

    func added(_ row: Row, rowid: Int64) {
        if let computed, !computed.includes(row) { return }
        if unique, let key = uniqueKey(of: row) { uniqueKeys[key] = rowid }
        pending.append((entry(of: row, rowid: rowid), true))
        scanRows = nil
    }

    func removed(_ row: Row, rowid: Int64) {
        if let computed, !computed.includes(row) { return }
        if unique, let key = uniqueKey(of: row), uniqueKeys[key] == rowid { uniqueKeys[key] = nil }
        pending.append((entry(of: row, rowid: rowid), false))
        scanRows = nil
    }

    func clear() {
        // A table emptied is usually refilled: the map keeps its room rather than regrow.
        uniqueKeys.removeAll(keepingCapacity: true)
        tree.removeAll()
        pending = []
        scanRows = nil
    }

    /// Applies the queued entry changes before a read. Many changes against the entries there
    /// are (a quarter or more) cost less as one rebuild from the table's rows, which hold
    /// exactly the entries the queue leads to.
    private func settle() {
        guard !pending.isEmpty else { return }
        if let table, pending.count * 4 >= tree.count {
            pending = []
            rebuildEntries(from: table)
            return
        }
        for (entry, added) in pending {
            if added { tree.insert(entry, ()) } else { tree.remove(entry) }
        }
        pending = []
    }

    /// Rebuilds the unique map and entries from the table (REINDEX, CREATE INDEX): one sort
    /// and a bottom-up build rather than an insertion per row.
    func rebuild(from table: Table) {
        clear()
        let rows = indexedRows(of: table)
        if unique { uniqueKeys.reserveCapacity(rows.count) }
        for row in rows where unique {
            if let key = uniqueKey(of: row) { uniqueKeys[key] = Table.rowid(of: row) }
        }
        rebuildEntries(from: table)
    }

    /// The ordered entries of every row of the table, by one sort and a bottom-up build.
    private func rebuildEntries(from table: Table) {
        tree.removeAll()
        let rows = indexedRows(of: table)
        // The entries go straight into the tree's leaves, in order: no array of them all first.
        if computed != nil {
            // Each key computed once, then sorted and loaded from the computed values.
            let (keys, order) = computedKeysInOrder(of: rows, descending: [])
            tree.load(count: order.count, key: { i in
                let key = keys[order[i]]
                return IndexEntry(first: key[0], rest: Array(key.dropFirst()), rowid: Table.rowid(of: rows[order[i]]))
            }, value: { _ in () })
        } else {
            let order = sortedPositions(of: rows, descending: [])
            tree.load(count: order.count, key: { i in
                self.entry(of: rows[order[i]], rowid: Table.rowid(of: rows[order[i]]))
            }, value: { _ in () })
        }
    }

    /// The positions of `rows` ordered by this index's key (a column reversed where
    /// `descending` says so), then by rowid.
    private func sortedPositions(of rows: [Row], descending: [Bool]) -> [Int] {
        if computed != nil { return computedKeysInOrder(of: rows, descending: descending).order }
        let columns = self.columns
        return IndexKeySort(rowids: rows.map(Table.rowid(of:)), collations: collations, descending: descending) { row, column in
            rows[row][columns[column]]
        }.sortedPositions()
    }

    /// The computed keys of `rows` and the rows' positions in their order.
    private func computedKeysInOrder(of rows: [Row], descending: [Bool]) -> (keys: [[Value]], order: [Int]) {
        let keys = rows.map(key(of:))
        let order = IndexKeySort(rowids: rows.map(Table.rowid(of:)), collations: collations, descending: descending) { row, column in
            keys[row][column]
        }.sortedPositions()
        return (keys, order)
    }

    /// Entries ordered by key (with this index's collations) then rowid.
    func entries() -> [IndexEntry] {
        settle()
        var all: [IndexEntry] = []
        all.reserveCapacity(tree.count)
        tree.forEach { entry, _ in all.append(entry); return true }
        return all
    }

    /// Calls `body` on the entries in order, from the first whose first key column is not
    /// below the start, while it returns true. `isBelow` tells a first key value before the
    /// start (it must hold for a prefix of the index's order).
    func forEachEntry(firstKeyIsBelow isBelow: @escaping (Value) -> Bool, _ body: (IndexEntry) throws -> Bool) rethrows {
        settle()
        try tree.forEach(from: { isBelow($0.first) }) { entry, _ in try body(entry) }
    }

    /// A row's entry; a one-column key (the usual index) needs no array.
    private func entry(of row: Row, rowid: Int64) -> IndexEntry {
        if computed != nil {
            let key = key(of: row)
            return IndexEntry(first: key[0], rest: Array(key.dropFirst()), rowid: rowid)
        }
        guard columns.count > 1 else { return IndexEntry(first: row[columns[0]], rest: [], rowid: rowid) }
        return IndexEntry(first: row[columns[0]], rest: columns.dropFirst().map { row[$0] }, rowid: rowid)
    }
}

/// Index entries by key, under the index's collations (NULLs first), then by rowid.
struct EntryOrder: TreeOrder {
    let collations: [Collation]

    func compare(_ a: IndexEntry, _ b: IndexEntry) -> Int {
        var c = Value.compare(a.first, b.first, collation: collations[0])
        if c != 0 { return c }
        for i in 0..<a.rest.count {
            c = Value.compare(a.rest[i], b.rest[i], collation: collations[i + 1])
            if c != 0 { return c }
        }
        return a.rowid < b.rowid ? -1 : (a.rowid == b.rowid ? 0 : 1)
    }
}

/// A UNIQUE index's key under its collations. As in an entry, the first column is kept apart,
/// so a one-column key is hashed and stored with no array of its own.
struct UniqueKey: Hashable {
    let first: Value
    let rest: [Value]
}

/// One index entry: the key columns' values and the row's rowid. The first key column is kept
/// apart so that a one-column index entry is a few words with no allocation of its own.
struct IndexEntry {
    let first: Value
    let rest: [Value]
    let rowid: Int64

    var key: [Value] { [first] + rest }
}
