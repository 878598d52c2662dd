import XCTest
@testable import Engine

/// The unboxed key sort behind CREATE INDEX and index rebuilds orders rows exactly as
/// Value.compare does (classes, integers against reals, collations, DESC, NULLs, duplicates,
/// ties by rowid), and an index built from existing rows holds the same entries, in the same
/// order, as one filled by inserting row after row.
final class IndexKeySortTests: XCTestCase {
    /// Values with every class, equal numbers of both kinds, texts that differ only in case or
    /// trailing spaces, a shared long prefix, and duplicates.
    private static let pool: [Value] = [
        .null, .integer(0), .integer(-3), .integer(7), .integer(Int64.max), .integer(Int64.min),
        .real(0.0), .real(-0.0), .real(7.0), .real(6.5), .real(-1.0e19), .real(1.0e19), .real(9.223372036854775807e18),
        .text(""), .text("a"), .text("A"), .text("a "), .text("abc"), .text("ABC"), .text("abd"), .text("b"),
        .text("test/random/expr/slt_good_12.test"), .text("test/random/expr/slt_good_1.test"), .text("é"), .text("Z"),
        .blob([]), .blob([0]), .blob([0, 1]), .blob([255]),
    ]

    private func reference(_ rows: [[Value]], rowids: [Int64], collations: [Collation], descending: [Bool]) -> [Int] {
        Array(rows.indices).sorted { a, b in
            for c in collations.indices {
                var order = Value.compare(rows[a][c], rows[b][c], collation: collations[c])
                if descending[c] { order = -order }
                if order != 0 { return order < 0 }
            }
            return rowids[a] < rowids[b]
        }
    }

    func testRandomKeysSortAsValueCompare() {
        var generator = SystemRandomNumberGenerator()
        let collations: [Collation] = [.binary, .nocase, .rtrim]
        for trial in 0..<60 {
            let width = Int.random(in: 1...3, using: &generator)
            let count = Int.random(in: 0...400, using: &generator)
            let columnCollations = (0..<width).map { _ in collations.randomElement(using: &generator) ?? .binary }
            let descending = (0..<width).map { _ in trial % 3 == 0 ? Bool.random(using: &generator) : false }
            // Some trials hold integers only (the fast path), some integers and NULLs.
            let pool: [Value] = trial % 4 == 0 ? (0..<20).map { .integer(Int64($0 % 7)) }
                : trial % 4 == 1 ? [.null, .integer(2), .integer(-9), .integer(2)] : IndexKeySortTests.pool
            let rows = (0..<count).map { _ in (0..<width).map { _ in pool.randomElement(using: &generator) ?? .null } }
            // Rowids not in position order, so ties must be broken by rowid itself.
            let rowids = (0..<count).map { _ in Int64.random(in: -1_000_000...1_000_000, using: &generator) }
            let sort = IndexKeySort(rowids: rowids, collations: columnCollations, descending: descending) { row, column in
                rows[row][column]
            }
            let got = sort.sortedPositions()
            let expected = reference(rows, rowids: rowids, collations: columnCollations, descending: descending)
            // Equal rowids may come out in either order; compare what the positions hold.
            XCTAssertEqual(got.map { rows[$0] }, expected.map { rows[$0] }, "trial \(trial)")
            XCTAssertEqual(got.map { rowids[$0] }, expected.map { rowids[$0] }, "trial \(trial)")
        }
    }

    /// Entries of an index filled one row at a time (each change applied alone, since a read
    /// follows every write) against the same index built at once from the rows.
    func testBuiltIndexEqualsIndexFilledRowByRow() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a, b TEXT COLLATE NOCASE, c);
            CREATE INDEX early_abc ON t(a, b, c); CREATE INDEX early_b ON t(b DESC, a);
            """)
        var generator = SystemRandomNumberGenerator()
        let literals = ["NULL", "1", "1.0", "-2", "2.5", "'x'", "'X'", "'x '", "'abc'", "X'00'", "X'0001'", "9223372036854775807"]
        // A few rows first: later single writes are then each under a quarter of the entries.
        for _ in 0..<8 { try db.execute("INSERT INTO t VALUES (1, 'x', 2)") }
        for i in 0..<300 {
            let values = (0..<3).map { _ in literals.randomElement(using: &generator) ?? "NULL" }
            try db.execute("INSERT INTO t VALUES (\(values.joined(separator: ", ")))")
            _ = try db.execute("SELECT count(*) FROM t INDEXED BY early_abc WHERE a > 0")
            if i % 50 == 49 { try db.execute("DELETE FROM t WHERE rowid = \(i / 2)") }
            _ = try db.execute("SELECT count(*) FROM t INDEXED BY early_b WHERE b > 'a'")
        }
        try db.execute("CREATE INDEX late_abc ON t(a, b, c); CREATE INDEX late_b ON t(b DESC, a)")
        let table = try XCTUnwrap(db.catalog.table("t"))
        func index(_ name: String) throws -> TableIndex { try XCTUnwrap(table.indexes.first { $0.name == name }) }
        for (early, late) in [("early_abc", "late_abc"), ("early_b", "late_b")] {
            let a = try index(early).entries(), b = try index(late).entries()
            XCTAssertEqual(a.count, table.count)
            XCTAssertEqual(a.map(\.key), b.map(\.key), early)
            XCTAssertEqual(a.map(\.rowid), b.map(\.rowid), early)
            XCTAssertEqual(try index(early).rowsInScanOrder(), try index(late).rowsInScanOrder(), early)
        }
        // The DESC index's scan order: b descending under NOCASE (NULLs last), then a, then rowid.
        let scan = try index("late_b").rowsInScanOrder()
        let rows = table.allRows
        let expected = reference(rows.map { [$0[1], $0[0]] }, rowids: rows.map(Table.rowid(of:)),
                                 collations: [.nocase, .binary], descending: [true, false]).map { rows[$0] }
        XCTAssertEqual(scan, expected)
    }
}
