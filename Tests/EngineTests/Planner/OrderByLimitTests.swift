import XCTest
@testable import Engine

/// ORDER BY with LIMIT keeps only the first rows while sorting: the rows it returns must be
/// exactly a slice of the full stable order, ties (kept in input order) and NULLs included.
final class OrderByLimitTests: XCTestCase {
    func testLimitAndOffsetAreASliceOfTheFullOrder() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT)")
        var generator = SystemRandomNumberGenerator()
        for id in 1...300 {
            let k = Int.random(in: 0..<12, using: &generator)
            let key = k == 0 ? "NULL" : String(k)
            try db.execute("INSERT INTO t VALUES (\(id), \(key), '\(["b", "A", "a", "c"][id % 4])')")
        }
        for order in ["k", "k DESC", "k, s", "s COLLATE NOCASE DESC, k", "k DESC NULLS FIRST", "s, k DESC NULLS LAST"] {
            let full = try db.execute("SELECT id FROM t ORDER BY \(order)").rows
            for (limit, offset) in [(0, 0), (1, 0), (5, 0), (50, 0), (149, 0), (151, 0), (299, 0), (300, 0), (1000, 0),
                                    (10, 5), (40, 100), (10, 295), (10, 400), (-1, 20)] {
                let got = try db.execute("SELECT id FROM t ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)").rows
                let start = min(offset, full.count)
                let end = limit < 0 ? full.count : min(full.count, start + limit)
                XCTAssertEqual(got, Array(full[start..<end]), "ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)")
            }
        }
    }

    func testHugeLimitAndOffsetDoNotOverflow() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a)")
        try db.execute("INSERT INTO t VALUES (3), (1), (2)")
        let big = Int64.max
        XCTAssertEqual(try db.execute("SELECT a FROM t ORDER BY a LIMIT \(big) OFFSET 1").rows, [[.integer(2)], [.integer(3)]])
        XCTAssertEqual(try db.execute("SELECT a FROM t ORDER BY a LIMIT 1 OFFSET \(big)").rows, [])
    }
}
