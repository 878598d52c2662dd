// Read-only mode: reading statements run, every change fails with SQLite's SQLITE_READONLY
// message before it runs, and the database stays exactly as it was.
import XCTest
@testable import Engine

final class ReadOnlyTests: XCTestCase {
    private func readOnlyDatabase() throws -> Database {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
            INSERT INTO t VALUES (1, 'a'), (2, 'b');
            CREATE VIEW v AS SELECT name FROM t;
            CREATE TRIGGER tr AFTER DELETE ON t BEGIN SELECT 1; END;
            """)
        db.isReadOnly = true
        return db
    }

    func testReadingStatementsRun() throws {
        let db = try readOnlyDatabase()
        assertRows(db, "SELECT name FROM t ORDER BY id", "a\nb")
        assertRows(db, "VALUES (1, 2)", "1|2")
        assertRows(db, "WITH c(x) AS (SELECT count(*) FROM t) SELECT x FROM c", "2")
        assertRows(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT sum(x) FROM n", "6")
        assertRows(db, "SELECT * FROM v ORDER BY 1", "a\nb")
        assertRows(db, "PRAGMA foreign_keys", "1")
        // The catalog's PRAGMAs take the name of what they describe; they only read.
        assertRows(db, "PRAGMA table_info(t)", "0|id|INTEGER|0||1\n1|name|TEXT|0||0")
        assertRows(db, "PRAGMA index_list('t')", "")
        let outcome = try db.run("SELECT id FROM t WHERE id > 1")
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.result.rows, [[.integer(2)]])
    }

    func testEveryKindOfChangeIsRefused() throws {
        let db = try readOnlyDatabase()
        let before = db.dump()
        let changes = [
            "INSERT INTO t VALUES (3, 'c')",
            "insert or replace into t values (1, 'z')",
            "REPLACE INTO t VALUES (1, 'z')",
            "WITH c AS (SELECT 9 AS id) INSERT INTO t SELECT id, 'x' FROM c",
            "UPDATE t SET name = 'z'",
            "WITH c AS (SELECT 1 AS id) UPDATE t SET name = 'z' WHERE id IN (SELECT id FROM c)",
            "DELETE FROM t",
            "WITH c AS (SELECT 1) DELETE FROM t",
            "CREATE TABLE u (x)",
            "CREATE TEMP TABLE u (x)",
            "CREATE TABLE u AS SELECT * FROM t",
            "CREATE INDEX i ON t (name)",
            "CREATE VIEW w AS SELECT 1",
            "CREATE TRIGGER tr2 AFTER INSERT ON t BEGIN SELECT 1; END",
            "DROP TABLE t",
            "DROP VIEW v",
            "DROP TRIGGER tr",
            "ALTER TABLE t RENAME TO t2",
            "ALTER TABLE t ADD COLUMN extra",
            "BEGIN",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT s",
            "RELEASE s",
            "PRAGMA foreign_keys = OFF",
            "ANALYZE",
            "VACUUM",
            "REINDEX",
            "/* a comment first */ delete from t",
        ]
        for sql in changes {
            assertFails(db, sql, .readOnly, "attempt to write a readonly database")
        }
        XCTAssertEqual(db.dump(), before, "a refused statement changed nothing")
        XCTAssertTrue(db.foreignKeysEnabled, "a refused PRAGMA set nothing")
    }

    func testAScriptStopsAtItsFirstChange() throws {
        let db = try readOnlyDatabase()
        var results: [QueryResult] = []
        XCTAssertThrowsError(try db.executeEach("SELECT 1; DELETE FROM t; SELECT 2") { results.append($0) }) { error in
            XCTAssertEqual((error as? SQLError)?.message, Database.readOnlyMessage)
        }
        XCTAssertEqual(results.count, 1, "the SELECT before the change ran, nothing after it")
        assertRows(db, "SELECT count(*) FROM t", "2")
    }

    func testRunRefusesAChangeAsAnError() throws {
        let db = try readOnlyDatabase()
        XCTAssertThrowsError(try db.run("UPDATE t SET name = 'z'")) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .readOnly)
        }
        assertRows(db, "SELECT name FROM t ORDER BY id", "a\nb")
    }

    func testLoadingADumpIsRefused() throws {
        let db = Database()
        db.isReadOnly = true
        XCTAssertThrowsError(try db.load(dump: "CREATE TABLE t (x);\n")) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .readOnly)
        }
        XCTAssertTrue(db.isEmpty)
    }

    func testTurningReadOnlyOffAllowsChangesAgain() throws {
        let db = try readOnlyDatabase()
        db.isReadOnly = false
        try db.execute("INSERT INTO t VALUES (3, 'c')")
        assertRows(db, "SELECT count(*) FROM t", "3")
    }
}
