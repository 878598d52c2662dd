// Row values: the errors sqlite3 3.40 gives for misused rows, and comparisons in a trigger's WHEN.
import XCTest
@testable import Engine

final class RowValueTests: XCTestCase {
    func testMisusedRowValuesNameTheProblem() {
        let db = Database()
        let cases: [(String, String)] = [
            ("SELECT (1, 2)", "row value misused"),
            ("SELECT (1, 2) = (1, 2, 3)", "row value misused"),
            ("SELECT (1, 2) = (SELECT 1, 2, 3)", "row value misused"),
            ("SELECT 1 IN ((1, 2))", "row value misused"),
            ("SELECT (1, 2) IN ((1, 2), (1, 2, 3))", "IN(...) element has 3 terms - expected 2"),
        ]
        for (sql, message) in cases { assertFails(db, sql, .misuse, message) }
        assertFails(db, "SELECT 1 WHERE (1, 2) IN (SELECT 1)", .mismatch, "sub-select returns 1 columns - expected 2")
        assertFails(db, "SELECT 1 WHERE 1 IN (SELECT 1, 2)", .mismatch, "sub-select returns 2 columns - expected 1")
    }

    func testRowComparisonsInTriggersAndUpdates() throws {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE t(a, b, n DEFAULT 0);
            CREATE TABLE log(x);
            CREATE TRIGGER tr AFTER UPDATE ON t WHEN (new.a, new.b) > (old.a, old.b) BEGIN INSERT INTO log VALUES (new.a); END;
            INSERT INTO t(a, b) VALUES (1, 1), (1, 2), (2, 0);
            UPDATE t SET b = b + 1 WHERE (a, b) <= (1, 2);
            """)
        assertRows(db, "SELECT a, b FROM t ORDER BY a, b", "1|2\n1|3\n2|0")
        assertRows(db, "SELECT count(*) FROM log", "2")
    }
}
