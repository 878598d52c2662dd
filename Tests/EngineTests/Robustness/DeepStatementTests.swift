// Statements whose depth the SQL decides: SQLite's answer or SQLite's error, never a crash.
// Every case is generated here and was checked against sqlite3 3.40.
import XCTest
@testable import Engine

final class DeepStatementTests: XCTestCase {
    /// Runs `sql` as the shell and the runner's workers do: on a thread with a large stack.
    private func outcome(setup: String = "", _ sql: String) throws -> Result<[String], SQLError> {
        try runWithLargeStack {
            let db = Database()
            db.timeLimit = .seconds(120)
            if !setup.isEmpty { try db.execute(setup) }
            do {
                return .success(try db.execute(sql).rows.map { $0.map(cliText).joined(separator: "|") })
            } catch let error as SQLError {
                return .failure(error)
            }
        }
    }

    private func assertRows(setup: String = "", _ sql: String, _ expected: [String],
                            file: StaticString = #filePath, line: UInt = #line) throws {
        switch try outcome(setup: setup, sql) {
        case .success(let rows): XCTAssertEqual(rows, expected, file: file, line: line)
        case .failure(let error): XCTFail("\(error.message)", file: file, line: line)
        }
    }

    private func assertError(setup: String = "", _ sql: String, _ message: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        switch try outcome(setup: setup, sql) {
        case .success(let rows): XCTFail("expected \(message), got \(rows.prefix(3))", file: file, line: line)
        case .failure(let error): XCTAssertEqual(error.message, message, file: file, line: line)
        }
    }

    func testExpressionHeightIsAtMost1000() throws {
        try assertRows("SELECT 1" + String(repeating: "+1", count: 999), ["1000"])
        try assertError("SELECT 1" + String(repeating: "+1", count: 1000), "Expression tree is too large (maximum depth 1000)")
        try assertError("SELECT 1" + String(repeating: " AND 1", count: 5000), "Expression tree is too large (maximum depth 1000)")
    }

    func testNestingAsDeepAsSQLitesParserStack() throws {
        let parens = { (n: Int) in "SELECT " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) }
        try assertRows(parens(93), ["1"])
        try assertError(parens(94), "parser stack overflow")
        try assertError(parens(100_000), "parser stack overflow")
        let subqueries = { (n: Int) in "SELECT " + String(repeating: "(SELECT ", count: n) + "1" + String(repeating: ")", count: n) }
        try assertRows(subqueries(18), ["1"])
        try assertError(subqueries(19), "parser stack overflow")
        try assertError("SELECT " + String(repeating: "abs(", count: 5000) + "1" + String(repeating: ")", count: 5000),
                        "parser stack overflow")
        try assertError("SELECT " + String(repeating: "- ", count: 5000) + "1", "Expression tree is too large (maximum depth 1000)")
    }

    func testChainedViewsAndCTEsGiveTheAnswer() throws {
        var views = ["CREATE TABLE base(x); INSERT INTO base VALUES (1), (2)", "CREATE VIEW v0 AS SELECT x FROM base"]
        for i in 1..<2400 { views.append("CREATE VIEW v\(i) AS SELECT x FROM v\(i - 1)") }
        try assertRows(setup: views.joined(separator: ";\n"), "SELECT sum(x) FROM v2399", ["3"])
        let ctes = "WITH c0(x) AS (SELECT 1)" + (1..<9800).map { ", c\($0)(x) AS (SELECT x + 1 FROM c\($0 - 1))" }.joined()
        try assertRows(ctes + " SELECT x FROM c9799", ["9800"])
    }

    func testAForeignKeyCascadeStopsAtSQLitesTriggerDepth() throws {
        let chain = { (n: Int) in """
            CREATE TABLE node(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id) ON DELETE CASCADE);
            INSERT INTO node VALUES (1, NULL);
            WITH RECURSIVE c(x) AS (SELECT 2 UNION ALL SELECT x + 1 FROM c WHERE x < \(n)) INSERT INTO node SELECT x, x - 1 FROM c;
            """ }
        // sqlite3: 1000 rows cascade (999 levels); 1001 rows fail and the delete is undone.
        try assertRows(setup: chain(1000), "DELETE FROM node WHERE id = 1; SELECT count(*) FROM node", ["0"])
        try assertError(setup: chain(1001), "DELETE FROM node WHERE id = 1", "too many levels of trigger recursion")
        try assertError(setup: chain(3000), "DELETE FROM node WHERE id = 1", "too many levels of trigger recursion")
    }

    func testAQuotedWordInADeclaredTypeKeepsItsQuotes() throws {
        // Found by benchmarks/fuzz-engine: the dump wrote `odd "(" y` unquoted and could not
        // load it back. sqlite3 keeps the type as written: odd "(" y "a b".
        let db = Database()
        try db.execute(#"CREATE TABLE t(x odd "(" y "a b"); INSERT INTO t VALUES (1)"#)
        let copy = try Database.load(dump: db.dump())
        XCTAssertEqual(try copy.execute("SELECT x FROM t").rows, [[.integer(1)]])
        XCTAssertTrue(db.dump().contains(#"x odd "(" y "a b""#), db.dump())
    }

    func testALargeStackThreadReturnsAndThrows() throws {
        XCTAssertEqual(try runWithLargeStack { 42 }, 42)
        XCTAssertThrowsError(try runWithLargeStack { () throws -> Int in throw SQLError(.runtime, "boom") }) { error in
            XCTAssertEqual((error as? SQLError)?.message, "boom")
        }
    }
}
