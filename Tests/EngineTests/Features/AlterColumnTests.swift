// ALTER TABLE DROP COLUMN and RENAME COLUMN: sqlite3 3.40's error texts, and the dump and
// sqlite_master after the change.
import XCTest
@testable import Engine

final class AlterColumnTests: XCTestCase {
    func testDropColumnRefusalsNameTheReason() throws {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE t(a INTEGER PRIMARY KEY, b, c UNIQUE, d, e, CHECK (d > 0));
            CREATE INDEX te ON t(e);
            CREATE VIEW v AS SELECT b FROM t;
            CREATE TABLE single(x);
            """)
        let cases: [(String, SQLError.Kind, String)] = [
            ("ALTER TABLE t DROP COLUMN a", .misuse, "cannot drop PRIMARY KEY column: \"a\""),
            ("ALTER TABLE t DROP COLUMN c", .misuse, "cannot drop UNIQUE column: \"c\""),
            ("ALTER TABLE t DROP COLUMN nosuch", .unknownColumn, "no such column: \"nosuch\""),
            ("ALTER TABLE t DROP COLUMN e", .runtime, "error in index te after drop column: no such column: e"),
            ("ALTER TABLE t DROP COLUMN d", .runtime, "error in table t after drop column: no such column: d"),
            ("ALTER TABLE t DROP COLUMN b", .runtime, "error in view v after drop column: no such column: b"),
            ("ALTER TABLE single DROP COLUMN x", .misuse, "cannot drop column \"x\": no other columns exist"),
            ("ALTER TABLE v DROP COLUMN b", .misuse, "cannot drop column from view \"v\""),
            ("ALTER TABLE sqlite_master DROP COLUMN type", .misuse, "table sqlite_master may not be altered"),
        ]
        for (sql, kind, message) in cases { assertFails(db, sql, kind, message) }
        // The refused drop of b left the table whole.
        assertRows(db, "SELECT count(*) FROM pragma_table_info('t')", "5")
    }

    func testEveryAlterFormRefusesViewsAndSQLitesOwnTablesInItsOwnWords() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE t(a, b); CREATE VIEW v AS SELECT a FROM t;")
        let cases: [(String, SQLError.Kind, String)] = [
            ("ALTER TABLE v ADD COLUMN c", .misuse, "Cannot add a column to a view"),
            ("ALTER TABLE v RENAME TO w", .misuse, "view v may not be altered"),
            ("ALTER TABLE v RENAME COLUMN a TO z", .misuse, "cannot rename columns of view \"v\""),
            ("ALTER TABLE v DROP COLUMN a", .misuse, "cannot drop column from view \"v\""),
            ("ALTER TABLE sqlite_master ADD COLUMN c", .misuse, "table sqlite_master may not be altered"),
            ("ALTER TABLE sqlite_master RENAME TO w", .misuse, "table sqlite_master may not be altered"),
            ("ALTER TABLE t RENAME TO sqlite_t", .misuse, "object name reserved for internal use: sqlite_t"),
            ("ALTER TABLE nosuch ADD COLUMN c", .unknownTable, "no such table: nosuch"),
        ]
        for (sql, kind, message) in cases { assertFails(db, sql, kind, message) }
        assertRows(db, "SELECT group_concat(name) FROM sqlite_master", "t,v")
    }

    func testRenameColumnFollowsIntoConstraintsIndexesAndTheDump() throws {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE t(a INTEGER PRIMARY KEY, b CHECK (b > 0), c, UNIQUE (c));
            CREATE INDEX tb ON t(b COLLATE NOCASE);
            CREATE TABLE ch(x REFERENCES t(c));
            INSERT INTO t VALUES (1, 2, 3);
            ALTER TABLE t RENAME COLUMN b TO bee;
            ALTER TABLE t RENAME c TO "see me";
            """)
        let dump = db.dump()
        XCTAssertTrue(dump.contains("bee CHECK (bee > 0)"), dump)
        XCTAssertTrue(dump.contains("UNIQUE (\"see me\")"), dump)
        XCTAssertTrue(dump.contains("CREATE INDEX tb ON t (bee COLLATE NOCASE)"), dump)
        XCTAssertTrue(dump.contains("REFERENCES t (\"see me\")"), dump)
        let reloaded = try Database.load(dump: dump)
        assertRows(reloaded, "SELECT a, bee, \"see me\" FROM t", "1|2|3")
        assertFails(db, "INSERT INTO t VALUES (2, 0, 5)", .constraint, "CHECK constraint failed: bee > 0")
        assertFails(db, "ALTER TABLE t RENAME COLUMN bee TO a", .runtime, "error in table t after rename: duplicate column name: a")
        assertFails(db, "ALTER TABLE t RENAME COLUMN nosuch TO z", .unknownColumn, "no such column: \"nosuch\"")
    }

    func testRenameColumnRewritesViewsAndTriggersOrNamesTheOneThatBreaks() throws {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE t(a, b);
            CREATE TABLE log(b);
            CREATE VIEW v AS SELECT t.b, log.b AS lb FROM t, log ORDER BY t.b;
            CREATE TRIGGER tr AFTER UPDATE OF b ON t WHEN new.b > 0 BEGIN INSERT INTO log(b) VALUES (new.b); END;
            ALTER TABLE t RENAME COLUMN b TO bee;
            """)
        assertRows(db, "SELECT sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name", """
            CREATE TRIGGER tr AFTER UPDATE OF bee ON t WHEN new.bee > 0 BEGIN INSERT INTO log(b) VALUES (new.bee); END
            CREATE VIEW v AS SELECT t.bee, log.b AS lb FROM t, log ORDER BY t.bee
            """)
        _ = try db.execute("INSERT INTO t VALUES (1, 0); UPDATE t SET bee = 7")
        assertRows(db, "SELECT b FROM log", "7")
        // A view that reads v's column by its old name would break: the rename is refused.
        _ = try db.execute("CREATE VIEW w AS SELECT bee FROM v")
        assertFails(db, "ALTER TABLE t RENAME COLUMN bee TO b", .runtime, "error in view w after rename: no such column: bee")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE name = 'v'", "CREATE VIEW v AS SELECT t.bee, log.b AS lb FROM t, log ORDER BY t.bee")
        // A trigger that does not compile blocks any rename, as in SQLite.
        _ = try db.execute("DROP VIEW w; CREATE TRIGGER bad AFTER DELETE ON log BEGIN SELECT nosuch FROM t; END")
        assertFails(db, "ALTER TABLE t RENAME COLUMN a TO z", .runtime, "error in trigger bad: no such column: nosuch")
    }
}
