// Declared types decide a column's affinity, as in SQLite: VARCHAR(n) is TEXT and never
// truncates, TIMESTAMP and BOOLEAN are NUMERIC, INTEGER PRIMARY KEY is the rowid.
import XCTest
@testable import Engine

final class TypeAffinityTests: XCTestCase {
    func testVarcharTimestampBoolean() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE ty (v VARCHAR(3), ts TIMESTAMP, b BOOLEAN);
            INSERT INTO ty VALUES ('abcdef', '2024-01-01 10:00:00', TRUE), (12, '123', 'true'), (1.5, 1.0, '1'),
              (NULL, '2024-01-01', 0.0);
            """)
        assertRows(db, "SELECT v, typeof(v), length(v), ts, typeof(ts), b, typeof(b) FROM ty", """
            abcdef|text|6|2024-01-01 10:00:00|text|1|integer
            12|text|2|123|integer|true|text
            1.5|text|3|1|integer|1|integer
            |null||2024-01-01|text|0|integer
            """)
    }

    func testIntegerPrimaryKeyIsTheRowid() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE pk (id INTEGER PRIMARY KEY, x TEXT);
            INSERT INTO pk (x) VALUES ('a'); INSERT INTO pk VALUES (10, 'b'); INSERT INTO pk VALUES (NULL, 'c');
            """)
        assertRows(db, "SELECT rowid, id, x FROM pk ORDER BY id", "1|1|a\n10|10|b\n11|11|c")
        assertRows(db, "SELECT id FROM pk WHERE rowid = 11", "11")
        assertFails(db, "INSERT INTO pk VALUES ('x', 'd')", .mismatch, "datatype mismatch")
        assertFails(db, "INSERT INTO pk VALUES (10, 'd')", .constraint, "UNIQUE constraint failed: pk.id")
        XCTAssertEqual(db.lastInsertRowid, 11)
    }

    func testParameters() throws {
        let db = Database()
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        try db.execute("INSERT INTO t VALUES (?, ?), (?, ?)", parameters: [.integer(1), .text("x"), .text("2"), .null])
        assertRows(db, "SELECT a, typeof(a), b FROM t WHERE a >= ? ORDER BY a", "1|integer|x\n2|integer|", parameters: [.integer(1)])
        assertRows(db, "SELECT ?2 || ?1", "ba", parameters: [.text("a"), .text("b")])
        assertRows(db, "SELECT count(*) FROM t WHERE b IS ?", "1", parameters: [.null])
    }
}
