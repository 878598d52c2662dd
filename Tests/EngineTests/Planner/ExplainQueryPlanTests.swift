import XCTest
@testable import Engine

/// EXPLAIN QUERY PLAN: each access path the planner takes, in SQLite 3.40's words and tree
/// shape. The expected trees are what sqlite3 3.40 prints for the same schema wherever our
/// plan is the same as SQLite's; the others say what our planner does (noted per case).
final class ExplainQueryPlanTests: XCTestCase {
    private func database() throws -> Database {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a, b, c); CREATE INDEX ta ON t(a);
            CREATE TABLE u(x INTEGER PRIMARY KEY, y, z); CREATE INDEX uy ON u(y);
            CREATE TABLE w(p, q);
            """)
        return db
    }

    /// The plan as the sqlite3 shell draws it, without its `QUERY PLAN` title.
    private func tree(_ db: Database, _ sql: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try db.execute("EXPLAIN QUERY PLAN " + sql)
        XCTAssertEqual(result.columns, ["id", "parent", "notused", "detail"], file: file, line: line)
        let plan = try XCTUnwrap(result.queryPlan, file: file, line: line)
        XCTAssertEqual(QueryPlan(rows: result.rows), plan, "the rows read back as the plan", file: file, line: line)
        return String(plan.renderedAsTree().dropFirst("QUERY PLAN\n".count))
    }

    func testSingleTableAccessPaths() throws {
        let db = try database()
        let cases: [(String, String)] = [
            ("SELECT * FROM t", "`--SCAN t\n"),
            ("SELECT a FROM t", "`--SCAN t USING COVERING INDEX ta\n"),
            ("SELECT * FROM t WHERE a = 1", "`--SEARCH t USING INDEX ta (a=?)\n"),
            ("SELECT * FROM t WHERE 1 = a", "`--SEARCH t USING INDEX ta (a=?)\n"),
            ("SELECT * FROM t WHERE a IN (1, 2, 3)", "`--SEARCH t USING INDEX ta (a=?)\n"),
            ("SELECT * FROM t WHERE a IS NULL", "`--SEARCH t USING INDEX ta (a=?)\n"),
            ("SELECT a FROM t WHERE a > 1", "`--SEARCH t USING COVERING INDEX ta (a>?)\n"),
            ("SELECT * FROM t WHERE a > 1 AND a < 5", "`--SEARCH t USING INDEX ta (a>? AND a<?)\n"),
            ("SELECT * FROM t WHERE a BETWEEN 1 AND 2", "`--SEARCH t USING INDEX ta (a>? AND a<?)\n"),
            ("SELECT * FROM t WHERE a = 1 AND b = 2 AND a > 0", "`--SEARCH t USING INDEX ta (a=?)\n"),
            ("SELECT * FROM t x WHERE x.a = 1", "`--SEARCH x USING INDEX ta (a=?)\n"),
            ("SELECT * FROM t WHERE b = 2", "`--SCAN t\n"),
            ("SELECT * FROM t NOT INDEXED WHERE a = 1", "`--SCAN t\n"),
            ("SELECT * FROM t INDEXED BY ta", "`--SCAN t USING INDEX ta\n"),
            ("SELECT * FROM u WHERE x = 1", "`--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)\n"),
            ("SELECT * FROM t WHERE rowid = 5", "`--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n"),
            ("SELECT * FROM u WHERE x > 1 AND x < 5", "`--SEARCH u USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n"),
            ("SELECT * FROM u WHERE x > 1", "`--SEARCH u USING INTEGER PRIMARY KEY (rowid>?)\n"),
            ("SELECT * FROM t ORDER BY a", "`--SCAN t USING INDEX ta\n"),
            ("SELECT * FROM t ORDER BY a DESC", "`--SCAN t USING INDEX ta\n"),
            ("SELECT * FROM t ORDER BY rowid", "`--SCAN t\n"),
            ("SELECT * FROM t ORDER BY b", "|--SCAN t\n`--USE TEMP B-TREE FOR ORDER BY\n"),
            ("SELECT * FROM t WHERE a = 1 ORDER BY b", "|--SEARCH t USING INDEX ta (a=?)\n`--USE TEMP B-TREE FOR ORDER BY\n"),
            ("SELECT b, count(*) FROM t GROUP BY b", "|--SCAN t\n`--USE TEMP B-TREE FOR GROUP BY\n"),
            ("SELECT DISTINCT b FROM t", "|--SCAN t\n`--USE TEMP B-TREE FOR DISTINCT\n"),
            ("SELECT 1", "`--SCAN CONSTANT ROW\n"),
            ("VALUES (1), (2)", "`--SCAN 2 CONSTANT ROWS\n"),
            ("SELECT * FROM sqlite_master", "`--SCAN sqlite_master\n"),
        ]
        for (sql, expected) in cases {
            XCTAssertEqual(try tree(db, sql), expected, sql)
        }
    }

    /// Our choices where SQLite's differ: the text says what this engine does.
    func testOwnChoicesAreShownTruthfully() throws {
        let db = try database()
        // count(*) reads the table (SQLite reads the narrowest index).
        XCTAssertEqual(try tree(db, "SELECT count(*) FROM t"), "`--SCAN t\n")
        // Grouping hashes and sorts even when an index has the order.
        XCTAssertEqual(try tree(db, "SELECT a, count(*) FROM t GROUP BY a"),
                       "|--SCAN t USING COVERING INDEX ta\n`--USE TEMP B-TREE FOR GROUP BY\n")
        // A CTE, view or FROM subquery is computed and kept, not flattened into the query.
        XCTAssertEqual(try tree(db, "WITH c AS (SELECT a FROM t) SELECT * FROM c"),
                       "|--MATERIALIZE c\n|  `--SCAN t USING COVERING INDEX ta\n`--SCAN c\n")
        try db.execute("CREATE VIEW v AS SELECT a, b FROM t WHERE b > 0")
        XCTAssertEqual(try tree(db, "SELECT * FROM v"), "|--MATERIALIZE v\n|  `--SCAN t\n`--SCAN v\n")
        // IN (SELECT ...) builds the subquery's rows into a set; it does not search an index.
        XCTAssertEqual(try tree(db, "SELECT * FROM t WHERE b IN (SELECT y FROM u)"),
                       "|--SCAN t\n`--LIST SUBQUERY 1\n   `--SCAN u USING COVERING INDEX uy\n")
    }

    func testSubqueriesAndTheirNesting() throws {
        let db = try database()
        XCTAssertEqual(try tree(db, "SELECT (SELECT max(y) FROM u) FROM t"),
                       "|--SCAN t\n`--SCALAR SUBQUERY 1\n   `--SCAN u USING COVERING INDEX uy\n")
        XCTAssertEqual(try tree(db, "SELECT (SELECT max(y) FROM u WHERE u.x = t.b) FROM t ORDER BY b"), """
            |--SCAN t
            |--CORRELATED SCALAR SUBQUERY 1
            |  `--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)
            `--USE TEMP B-TREE FOR ORDER BY

