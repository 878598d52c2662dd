// Indexes on expressions and partial indexes where the SLT format cannot look: SQLite's error
// texts, PRAGMA index_list / index_info / index_xinfo, sqlite_master's text through renames, and
// the dump reloaded. Expected outputs are sqlite3 3.40's for the same SQL.
import XCTest
@testable import Engine

final class ExpressionIndexTests: XCTestCase {
    private let schema = """
        CREATE TABLE t(a INT, b TEXT, c);
        CREATE INDEX i1 ON t(a+1);
        CREATE INDEX i2 ON t(lower(b)) WHERE a > 0;
        CREATE UNIQUE INDEX i3 ON t(a*2, b);
        """

    func testPragmasShowExpressionColumnsAndPartialIndexes() throws {
        let db = Database()
        try db.execute(schema)
        assertRows(db, "PRAGMA index_info(i1)", "0|-2|")
        assertRows(db, "PRAGMA index_xinfo(i1)", "0|-2||0|BINARY|1\n1|-1||0|BINARY|0")
        assertRows(db, "PRAGMA index_info(i3)", "0|-2|\n1|1|b")
        assertRows(db, "PRAGMA index_xinfo(i3)", "0|-2||0|BINARY|1\n1|1|b|0|BINARY|1\n2|-1||0|BINARY|0")
        assertRows(db, "PRAGMA index_list(t)", "0|i3|1|c|0\n1|i2|0|c|1\n2|i1|0|c|0")
        assertRows(db, "SELECT name, partial FROM pragma_index_list('t') WHERE partial", "i2|1")
    }

