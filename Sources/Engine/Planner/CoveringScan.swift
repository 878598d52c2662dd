// Which order a single-table scan comes in. SQLite reads a table through an index instead when
// the index holds every column the query reads and its rows are narrower than the table's
// (whereLoopAddBtree's covering-index scan): rows then come in that index's order, which
// decides the order of a query without ORDER BY, ties under ORDER BY, the row a compound keeps
// among equal ones, and the rounding of a sum of reals.

extension Table {
    /// The index SQLite scans instead of this table when the query reads only `used` (column
    /// positions; the rowid and an INTEGER PRIMARY KEY are free), or nil for the table itself.
    func coveringScanIndex(reading used: Set<Int>) -> TableIndex? {
        guard !withoutRowid else { return nil }
        let needed = used.filter { $0 < columns.count && $0 != rowidColumn }
        var tableWidth = columns.reduce(0) { $0 + $1.sqliteSizeEstimate }
        if rowidColumn == nil { tableWidth += 1 }
        let tableRow = logEst(UInt64(tableWidth * 4))
        var best: (index: TableIndex, cost: Int)?
        // SQLite keeps a table's indexes newest first, and of equal costs the first one found.
        for index in indexes.reversed() where !index.isPartial {
            guard needed.isSubset(of: index.columns) else { continue }
            // An expression term counts as 1, as SQLite estimates it (estimateIndexWidth).
            let width = index.columns.reduce(1) { $0 + ($1 == rowidColumn || $1 < 0 ? 1 : columns[$1].sqliteSizeEstimate) }
            let indexRow = logEst(UInt64(width * 4))
            guard indexRow < tableRow else { continue }
            let cost = 15 * indexRow / tableRow
            if best == nil || cost < best!.cost { best = (index, cost) }
        }
        return best?.index
    }
}

extension ColumnSchema {
    /// SQLite's estimate of a column's stored size, an integer being 1 (sqlite3AffinityType):
    /// CHAR(k), VARCHAR(k) and BLOB(k) are k/4+1; TEXT, CLOB and BLOB are 5; others 1.
    var sqliteSizeEstimate: Int {
        guard let type = declaredType, !type.isEmpty else { return 1 }
        guard affinity == .text || affinity == .blob else { return 1 }
        let upper = asciiUppercased(type)
        var sized: Substring?
        if let r = upper.range(of: "CHAR") { sized = upper[r.upperBound...] }
        else if affinity == .blob, let r = upper.range(of: "BLOB"), upper[r.upperBound...].hasPrefix("(") { sized = upper[r.upperBound...] }
        guard let rest = sized else { return 16 / 4 + 1 }
        let digits = rest.drop { !$0.isASCII || !$0.isNumber }.prefix { $0.isASCII && $0.isNumber }
        let k = Int32(String(digits)).map(Int.init) ?? 0
        return min(k / 4 + 1, 255)
    }
}

/// SQLite's LogEst: about 10 * log2(x), as whereLoopAddBtree compares row widths.
func logEst(_ value: UInt64) -> Int {
    let steps = [0, 2, 3, 5, 6, 7, 8, 9]
    var x = value, y = 40
    if x < 8 {
        if x < 2 { return 0 }
        while x < 8 { y -= 10; x <<= 1 }
    } else {
        while x > 255 { y += 40; x >>= 4 }
        while x > 15 { y += 10; x >>= 1 }
    }
    return steps[Int(x & 7)] + y - 10
}
