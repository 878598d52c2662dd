// The sqlite3 3.40 shell's error wording (its output for the same input, copied here): the
// phase an error belongs to, the result code, and the context line with its caret.
import XCTest
@testable import Engine

final class ShellErrorTextTests: XCTestCase {
    private func failure(_ db: Database, _ sql: String) -> SQLError? {
        do { try db.executeEach(sql) { _ in } } catch let error as SQLError { return error } catch {}
        return nil
    }

    func testPrepareAndStepErrorsAreWordedAsSQLitesShell() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES (1)")
        let cases: [(String, String)] = [
            ("SELECT nope FROM t", "Parse error near line 3: no such column: nope\n  SELECT nope FROM t\n         ^--- error here"),
            ("SELECT * FROM missing", "Parse error near line 3: no such table: missing"),
            ("INSERT INTO t VALUES (1, 2)", "Parse error near line 3: table t has 1 columns but 2 values were supplied"),
            ("INSERT INTO t VALUES (1)", "Runtime error near line 3: UNIQUE constraint failed: t.a (19)"),
            ("COMMIT", "Runtime error near line 3: cannot commit - no transaction is active"),
            ("SELECT 1 LIMIT 'x'", "Runtime error near line 3: datatype mismatch (20)"),
            ("SELECT abs(-9223372036854775808)", "Runtime error near line 3: integer overflow"),
        ]
        for (sql, expected) in cases {
            guard let error = failure(db, sql) else { XCTFail("\(sql) did not fail"); continue }
            XCTAssertEqual(ShellErrorText.text(for: error, ran: sql, from: .input(line: 3)), expected, sql)
        }
        let error = try XCTUnwrap(failure(db, "SELECT nope FROM t"))
        XCTAssertEqual(ShellErrorText.text(for: error, ran: "SELECT nope FROM t", from: .argument),
                       "Error: in prepare, no such column: nope\n  SELECT nope FROM t\n         ^--- error here")
        XCTAssertEqual(ShellErrorText.text(for: error, ran: "SELECT nope FROM t", from: .interactive),
                       "Parse error: no such column: nope\n  SELECT nope FROM t\n         ^--- error here")
    }

    func testTheContextStartsAtTheFailingStatementAndShowsSeventyEightBytes() throws {
        let db = Database()
        let sql = "SELECT 1; SELECT 1 AS aaaaaaaaaa, 2 AS bbbbbbbbbb, 3 AS cccccccccc, 4 AS dddddddddd, eeeeeeeeee, "
            + "5 AS ffffffffff, 6 AS gggggggggg, 7 AS hhhhhhhhhh;\n"
        let error = try XCTUnwrap(failure(db, sql))
        XCTAssertEqual(ShellErrorText.text(for: error, ran: sql, from: .input(line: 1)), """
            Parse error near line 1: no such column: eeeeeeeeee
               AS bbbbbbbbbb, 3 AS cccccccccc, 4 AS dddddddddd, eeeeeeeeee, 5 AS ffffffffff,
                                                  error here ---^
            """)
        // The text of a view or trigger the error points into is not shown.
        _ = try db.execute("CREATE TABLE u(x); CREATE VIEW v AS SELECT x FROM u; DROP TABLE u; CREATE TABLE u(y)")
        let inView = try XCTUnwrap(failure(db, "SELECT * FROM v"))
        XCTAssertFalse(ShellErrorText.text(for: inView, ran: "SELECT * FROM v", from: .input(line: 1)).contains("error here"))
    }
}
