// Sorting many rows by an index's key (CREATE INDEX, a rebuild after many writes, a scan in a
// DESC index's order) without touching a Value per comparison.

/// The rows' key columns laid out flat before the sort: per column, each value's kind, its
/// number unboxed, and the bytes of texts and blobs copied one after the other into a single
/// buffer. A comparison then reads integers, doubles and bytes in place. Comparing `Value`s
/// instead retained and released each text's storage on every comparison: that sort was a
/// quarter of the CPU of loading a 100 MB dump.
struct IndexKeySort {
    /// A value's kind; NULL < numbers < text < blob is SQLite's order of their classes.
    private enum Kind: UInt8 {
        case null, integer, real, text, blob

        /// The class's rank: integers and reals are one class, compared by value.
        @inline(__always) var rank: Int {
            switch self {
            case .null: return 0
            case .integer, .real: return 1
            case .text: return 2
            case .blob: return 3
            }
        }
    }

    /// One key column of every row, unboxed.
    private struct Column {
        var kinds: [Kind] = []
        /// Per row: an integer, or a real's bit pattern.
        var numbers: [Int64] = []
        /// Per row: where its text's or blob's bytes start in `bytes` (`starts[row + 1]` ends them).
        var starts: [Int] = []
        var bytes: [UInt8] = []
        let collation: Collation
        let descending: Bool
        /// Every value an integer: comparisons read `numbers` alone.
        var integersOnly = true
    }

    private var columns: [Column]
    private let rowids: [Int64]

    /// Reads every row's key: `value(row, column)` for rows 0..<rowids.count. A column's
    /// `descending` reverses its whole order (NULLs last then, as an index column read
    /// backwards). Ties go by rowid, ascending.
    init(rowids: [Int64], collations: [Collation], descending: [Bool], value: (_ row: Int, _ column: Int) -> Value) {
        self.rowids = rowids
        let count = rowids.count
        columns = collations.indices.map { c in
            var column = Column(collation: collations[c], descending: c < descending.count && descending[c])
            column.kinds.reserveCapacity(count)
            column.numbers.reserveCapacity(count)
            column.starts.reserveCapacity(count + 1)
            for row in 0..<count {
                column.starts.append(column.bytes.count)
                switch value(row, c) {
                case .null:
                    column.kinds.append(.null); column.numbers.append(0); column.integersOnly = false
                case .integer(let v):
                    column.kinds.append(.integer); column.numbers.append(v)
                case .real(let v):
                    column.kinds.append(.real); column.numbers.append(Int64(bitPattern: v.bitPattern))
                    column.integersOnly = false
                case .text(let s):
                    column.kinds.append(.text); column.numbers.append(0); column.integersOnly = false
                    column.bytes.append(contentsOf: s.utf8)
                case .invalidText(let b):
                    column.kinds.append(.text); column.numbers.append(0); column.integersOnly = false
                    column.bytes.append(contentsOf: b)
                case .blob(let b):
                    column.kinds.append(.blob); column.numbers.append(0); column.integersOnly = false
                    column.bytes.append(contentsOf: b)
                }
            }
            column.starts.append(column.bytes.count)
            return column
        }
    }

    /// The rows' positions, ordered by key then rowid.
    func sortedPositions() -> [Int] {
        var order = Array(rowids.indices)
        rowids.withUnsafeBufferPointer { rowids in
            if columns.count == 1, columns[0].integersOnly {
                // A one-column index of integers (ids, the usual case): plain integer compares.
                let sign = columns[0].descending ? -1 : 1
                columns[0].numbers.withUnsafeBufferPointer { numbers in
                    order.sort { a, b in
                        let c = numbers[a] < numbers[b] ? -sign : (numbers[a] == numbers[b] ? 0 : sign)
                        return c != 0 ? c < 0 : rowids[a] < rowids[b]
                    }
                }
                return
            }
            withColumnViews { views in
                order.sort { a, b in
                    for view in views {
                        let c = view.compare(a, b)
                        if c != 0 { return c < 0 }
                    }
                    return rowids[a] < rowids[b]
                }
            }
        }
        return order
    }

    /// A column's arrays seen through pointers, valid inside `withColumnViews` only.
    private struct ColumnView {
        let kinds: UnsafeBufferPointer<Kind>
        let numbers: UnsafeBufferPointer<Int64>
        let starts: UnsafeBufferPointer<Int>
        let bytes: UnsafeBufferPointer<UInt8>
        let collation: Collation
        let descending: Bool

        /// Value.compare's order under the column's collation (reversed when descending).
        @inline(__always)
        func compare(_ a: Int, _ b: Int) -> Int {
            let c = ascending(a, b)
            return descending ? -c : c
        }

        @inline(__always)
        private func ascending(_ a: Int, _ b: Int) -> Int {
            let ka = kinds[a], kb = kinds[b]
            if ka.rank != kb.rank { return ka.rank - kb.rank }
            let x = numbers[a], y = numbers[b]
            switch (ka, kb) {
            case (.null, _):
                return 0
            case (.integer, .integer):
                return x < y ? -1 : (x == y ? 0 : 1)
            case (.integer, _):
                return compareIntegerReal(x, Double(bitPattern: UInt64(bitPattern: y)))
            case (.real, .integer):
                return -compareIntegerReal(y, Double(bitPattern: UInt64(bitPattern: x)))
            case (.real, _):
                return compareReals(Double(bitPattern: UInt64(bitPattern: x)), Double(bitPattern: UInt64(bitPattern: y)))
            default:
                let p = UnsafeBufferPointer(rebasing: bytes[starts[a]..<starts[a + 1]])
                let q = UnsafeBufferPointer(rebasing: bytes[starts[b]..<starts[b + 1]])
                return ka == .text ? collation.compareBytes(p, q) : memcompare(p, q)
            }
        }
    }

    /// Calls `body` with every column seen through pointers into its arrays.
    private func withColumnViews(_ body: (UnsafeBufferPointer<ColumnView>) -> Void) {
        func nest(_ i: Int, _ views: [ColumnView]) {
            guard i < columns.count else { return views.withUnsafeBufferPointer(body) }
            let column = columns[i]
            column.kinds.withUnsafeBufferPointer { kinds in
                column.numbers.withUnsafeBufferPointer { numbers in
                    column.starts.withUnsafeBufferPointer { starts in
                        column.bytes.withUnsafeBufferPointer { bytes in
                            nest(i + 1, views + [ColumnView(kinds: kinds, numbers: numbers, starts: starts, bytes: bytes,
                                                            collation: column.collation, descending: column.descending)])
                        }
                    }
                }
            }
        }
        nest(0, [])
    }
}
