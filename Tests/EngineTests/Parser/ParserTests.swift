import XCTest
@testable import Engine

final class SQLParserTests: XCTestCase {
    func testStatementsParse() throws {
        let statements = [
            "SELECT 1",
            "SELECT DISTINCT a, b AS c, t.* FROM t1 AS t, t2 LEFT JOIN t3 ON t2.x = t3.x WHERE a > 1 GROUP BY a HAVING count(*) > 1 ORDER BY 1 DESC LIMIT 5 OFFSET 2",
            "SELECT a FROM t1 UNION ALL SELECT b FROM t2 EXCEPT SELECT 3 ORDER BY 1",
            "SELECT CASE WHEN a THEN 1 ELSE 2 END, CAST(b AS INTEGER), x IN (1,2), y NOT IN (SELECT 1), EXISTS (SELECT 1) FROM t",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5) SELECT x FROM c",
            "SELECT row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
            "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(20) NOT NULL DEFAULT 'x' UNIQUE, ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP, CHECK (id > 0), FOREIGN KEY (name) REFERENCES p(n) ON DELETE CASCADE)",
            "CREATE UNIQUE INDEX IF NOT EXISTS i ON t(a DESC, b)",
            "CREATE VIEW v(a) AS SELECT 1",
            "CREATE TRIGGER tr AFTER UPDATE OF a ON t FOR EACH ROW WHEN new.a > 0 BEGIN INSERT INTO log VALUES(new.a); DELETE FROM x; END",
            "INSERT OR REPLACE INTO t(a, b) VALUES (1, 2), (3, ?)",
            "INSERT INTO t SELECT * FROM u ON CONFLICT(a) DO UPDATE SET b = excluded.b",
            "REPLACE INTO t VALUES(1)",
            "UPDATE OR IGNORE t SET a = a + 1, b = NULL WHERE c IS NOT NULL",
            "DELETE FROM t WHERE a BETWEEN 1 AND 2",
            "DROP TABLE IF EXISTS t", "DROP INDEX i", "DROP VIEW v", "DROP TRIGGER tr",
            "BEGIN TRANSACTION", "COMMIT", "ROLLBACK", "REINDEX", "REINDEX t",
            "CREATE SCHEMA s", "CREATE ROLE r", "GRANT SELECT, INSERT ON TABLE t TO r", "REVOKE ALL PRIVILEGES ON t FROM r",
        ]
        for sql in statements {
            XCTAssertNoThrow(try Parser.parseAll(sql), sql)
            XCTAssertEqual(try Parser.parseAll(sql).count, 1, sql)
        }
    }

    func testSeveralStatementsAndEmptyOnes() throws {
        XCTAssertEqual(try Parser.parseAll("SELECT 1; ; SELECT 2;").count, 2)
        XCTAssertEqual(try Parser.parseAll("CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END;").count, 1)
    }

    func testPrecedence() throws {
        // 1 + 2 * 3 = 7; || binds tighter than *; comparison binds tighter than equality; NOT binds looser than =.
        XCTAssertEqual(answer("SELECT 1 + 2 * 3, 2 || 3 * 2, NOT 1 = 2, 1 < 2 = 1, -2 * -3"), ["7|46|1|1|6"])
    }

    func testSyntaxErrorsNameTheTokenAndPosition() {
        let cases: [(String, String, Int)] = [
            ("SELECT FROM t", "near \"FROM\": syntax error", 7),
            ("SELECT 1 +", "syntax error: incomplete input", 10),
            ("SELEKT 1", "near \"SELEKT\": syntax error", 0),
            ("SELECT (1", "syntax error: incomplete input (expected \")\")", 9),
            ("CREATE TABLE t(a,)", "near \")\": syntax error (expected a column name)", 17),
        ]
        for (sql, message, position) in cases {
            XCTAssertThrowsError(try Parser.parseAll(sql), sql) { error in
                let e = error as? SQLError
                XCTAssertEqual(e?.kind, .syntax, sql)
                XCTAssertEqual(e?.message, message, sql)
                XCTAssertEqual(e?.position, position, sql)
            }
        }
    }

    func testRenderedErrorPointsAtTheColumn() {
        let e = failure("SELECT a,\n  FROM t")
        XCTAssertEqual(e?.rendered, "near \"FROM\": syntax error (line 2, column 3)\n    FROM t\n    ^")
    }

    /// Malformed text of every shape must come back as an error, never a crash.
    func testGarbageNeverCrashes() {
        let pieces = ["SELECT", "(", ")", "'", "x'", "1e", "?", ",", "FROM", "t", "WHERE", "CASE", "END", "IN", "NOT",
                      "*", "||", "BETWEEN", "AND", "--", "/*", ";", "CREATE", "TABLE", "\"", "[", "9223372036854775808", "-"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 1...12, using: &generator)
            let sql = (0..<n).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            let db = Database()
            _ = try? db.execute("CREATE TABLE t(a)")
            _ = try? db.execute(sql)
        }
    }
}
