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
    /// True when the plan stops once it has the rows the hint asks for, doing less work, and
    /// those are the first rows of its full answer: a source over it may stop early (a recursive
    /// CTE, or a query reading one; see RowBudget.swift).
    var honorsRowHint = false
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

/// How two rows' sort keys order under ORDER BY (negative, zero or positive): NULL placement,
/// direction and collation per key.
func compareSortKeys(_ x: [Value], _ y: [Value], by keys: [SortKey]) -> Int {
    for (i, key) in keys.enumerated() {
        if x[i].isNull || y[i].isNull {
            if x[i].isNull && y[i].isNull { continue }
            return x[i].isNull == key.nullsFirst ? -1 : 1
        }
        var c = Value.compare(x[i], y[i], collation: key.collation)
        if key.descending { c = -c }
        if c != 0 { return c }
    }
    return 0
}

/// Stable sort of rows by precomputed keys, with SQLite's NULL placement and collations.
/// With `keep`, only the first `keep` rows of that order are kept (ORDER BY with LIMIT): they
/// are chosen with a bounded heap, as SQLite's sorter does, instead of sorting every row.
/// Indices are sorted rather than the tuples, so moving an element retains no array.
/// Each comparison is a step of the statement's interrupt check.
func sortRows(_ rows: inout [(keys: [Value], row: Row)], by keys: [SortKey], keep: Int? = nil,
              ctx: ExecutionContext) throws {
    guard !keys.isEmpty, rows.count > 1 else {
        if let keep, keep < rows.count { rows.removeSubrange(max(0, keep)...) }
        return
    }
    let keyArrays = rows.map(\.keys)
    // Strict "comes before" in the stable order: by the keys, then by input position.
    func before(_ a: Int, _ b: Int) throws -> Bool {
        try ctx.checkInterrupt()
        let c = compareSortKeys(keyArrays[a], keyArrays[b], by: keys)
        return c != 0 ? c < 0 : a < b
    }
    var order: [Int]
    if let keep, keep < rows.count / 2 {
        guard keep > 0 else { rows = []; return }
        order = try boundedSmallest(count: rows.count, keep: keep, before: before)
    } else {
        order = Array(rows.indices)
        try order.sort(by: before)
        if let keep, keep < order.count { order.removeSubrange(max(0, keep)...) }
    }
    let old = rows
    rows = order.map { old[$0] }
}

/// The `keep` smallest of `0..<count` by `before`, in order: a max-heap of the best so far,
/// O(count log keep).
private func boundedSmallest(count: Int, keep: Int, before: (Int, Int) throws -> Bool) rethrows -> [Int] {
    var heap: [Int] = []
    heap.reserveCapacity(keep)
    func siftDown(_ start: Int) throws {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if try l < heap.count && before(heap[largest], heap[l]) { largest = l }
            if try r < heap.count && before(heap[largest], heap[r]) { largest = r }
            if largest == i { return }
            heap.swapAt(i, largest)
            i = largest
        }
    }
    for candidate in 0..<count {
        if heap.count < keep {
            heap.append(candidate)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard try before(heap[parent], heap[i]) else { break }
                heap.swapAt(i, parent)
                i = parent
            }
        } else if try before(candidate, heap[0]) {
            heap[0] = candidate
            try siftDown(0)
        }
    }
    try heap.sort(by: before)
    return heap
}

/// ORDER BY with LIMIT over rows that arrive one at a time: the first `keep` rows of the
/// order, in a max-heap whose top is the worst kept. A row that does not beat it is dropped
/// without being copied; ties keep arrival order, so the result is the stable sort's prefix.
struct TopRows {
    private let keep: Int
    private let sortKeys: [SortKey]
    private var heap: [(keys: [Value], row: Row, arrival: Int)] = []
    private var arrivals = 0

    init(keep: Int, by sortKeys: [SortKey]) {
        self.keep = keep
        self.sortKeys = sortKeys
        heap.reserveCapacity(min(keep, 1024))
    }

    /// Strict "comes before" by the keys, then by arrival.
    private func before(_ x: [Value], _ a: Int, _ y: [Value], _ b: Int) -> Bool {
        let c = compareSortKeys(x, y, by: sortKeys)
        return c != 0 ? c < 0 : a < b
    }

    private func before(_ i: Int, _ j: Int) -> Bool {
        before(heap[i].keys, heap[i].arrival, heap[j].keys, heap[j].arrival)
    }

    mutating func offer(_ keys: [Value], _ row: Row) {
        let arrival = arrivals
        arrivals += 1
        guard keep > 0 else { return }
        if heap.count < keep {
            heap.append((keys, row, arrival))
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard before(parent, i) else { break }
                heap.swapAt(i, parent)
                i = parent
            }
            return
        }
        guard before(keys, arrival, heap[0].keys, heap[0].arrival) else { return }
        heap[0] = (keys, row, arrival)
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if l < heap.count && before(largest, l) { largest = l }
            if r < heap.count && before(largest, r) { largest = r }
            if largest == i { return }
            heap.swapAt(i, largest)
            i = largest
        }
    }

    /// The kept rows, first to last.
    func rowsInOrder() -> [Row] {
        heap.sorted { before($0.keys, $0.arrival, $1.keys, $1.arrival) }.map(\.row)
    }
}

/// Reads a LIMIT or OFFSET value as SQLite's OP_MustBeInt does: numeric affinity, then an
/// integer or a real with an integral value ('1.0' and 1.0 are 1); anything else, NULL
/// included, is "datatype mismatch".
func limitValue(_ value: Value) throws -> Int64 {
    switch Affinity.numeric.apply(value) {
    case .integer(let i): return i
    case .real(let d) where d == d.rounded(.towardZero) && abs(d) < 9.2e18: return Int64(d)
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
