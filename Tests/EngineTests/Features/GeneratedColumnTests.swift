// Generated columns where the SLT format cannot look: PRAGMA table_info / table_xinfo, SQLite's
// error texts, and the dump (written by VibeSQL, reloaded by VibeSQL and by the sqlite3 shell).
import Foundation
import XCTest
@testable import Engine

final class GeneratedColumnTests: XCTestCase {
    private let schema = """
        CREATE TABLE g(a INT, b VARCHAR(10), c INT GENERATED ALWAYS AS (a * 2) STORED,
                       d GENERATED ALWAYS AS (c + 1), e TEXT AS (b || '!') VIRTUAL NOT NULL, f REAL DEFAULT 1.5);
        """

    /// Expected rows are sqlite3 3.40's output for the same SQL.
    func testTableInfoHidesGeneratedColumnsAndTableXinfoShowsTheirKind() throws {
        let db = Database()
        try db.execute(schema)
        assertRows(db, "PRAGMA table_info(g)", "0|a|INT|0||0\n1|b|VARCHAR(10)|0||0\n2|f|REAL|0|1.5|0")
        assertRows(db, "PRAGMA table_xinfo(g)", """
            0|a|INT|0||0|0
            1|b|VARCHAR(10)|0||0|0
            2|c|INT|0||0|3
            3|d||0||0|2
            4|e|TEXT|1||0|2
            5|f|REAL|0|1.5|0|0
            """)
        assertRows(db, "SELECT name, hidden FROM pragma_table_xinfo('g') WHERE hidden > 0", "c|3\nd|2\ne|2")
        assertRows(db, "SELECT count(*) FROM pragma_table_info('g')", "3")
    }

    func testValuesAreComputedWithTheColumnsAffinityAndKeptThroughUpdate() throws {
        let db = Database()
        try db.execute(schema)
        try db.execute("INSERT INTO g VALUES (2, 'x', 0.5); INSERT INTO g(b, a) VALUES ('y', '7')")
        assertRows(db, "SELECT * FROM g ORDER BY a", "2|x|4|5|x!|0.5\n7|y|14|15|y!|1.5")
        assertRows(db, "SELECT typeof(a), typeof(c), typeof(d), typeof(e) FROM g WHERE a = 7", "integer|integer|integer|text")
        try db.execute("UPDATE g SET a = a + 1, b = 'z' WHERE a = 2")
        assertRows(db, "SELECT a, c, d, e FROM g ORDER BY a", "3|6|7|z!\n7|14|15|y!")
    }

    /// Each refusal with sqlite3 3.40's message.
    func testSQLitesErrors() throws {
        let db = Database()
        try db.execute(schema)
        let refusals: [(String, String)] = [
            ("INSERT INTO g(a, c) VALUES (1, 2)", "cannot INSERT into generated column \"c\""),
            ("INSERT INTO g VALUES (1, 2, 3, 4)", "table g has 3 columns but 4 values were supplied"),
            ("UPDATE g SET d = 1", "cannot UPDATE generated column \"d\""),
            ("INSERT INTO k VALUES (1) ON CONFLICT (id) DO UPDATE SET v = 2", "cannot UPDATE generated column \"v\""),
            ("INSERT INTO g VALUES (1, NULL, 2)", "NOT NULL constraint failed: g.e"),
            ("CREATE TABLE x(a, b AS (a) PRIMARY KEY)", "generated columns cannot be part of the PRIMARY KEY"),
            ("CREATE TABLE x(a, b AS (a), PRIMARY KEY (a, b))", "generated columns cannot be part of the PRIMARY KEY"),
            ("CREATE TABLE x(a, b AS (a) DEFAULT 3)", "cannot use DEFAULT on a generated column"),
            ("CREATE TABLE x(a, b DEFAULT 3 AS (a))", "error in generated column \"b\""),
            ("CREATE TABLE x(a, b AS (a) SOMETIMES)", "error in generated column \"b\""),
            ("CREATE TABLE x(a, b AS (count(*)))", "misuse of aggregate function count()"),
            ("CREATE TABLE x(a, b AS (row_number() OVER ()))", "misuse of window function row_number()"),
            ("CREATE TABLE x(a, b AS ((SELECT 1)))", "subqueries prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (EXISTS (SELECT 1)))", "subqueries prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (random()))", "non-deterministic functions prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (last_insert_rowid()))", "non-deterministic functions prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (?))", "parameters prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (x.a))", "the \".\" operator prohibited in generated columns"),
            ("CREATE TABLE x(a, b AS (y.a))", "no such column: y.a"),
            ("CREATE TABLE x(a, b AS (zz))", "no such column: zz"),
            ("CREATE TABLE x(a, b AS (rowid))", "no such column: rowid"),
            ("CREATE TABLE x(a AS (1))", "must have at least one non-generated column"),
            ("ALTER TABLE g ADD COLUMN h AS (a) STORED", "cannot add a STORED column"),
            ("ALTER TABLE g ADD COLUMN h AS (zz)", "error in table g after add column: no such column: zz"),
            ("ALTER TABLE g DROP COLUMN a", "error in table g after drop column: no such column: a"),
            ("ALTER TABLE g DROP COLUMN c", "error in table g after drop column: no such column: c"),
        ]
        try db.execute("INSERT INTO g VALUES (1, 'x', 0); CREATE TABLE k(id PRIMARY KEY, v AS (id))")
        for (sql, message) in refusals {
            XCTAssertThrowsError(try db.execute(sql), sql) { error in
                XCTAssertEqual((error as? SQLError)?.message, message, sql)
            }
        }
        // Loops are refused when the table is written, naming the column SQLite names.
        try db.execute("CREATE TABLE l1(a, b AS (b + 1)); CREATE TABLE l2(a, b AS (c), c AS (b))")
        assertFails(db, "INSERT INTO l1 VALUES (1)", .misuse, "generated column loop on \"b\"")
        assertFails(db, "INSERT INTO l2 VALUES (1)", .misuse, "generated column loop on \"c\"")
        // A date function may not read the clock, which is known only when it runs.
        try db.execute("CREATE TABLE dt(a, b AS (strftime('%Y', a)))")
        assertFails(db, "INSERT INTO dt VALUES ('now')", .runtime, "non-deterministic use of strftime() in a generated column")
        try db.execute("INSERT INTO dt VALUES ('2021-03-04')")
        assertRows(db, "SELECT b FROM dt", "2021")
        assertRows(db, "SELECT count(*) FROM g", "1")
    }