            """)
        XCTAssertEqual(try tree(db, "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM w WHERE w.p = t.a)"),
                       "|--SCAN t\n`--CORRELATED SCALAR SUBQUERY 1\n   `--SCAN w\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t WHERE a IN (SELECT y FROM u)"),
                       "|--SCAN t\n`--LIST SUBQUERY 1\n   `--SCAN u USING COVERING INDEX uy\n")
        // A WHERE term is compiled for the join and again for its source: one line each.
        XCTAssertEqual(try tree(db, "SELECT * FROM t WHERE b IN (SELECT z FROM u) AND EXISTS (SELECT 1 FROM u WHERE z = t.c)"), """
            |--SCAN t
            |--LIST SUBQUERY 1
            |  `--SCAN u
            `--CORRELATED SCALAR SUBQUERY 2
               `--SCAN u

            """)
        // A nested subquery finishes first and takes the lower number, as in SQLite.
        XCTAssertEqual(try tree(db, "SELECT (SELECT (SELECT 1) + y FROM u) FROM w"), """
            |--SCAN w
            `--SCALAR SUBQUERY 2
               |--SCAN u USING COVERING INDEX uy
               `--SCALAR SUBQUERY 1
                  `--SCAN CONSTANT ROW

            """)
    }

    func testCompoundsAndCTEs() throws {
        let db = try database()
        XCTAssertEqual(try tree(db, "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"), """
            `--COMPOUND QUERY
               |--LEFT-MOST SUBQUERY
               |  `--SCAN CONSTANT ROW
               |--UNION ALL
               |  `--SCAN CONSTANT ROW
               `--UNION ALL
                  `--SCAN CONSTANT ROW

            """)
        XCTAssertEqual(try tree(db, "SELECT a FROM t UNION SELECT y FROM u EXCEPT SELECT 3"), """
            `--COMPOUND QUERY
               |--LEFT-MOST SUBQUERY
               |  `--SCAN t USING COVERING INDEX ta
               |--UNION USING TEMP B-TREE
               |  `--SCAN u USING COVERING INDEX uy
               `--EXCEPT USING TEMP B-TREE
                  `--SCAN CONSTANT ROW

