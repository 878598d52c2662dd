import XCTest
@testable import Engine

/// Indexes stay exact through every kind of write, and the statements that find rows through
/// them (SELECT, UPDATE, DELETE, joins) answer as a full scan would.
final class IndexMaintenanceTests: XCTestCase {
    /// An index on a REAL column holding a value below every 64-bit integer: a range from
    /// below must still see it (it was skipped when the scan started at the smallest integer).
    func testRangeOnRealIndexSeesValuesBelowEveryInteger() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a REAL); CREATE INDEX t_a ON t(a)")
        try db.execute("INSERT INTO t VALUES (-1.0e19), (NULL), (-5), (3.5), (2.0e19)")
        for _ in 0..<20 { try db.execute("INSERT INTO t VALUES (100)") }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE a < 0").rows, [[.integer(2)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE a <= -1.0e19").rows, [[.integer(1)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE a > 1.0e19").rows, [[.integer(1)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t NOT INDEXED WHERE a < 0").rows, [[.integer(2)]])
    }

    /// Interleaved writes and indexed reads, compared with the same queries on a table without
    /// any index, after every statement.
    func testInterleavedWritesKeepIndexedAnswersEqualToScans() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT); CREATE INDEX t_b ON t(b); CREATE INDEX t_cb ON t(c, b)")
        try db.execute("CREATE TABLE u(a INTEGER PRIMARY KEY, b INTEGER, c TEXT)")
        var generator = SystemRandomNumberGenerator()
        for step in 0..<600 {
            let a = Int.random(in: 1...120, using: &generator)
            let b = Int.random(in: 0...15, using: &generator)
            let statement: String
            switch Int.random(in: 0..<6, using: &generator) {
            case 0, 1: statement = "INSERT OR REPLACE INTO %T VALUES (\(a), \(b), 'c\(b % 4)')"
            case 2: statement = "UPDATE %T SET b = b + 1, c = 'u' || c WHERE b = \(b)"
            case 3: statement = "DELETE FROM %T WHERE a = \(a)"
            case 4: statement = "DELETE FROM %T WHERE b BETWEEN \(b) AND \(b + 1)"
            // OR REPLACE: a row moved up by 1000 before may already hold the new key.
            default: statement = "UPDATE OR REPLACE %T SET a = a + 1000 WHERE a = \(a)"
            }
            for table in ["t", "u"] { try db.execute(statement.replacingOccurrences(of: "%T", with: table)) }
            for query in ["SELECT a FROM %T WHERE b = \(b) ORDER BY a", "SELECT a, b FROM %T WHERE b > \(b) AND b <= \(b + 3) ORDER BY a",
                          "SELECT count(*) FROM %T WHERE a BETWEEN \(a) AND \(a + 30)", "SELECT a FROM %T WHERE c = 'c\(b % 4)' ORDER BY a",
                          "SELECT x.a, y.a FROM %T x JOIN %T y ON y.b = x.a WHERE x.a < \(a) ORDER BY 1, 2",
                          "SELECT x.a, y.a FROM %T x LEFT JOIN %T y ON y.a = x.b ORDER BY 1, 2"] {
                let indexed = try db.execute(query.replacingOccurrences(of: "%T", with: "t")).rows
                let scanned = try db.execute(query.replacingOccurrences(of: "%T", with: "u")).rows
                XCTAssertEqual(indexed, scanned, "step \(step): \(statement); \(query)")
            }
        }
    }

    /// A failed statement and a ROLLBACK put the rows and every index back.
    func testUndoRestoresRowsAndIndexes() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER UNIQUE, c TEXT); CREATE INDEX t_c ON t(c)")
        try db.execute("INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 30, 'x')")
        XCTAssertThrowsError(try db.execute("UPDATE t SET b = b + 10"))  // 10 -> 20 collides
        try db.execute("BEGIN; DELETE FROM t WHERE c = 'x'; REPLACE INTO t VALUES (2, 99, 'z'); INSERT INTO t VALUES (7, 70, 'x'); ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT a, b FROM t WHERE c = 'x' ORDER BY a").rows, [[.integer(1), .integer(10)], [.integer(3), .integer(30)]])
        XCTAssertEqual(try db.execute("SELECT a FROM t WHERE b = 20").rows, [[.integer(2)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE c = 'z'").rows, [[.integer(0)]])
    }
    /// The undo log keeps a run of inserted rowids as one entry: a run broken by another
    /// table's insert, by a gap, or by an UPDATE of a row inside it, and a statement that fails
    /// part way through an INSERT ... SELECT, all come back exactly.
    func testUndoOfInsertRuns() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER UNIQUE); CREATE TABLE u(x INTEGER PRIMARY KEY, y)")
        try db.execute("INSERT INTO t VALUES (1, 1), (2, 2)")
        try db.execute("""
            BEGIN;
            WITH RECURSIVE n(v) AS (SELECT 3 UNION ALL SELECT v + 1 FROM n WHERE v < 50) INSERT INTO t SELECT v, v * 10 FROM n;
            INSERT INTO u VALUES (1, 'a');
            INSERT INTO t VALUES (51, 510), (60, 600), (61, 610);
            UPDATE t SET b = -b WHERE a = 40;
            DELETE FROM t WHERE a = 2;
            INSERT INTO t VALUES (2, 2000);
            """)
        XCTAssertEqual(try db.execute("SELECT count(*), sum(b) FROM t").rows, [[.integer(53), .integer(15641)]])
        try db.execute("ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT a, b FROM t").rows, [[.integer(1), .integer(1)], [.integer(2), .integer(2)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM u").rows, [[.integer(0)]])
        XCTAssertEqual(try db.execute("SELECT a FROM t WHERE b = 2").rows, [[.integer(2)]])
        // The 21st row collides with b = 2: the twenty rows before it go too.
        XCTAssertThrowsError(try db.execute("WITH RECURSIVE n(v) AS (SELECT 3 UNION ALL SELECT v + 1 FROM n WHERE v < 40) INSERT INTO t SELECT v, CASE v WHEN 23 THEN 2 ELSE v * 10 END FROM n"))
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(2)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE b = 10").rows, [[.integer(0)]])
    }

    /// Writes queue their index changes until the next read: many at once (a bulk INSERT, an
    /// UPDATE or DELETE of most rows) are applied by a rebuild, a few one by one. Both ways,
    /// including a NOCASE key whose case changes and an ALTER TABLE that copies the index while
    /// changes are queued, the index answers as a scan does.
    func testQueuedIndexChangesAnswerAsScans() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT COLLATE NOCASE); CREATE INDEX t_b ON t(b); CREATE INDEX t_c ON t(c)")
        func check(_ step: String) throws {
            for (indexed, scanned) in [("SELECT a FROM t WHERE b = 7 ORDER BY a", "SELECT a FROM t NOT INDEXED WHERE b = 7 ORDER BY a"),
                                       ("SELECT a FROM t WHERE b BETWEEN 3 AND 5 ORDER BY a", "SELECT a FROM t NOT INDEXED WHERE b BETWEEN 3 AND 5 ORDER BY a"),
                                       ("SELECT a, c FROM t WHERE c = 'X1' ORDER BY a", "SELECT a, c FROM t NOT INDEXED WHERE c = 'X1' ORDER BY a"),
                                       ("SELECT c, a FROM t ORDER BY c, a", "SELECT c, a FROM t NOT INDEXED ORDER BY c, a")] {
                XCTAssertEqual(try db.execute(indexed).rows, try db.execute(scanned).rows, "\(step): \(indexed)")
            }
        }
        try db.execute("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 500) INSERT INTO t SELECT x, x % 10, 'x' || (x % 3) FROM s")
        try check("bulk insert")
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE b = 7").rows, [[.integer(50)]])
        try db.execute("UPDATE t SET c = upper(c), b = b + 1 WHERE a % 4 <> 0")
        try check("bulk update")
        try db.execute("UPDATE t SET c = lower(c) WHERE a = 9; INSERT INTO t VALUES (1000, 7, 'X1'); DELETE FROM t WHERE a = 17")
        try check("a few changes")
        try db.execute("DELETE FROM t WHERE a % 5 <> 0")
        try db.execute("ALTER TABLE t ADD COLUMN d")
        try check("bulk delete, then ALTER TABLE")
        XCTAssertEqual(try db.execute("SELECT a FROM t WHERE b = 7").rows, [[.integer(1000)]])
        try db.execute("BEGIN; DELETE FROM t; INSERT INTO t(a, b, c) VALUES (1, 7, 'x1'); ROLLBACK")
        try check("rollback of a bulk delete")
    }
}
