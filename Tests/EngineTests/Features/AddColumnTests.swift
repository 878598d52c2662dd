import XCTest
@testable import Engine

/// ALTER TABLE ADD COLUMN: outside a transaction the stored rows widen in place; inside one the
/// table is copied so ROLLBACK gets the old one back. Either way every row reads the default,
/// and the indexes still find the rows.
final class AddColumnTests: XCTestCase {
    private func makeTable(_ db: Database) throws {
        try db.execute("CREATE TABLE t(a INTEGER UNIQUE, b INTEGER, c TEXT); CREATE INDEX t_c ON t(c DESC)")
        try db.execute("""
            WITH RECURSIVE n(x) AS (VALUES(1) UNION ALL SELECT x + 1 FROM n WHERE x < 300)
            INSERT INTO t SELECT x, x * 7 % 307, 'row ' || x FROM n
            """)
    }

    func testOutsideATransactionEveryRowReadsTheDefaultAndIndexesStillFindRows() throws {
        let db = Database()
        try makeTable(db)
        try db.execute("ALTER TABLE t ADD COLUMN d INT DEFAULT 123")
        XCTAssertEqual(try db.execute("SELECT count(*), sum(d), min(d), max(d) FROM t").rows,
                       [[.integer(300), .integer(36_900), .integer(123), .integer(123)]])
        XCTAssertEqual(try db.execute("SELECT rowid, a, b, c, d FROM t WHERE a = 10").rows,
                       [[.integer(10), .integer(10), .integer(70), .text("row 10"), .integer(123)]])
        XCTAssertEqual(try db.execute("SELECT a, d FROM t WHERE c = 'row 299'").rows, [[.integer(299), .integer(123)]])
        // Writes after it see the wider rows: the new column is assigned, a new row gets its own value.
        try db.execute("UPDATE t SET d = b * 2 WHERE a BETWEEN 5 AND 6; INSERT INTO t(a, b, c) VALUES (1000, 1, 'new')")
        XCTAssertEqual(try db.execute("SELECT a, d FROM t WHERE a IN (4, 5, 6, 1000) ORDER BY a").rows,
                       [[.integer(4), .integer(123)], [.integer(5), .integer(70)], [.integer(6), .integer(84)],
                        [.integer(1000), .integer(123)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE c > 'row 5'").rows,
                       try db.execute("SELECT count(*) FROM t NOT INDEXED WHERE c > 'row 5'").rows)
        XCTAssertThrowsError(try db.execute("INSERT INTO t(a) VALUES (10)"))  // the UNIQUE index still holds every key
    }

    func testInATransactionRollbackGivesTheOldTableBack() throws {
        let db = Database()
        try makeTable(db)
        let before = try db.execute("SELECT * FROM t ORDER BY a").rows
        try db.execute("BEGIN; ALTER TABLE t ADD COLUMN d DEFAULT 'x'; UPDATE t SET d = a WHERE a < 10")
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t WHERE d = 'x'").rows, [[.integer(291)]])
        try db.execute("ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT * FROM t ORDER BY a").rows, before)
        XCTAssertThrowsError(try db.execute("SELECT d FROM t"))
        XCTAssertEqual(try db.execute("SELECT a FROM t WHERE c = 'row 7'").rows, [[.integer(7)]])
    }

    /// A partial index whose WHERE reads the rowid, and an index on an expression: the rowid's
    /// slot moves when a column is added, and lookups through them must still find the rows.
    func testPartialAndExpressionIndexesStillFindRows() throws {
        let db = Database()
        try makeTable(db)
        try db.execute("CREATE INDEX t_p ON t(b) WHERE rowid > 100; CREATE INDEX t_e ON t(a * 2)")
        try db.execute("ALTER TABLE t ADD COLUMN d DEFAULT 5")
        XCTAssertEqual(try db.execute("SELECT a, d FROM t WHERE b = 172 AND rowid > 100").rows,
                       [[.integer(200), .integer(5)]])
        XCTAssertEqual(try db.execute("SELECT a, d FROM t WHERE a * 2 = 40").rows, [[.integer(20), .integer(5)]])
        try db.execute("INSERT INTO t(a, b, c) VALUES (400, 0, 'z')")
        XCTAssertEqual(try db.execute("SELECT c FROM t WHERE b = 0 AND rowid > 100").rows, [[.text("z")]])
        XCTAssertEqual(try db.execute("SELECT c FROM t WHERE a * 2 = 800").rows, [[.text("z")]])
    }
}