            """)
        XCTAssertEqual(try tree(db, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"), """
            |--CO-ROUTINE r
            |  |--SETUP
            |  |  `--SCAN CONSTANT ROW
            |  `--RECURSIVE STEP
            |     `--SCAN r
            `--SCAN r

            """)
        // Each reference to a CTE keeps its own rows.
        XCTAssertEqual(try tree(db, "WITH c AS (SELECT a FROM t) SELECT * FROM c, c AS d"), """
            |--MATERIALIZE c
            |  `--SCAN t USING COVERING INDEX ta
            |--MATERIALIZE d
            |  `--SCAN t USING COVERING INDEX ta
            |--SCAN c
            `--SCAN d

            """)
        // An unused CTE has no line, as in SQLite.
        XCTAssertEqual(try tree(db, "WITH c AS (SELECT a FROM t) SELECT 1"), "`--SCAN CONSTANT ROW\n")
    }

    /// Joins: an index lookup into the inner table when the outer side is small next to it,
    /// a hash table on the inner rows otherwise (SQLite's automatic index).
    func testJoins() throws {
        let db = try database()
        try db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO u(y, z) SELECT i % 50, i FROM n")
        try db.execute("INSERT INTO t VALUES (1, 2, 3), (2, 3, 4)")
        try db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO w SELECT i, i FROM n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t, u WHERE t.b = u.y"), "|--SCAN t\n`--SEARCH u USING INDEX uy (y=?)\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM u, t WHERE t.b = u.x"),
                       "|--SCAN t\n`--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t, w WHERE t.b = w.p"),
                       "|--SCAN t\n`--SEARCH w USING AUTOMATIC COVERING INDEX (p=?)\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t, w WHERE t.b = w.p AND w.q > 3"),
                       "|--SCAN t\n`--SEARCH w USING AUTOMATIC PARTIAL COVERING INDEX (p=?)\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t LEFT JOIN w ON t.a = w.p"),
                       "|--SCAN t\n`--SEARCH w USING AUTOMATIC COVERING INDEX (p=?) LEFT-JOIN\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t LEFT JOIN u ON u.y = t.a"),
                       "|--SCAN t\n`--SEARCH u USING INDEX uy (y=?) LEFT-JOIN\n")
        XCTAssertEqual(try tree(db, "SELECT * FROM t, w"), "|--SCAN t\n`--SCAN w\n")
    }

    func testDataChangingStatementsShowHowTheyRead() throws {
        let db = try database()
        XCTAssertEqual(try tree(db, "UPDATE t SET b = 1 WHERE a = 2"), "`--SEARCH t USING INDEX ta (a=?)\n")
        XCTAssertEqual(try tree(db, "UPDATE t SET b = (SELECT 1) WHERE a > 3 AND a < 9"),
                       "|--SEARCH t USING INDEX ta (a>? AND a<?)\n`--SCALAR SUBQUERY 1\n   `--SCAN CONSTANT ROW\n")
        XCTAssertEqual(try tree(db, "DELETE FROM u WHERE x = 3"), "`--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)\n")
        XCTAssertEqual(try tree(db, "DELETE FROM w"), "`--SCAN w\n")
        XCTAssertEqual(try tree(db, "INSERT INTO w SELECT a, b FROM t"), "`--SCAN t\n")
        XCTAssertEqual(try tree(db, "INSERT INTO w VALUES (1, (SELECT max(a) FROM t))"),
                       "`--SCALAR SUBQUERY 1\n   `--SCAN t USING COVERING INDEX ta\n")
        // Nothing ran: the tables are as they were.
        XCTAssertEqual(try db.execute("SELECT count(*) FROM w").rows, [[.integer(0)]])
        // Statements without a plan return no rows.
        XCTAssertEqual(try db.execute("EXPLAIN QUERY PLAN CREATE TABLE z(x)").rows, [])
        XCTAssertNil(try db.execute("SELECT name FROM sqlite_master WHERE name = 'z'").rows.first)
    }

    func testRowsNumberLinesAndPointToTheirParents() throws {
        let db = try database()
        let result = try db.execute("EXPLAIN QUERY PLAN SELECT (SELECT max(y) FROM u WHERE u.x = t.b) FROM t ORDER BY b")
        XCTAssertEqual(result.rows, [
            [.integer(1), .integer(0), .integer(0), .text("SCAN t")],
            [.integer(2), .integer(0), .integer(0), .text("CORRELATED SCALAR SUBQUERY 1")],
            [.integer(3), .integer(2), .integer(0), .text("SEARCH u USING INTEGER PRIMARY KEY (rowid=?)")],
            [.integer(4), .integer(0), .integer(0), .text("USE TEMP B-TREE FOR ORDER BY")],
        ])
        // Prepared, and run again: the same rows.
        let prepared = try XCTUnwrap(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = ?"))
        XCTAssertEqual(try prepared.run(parameters: [.integer(1)]).rows,
                       [[.integer(1), .integer(0), .integer(0), .text("SEARCH t USING INDEX ta (a=?)")]])
        XCTAssertEqual(try db.run("EXPLAIN QUERY PLAN SELECT * FROM t").result.rows.count, 1)
    }

    /// The bytecode listing of plain EXPLAIN is SQLite's own: refused with a clear error.
    func testPlainExplainIsRefused() throws {
        let db = try database()
        XCTAssertThrowsError(try db.execute("EXPLAIN SELECT * FROM t")) { error in
            let e = error as? SQLError
            XCTAssertEqual(e?.kind, .misuse)
            XCTAssertEqual(e?.message, "EXPLAIN is not supported (the bytecode listing is SQLite's own); use EXPLAIN QUERY PLAN")
        }
        // The database is usable afterwards.
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(0)]])
        // Errors of the explained statement are its own.
        XCTAssertThrowsError(try db.execute("EXPLAIN QUERY PLAN SELECT * FROM nope")) { error in
            XCTAssertEqual((error as? SQLError)?.message, "no such table: nope")
        }
    }

    func testTreeDrawing() {
        let plan = QueryPlan(rows: [
            [.integer(1), .integer(0), .integer(0), .text("COMPOUND QUERY")],
            [.integer(2), .integer(1), .integer(0), .text("LEFT-MOST SUBQUERY")],
            [.integer(3), .integer(2), .integer(0), .text("SCAN t")],
            [.integer(4), .integer(1), .integer(0), .text("UNION ALL")],
            [.integer(5), .integer(4), .integer(0), .text("SCAN u")],
            [.integer(6), .integer(0), .integer(0), .text("USE TEMP B-TREE FOR ORDER BY")],
        ])
        XCTAssertEqual(plan?.renderedAsTree(), """
            QUERY PLAN
            |--COMPOUND QUERY
            |  |--LEFT-MOST SUBQUERY
            |  |  `--SCAN t
            |  `--UNION ALL
            |     `--SCAN u
            `--USE TEMP B-TREE FOR ORDER BY

            """)
        XCTAssertNil(QueryPlan(rows: [[.text("x")]]))
    }
}
