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

    /// A join's rows stream into the bounded heap through one reused buffer: every kept row
    /// must still be its own (no row may show another's columns), in the full order's slice.
    func testJoinRowsStreamedIntoTheLimitAreASliceOfTheFullOrder() throws {
        let db = Database()
        try db.execute("CREATE TABLE f(path TEXT PRIMARY KEY, category TEXT)")
        try db.execute("CREATE TABLE r(id INTEGER PRIMARY KEY, path TEXT, status TEXT, at INTEGER)")
        try db.execute("CREATE TABLE g(category TEXT, weight INTEGER)")
        for f in 0..<7 { try db.execute("INSERT INTO f VALUES ('file\(f)', 'cat\(f % 3)')") }
        for c in 0..<2 { try db.execute("INSERT INTO g VALUES ('cat\(c)', \(c * 10))") }
        var generator = SystemRandomNumberGenerator()
        for id in 1...400 {
            let f = Int.random(in: 0..<9, using: &generator)  // file7 and file8 have no row in f
            let at = Int.random(in: 0..<50, using: &generator)
            try db.execute("INSERT INTO r VALUES (\(id), 'file\(f)', '\(id % 3 == 0 ? "FAIL" : "PASS")', \(at == 0 ? "NULL" : String(at)))")
        }
        let queries = [
            "SELECT r.id, f.path, f.category, r.at FROM r JOIN f ON r.path = f.path WHERE r.status = 'FAIL' ORDER BY r.at DESC",
            "SELECT f.category, r.id, r.at FROM f JOIN r ON r.path = f.path ORDER BY r.at, f.category DESC",
            "SELECT r.id, g.weight FROM r JOIN f ON r.path = f.path JOIN g ON g.category = f.category ORDER BY g.weight + r.at",
            "SELECT r.id, f.path FROM r, f WHERE r.path < f.path AND r.id < 40 ORDER BY f.path DESC, r.at",
            "SELECT r.id, f.category FROM r LEFT JOIN f ON r.path = f.path ORDER BY f.category NULLS FIRST, r.at",
        ]
        for query in queries {
            let full = try db.execute(query).rows
            for (limit, offset) in [(0, 0), (1, 0), (7, 0), (60, 0), (500, 0), (10, 3), (25, 100), (-1, 5)] {
                let got = try db.execute("\(query) LIMIT \(limit) OFFSET \(offset)").rows
                let start = min(offset, full.count)
                let end = limit < 0 ? full.count : min(full.count, start + limit)
                XCTAssertEqual(got, Array(full[start..<end]), "\(query) LIMIT \(limit) OFFSET \(offset)")
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