    func testRenameColumnRewritesTheExpressionsThatReadIt() throws {
        let db = Database()
        try db.execute(schema)
        try db.execute("INSERT INTO g(a, b) VALUES (5, 'q'); ALTER TABLE g RENAME COLUMN a TO n; UPDATE g SET n = n + 1")
        assertRows(db, "SELECT n, c, d FROM g", "6|12|13")
        XCTAssertTrue(db.schemaSQL(for: "g").contains("GENERATED ALWAYS AS (n * 2) STORED"), db.schemaSQL(for: "g"))
    }

    /// The dump keeps each generated column's definition and writes only the other columns'
    /// values; it reloads here byte for byte, and in the sqlite3 shell to the same rows.
    func testDumpWritesOnlyTheColumnsThatAreNotGeneratedAndReloadsInBothEngines() throws {
        let db = Database()
        try db.execute(schema)
        try db.execute("""
            CREATE INDEX g_d ON g(d);
            INSERT INTO g VALUES (1, 'one', 2.5), (NULL, 'two', NULL);
            INSERT INTO g(rowid, a, b) VALUES (10, 3, 'it''s');
            CREATE TABLE plain(x, y);
            INSERT INTO plain VALUES (1, 2);
            """)
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("c INT GENERATED ALWAYS AS (a * 2) STORED"), dump)
        XCTAssertTrue(dump.contains("d GENERATED ALWAYS AS (c + 1) VIRTUAL"), dump)
        XCTAssertTrue(dump.contains("INSERT INTO g (rowid,a,b,f) VALUES(10,3,'it''s',1.5);"), dump)
        XCTAssertTrue(dump.contains("INSERT INTO plain VALUES(1,2);"), dump)
        let query = "SELECT rowid, * FROM g ORDER BY rowid"
        let expected = try listOutput(db, query)
        XCTAssertEqual(try listOutput(loaded, query), expected)
        assertRows(loaded, "SELECT a FROM g INDEXED BY g_d WHERE d = 7", "3")

        guard let sqlite3 = sqlite3Shell() else { throw XCTSkip("the sqlite3 shell is not installed: the reload in SQLite was skipped") }
        let answer = try run(sqlite3, input: dump + query + ";\n")
        XCTAssertEqual(answer, expected)
        // And the other way: sqlite3's own .dump (VALUES without the generated columns, and
        // without the rowids, which it keeps only with --preserve-rowids) loads here.
        let theirs = try run(sqlite3, input: dump + ".dump\n")
        XCTAssertTrue(theirs.contains("INSERT INTO g VALUES(3,'it''s',1.5);"), theirs)
        let fromSQLite = try Database.load(dump: theirs)
        let columns = "SELECT * FROM g ORDER BY rowid"
        XCTAssertEqual(try listOutput(fromSQLite, columns), try listOutput(db, columns))
    }

    private func sqlite3Shell() -> URL? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent("sqlite3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the sqlite3 shell on an in-memory database with `input` as its standard input.
    private func run(_ shell: URL, input: String) throws -> String {
        let process = Process()
        process.executableURL = shell
        process.arguments = ["-bail", ":memory:"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: errors, as: UTF8.self))
        return String(decoding: output, as: UTF8.self)
    }
}