    func testSchemaTextIsTheStatementAsSQLiteKeepsIt() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a, b); CREATE INDEX IF NOT EXISTS i ON t(a+1); CREATE  unique INDEX main.j ON t(a+2) WHERE a>0 ;")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name",
                   "CREATE INDEX i ON t(a+1)\nCREATE UNIQUE INDEX j ON t(a+2) WHERE a>0 ")
    }

    /// Each refusal with sqlite3 3.40's message.
    func testSQLitesErrors() throws {
        let db = Database()
        try db.execute(schema)
        try db.execute("INSERT INTO t VALUES (1, 'x', 1)")
        let refusals: [(String, SQLError.Kind, String)] = [
            ("INSERT INTO t VALUES (1, 'x', 2)", .constraint, "UNIQUE constraint failed: index 'i3'"),
            ("CREATE INDEX e ON t(random())", .misuse, "non-deterministic functions prohibited in index expressions"),
            ("CREATE INDEX e ON t(a) WHERE random() > 0", .misuse, "non-deterministic functions prohibited in partial index WHERE clauses"),
            ("CREATE INDEX e ON t((SELECT 1))", .misuse, "subqueries prohibited in index expressions"),
            ("CREATE INDEX e ON t(a) WHERE a IN (SELECT 1)", .misuse, "subqueries prohibited in partial index WHERE clauses"),
            ("CREATE INDEX e ON t(count(*))", .misuse, "misuse of aggregate function count()"),
            ("CREATE INDEX e ON t(a) WHERE count(*) > 1", .misuse, "misuse of aggregate function count()"),
            ("CREATE INDEX e ON t(max(a) OVER ())", .misuse, "misuse of window function max()"),
            ("CREATE INDEX e ON t(?)", .misuse, "parameters prohibited in index expressions"),
            ("CREATE INDEX e ON t(a) WHERE a = ?", .misuse, "parameters prohibited in partial index WHERE clauses"),
            ("CREATE INDEX e ON t(zz + 1)", .unknownColumn, "no such column: zz"),
            ("CREATE INDEX e ON t(a) WHERE zz = 1", .unknownColumn, "no such column: zz"),
            ("CREATE INDEX e ON t(t.a + 1)", .misuse, "the \".\" operator prohibited in index expressions"),
            ("CREATE INDEX e ON t(rowid + 1)", .unknownColumn, "no such column: rowid"),
            ("CREATE INDEX e ON t('abc')", .unknownColumn, "no such column: abc"),
            ("CREATE INDEX e ON t(changes())", .misuse, "non-deterministic functions prohibited in index expressions"),
            ("CREATE INDEX e ON t(sqlite_version())", .misuse, "non-deterministic functions prohibited in index expressions"),
            ("CREATE INDEX e ON t(date('now'))", .runtime, "non-deterministic use of date() in an index"),
            ("CREATE INDEX e ON t(a) WHERE date('now') > '2000'", .runtime, "non-deterministic use of date() in an index"),
            ("ALTER TABLE t DROP COLUMN a", .runtime, "error in index i1 after drop column: no such column: a"),
        ]
        for (sql, kind, message) in refusals { assertFails(db, sql, kind, message) }
        // Accepted as SQLite accepts them: a qualified name and the rowid in a partial WHERE,
        // a constant key, a parenthesized or quoted column.
        try db.execute("CREATE INDEX ok1 ON t(a) WHERE t.a = 1 AND rowid > 1; CREATE INDEX ok2 ON t(1); CREATE INDEX ok3 ON t((b)); CREATE INDEX ok4 ON t('c')")
        assertRows(db, "PRAGMA index_info(ok3)", "0|1|b")
        assertRows(db, "PRAGMA index_info(ok4)", "0|2|c")
        assertRows(db, "PRAGMA index_info(ok2)", "0|-2|")
    }

    /// A UNIQUE partial index on plain columns names them; a failed write stores nothing.
    func testUniquePartialIndexNamesItsColumnsAndAnErrorInAnExpressionFailsTheWrite() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INT, b TEXT); CREATE UNIQUE INDEX u ON t(a) WHERE b > 'm'")
        try db.execute("INSERT INTO t VALUES (1, 'a'), (1, 'b'), (1, 'z')")
        assertFails(db, "INSERT INTO t VALUES (1, 'zz')", .constraint, "UNIQUE constraint failed: t.a")
        assertFails(db, "UPDATE t SET b = 'zzz' WHERE b = 'a'", .constraint, "UNIQUE constraint failed: t.a")
        try db.execute("CREATE TABLE j(v); CREATE INDEX jx ON j(json_extract(v, '$.a')); INSERT INTO j VALUES ('{\"a\":1}')")
        assertFails(db, "INSERT INTO j VALUES ('nope')", .runtime, "malformed JSON")
        assertFails(db, "UPDATE j SET v = 'nope'", .runtime, "malformed JSON")
        assertRows(db, "SELECT v FROM j WHERE json_extract(v, '$.a') = 1", "{\"a\":1}")
    }

    /// RENAME COLUMN and RENAME TO rewrite the index's text as SQLite does; DROP COLUMN of a
    /// column the index reads is refused.
    func testAlterTableRewritesTheIndexText() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE s(a, b, c, d);
            CREATE INDEX si ON s(a+b) WHERE c IS NOT NULL;
            CREATE INDEX sj ON s(lower("b"), c COLLATE nocase) WHERE s.b > 'a' AND d<>4;
            INSERT INTO s VALUES (1, 'b', 3, 5), (2, 'c', NULL, 4);
            """)
        assertFails(db, "ALTER TABLE s DROP COLUMN d", .runtime, "error in index sj after drop column: no such column: d")
        try db.execute("ALTER TABLE s RENAME COLUMN b TO bb; ALTER TABLE s RENAME COLUMN c TO \"c c\"")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name", """
            CREATE INDEX si ON s(a+bb) WHERE "c c" IS NOT NULL
            CREATE INDEX sj ON s(lower("bb"), "c c" COLLATE nocase) WHERE s.bb > 'a' AND d<>4
            """)
        try db.execute("ALTER TABLE s RENAME TO s2")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name", """
            CREATE INDEX si ON "s2"(a+bb) WHERE "c c" IS NOT NULL
            CREATE INDEX sj ON "s2"(lower("bb"), "c c" COLLATE nocase) WHERE "s2".bb > 'a' AND d<>4
            """)
        assertRows(db, "SELECT a FROM s2 WHERE lower(bb) = 'b' AND s2.bb > 'a' AND d <> 4", "1")
        assertRows(db, "SELECT a FROM s2 WHERE a + bb = 1 AND \"c c\" IS NOT NULL", "1")
    }

    /// The dump writes each index as its statement, after the rows, and loads back.
    func testDumpRecreatesTheIndexes() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a INT, b TEXT);
            INSERT INTO t VALUES (1, 'Abc'), (2, 'abd'), (3, NULL);
            CREATE INDEX tl ON t(lower(b) DESC, a);
            CREATE UNIQUE INDEX tp ON t(b COLLATE nocase) WHERE a > 1;
            """)
        let dump = db.dump()
        XCTAssertTrue(dump.contains("CREATE INDEX tl ON t(lower(b) DESC, a);\n"), dump)
        XCTAssertTrue(dump.contains("CREATE UNIQUE INDEX tp ON t(b COLLATE nocase) WHERE a > 1;\n"), dump)
        let copy = Database()
        try copy.execute(dump)
        assertRows(copy, "PRAGMA index_list(t)", "0|tp|1|c|1\n1|tl|0|c|0")
        assertRows(copy, "SELECT a FROM t WHERE lower(b) = 'abc'", "1")
        assertFails(copy, "INSERT INTO t VALUES (4, 'ABD')", .constraint, "UNIQUE constraint failed: t.b")
        try copy.execute("INSERT INTO t VALUES (0, 'ABD')")
    }
}
