// Foreign keys as sqlite3 3.40 enforces them: deferred constraints refused at COMMIT with the
// transaction left open, savepoints restoring the count of violations, PRAGMA
// defer_foreign_keys, statement-end checks, actions, mismatch errors, foreign_key_check.
import XCTest
@testable import Engine

final class ForeignKeyTests: XCTestCase {
    private func deferredDatabase() throws -> Database {
        let db = Database()
        try db.execute("""
            CREATE TABLE p (id INTEGER PRIMARY KEY);
            CREATE TABLE c (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TABLE i (pid INTEGER REFERENCES p (id));
            """)
        return db
    }

    func testDeferredCommitFailsAndTheTransactionStaysOpen() throws {
        let db = try deferredDatabase()
        try db.execute("BEGIN; INSERT INTO c VALUES (1)")
        assertFails(db, "COMMIT", .constraint, "FOREIGN KEY constraint failed")
        XCTAssertTrue(db.inTransaction)
        assertRows(db, "SELECT pid FROM c", "1")
        try db.execute("INSERT INTO p VALUES (1); COMMIT")
        XCTAssertFalse(db.inTransaction)
        assertRows(db, "SELECT pid FROM c", "1")
    }

    func testDeferredInAutocommitIsCheckedAtTheStatementEnd() throws {
        let db = try deferredDatabase()
        assertFails(db, "INSERT INTO c VALUES (5)", .constraint, "FOREIGN KEY constraint failed")
        assertRows(db, "SELECT count(*) FROM c", "0")
        XCTAssertEqual(db.foreignKeyCounters, ForeignKeyCounters(), "a refused statement leaves nothing counted")
        // A trigger that writes the parent after the child, in the same statement, passes.
        try db.execute("CREATE TRIGGER tp AFTER INSERT ON c BEGIN INSERT OR IGNORE INTO p VALUES (new.pid); END")
        try db.execute("INSERT INTO c VALUES (6)")
        assertRows(db, "SELECT pid FROM c", "6")
    }

    func testAFailedStatementRestoresTheCount() throws {
        let db = try deferredDatabase()
        try db.execute("CREATE TABLE cu (pid INTEGER UNIQUE REFERENCES p DEFERRABLE INITIALLY DEFERRED); BEGIN")
        try db.execute("INSERT INTO c VALUES (8)")
        XCTAssertEqual(db.foreignKeyCounters.deferred, 1)
        // The orphan its first row counted goes with the statement its second row fails.
        assertFails(db, "INSERT INTO cu VALUES (10), (10)", .constraint, "UNIQUE constraint failed: cu.pid")
        XCTAssertEqual(db.foreignKeyCounters.deferred, 1)
        try db.execute("DELETE FROM c")
        XCTAssertEqual(db.foreignKeyCounters.deferred, 0)
        try db.execute("COMMIT")
    }

    func testSavepointsRestoreTheCount() throws {
        let db = try deferredDatabase()
        try db.execute("BEGIN; INSERT INTO c VALUES (1); SAVEPOINT a; INSERT INTO c VALUES (2)")
        XCTAssertEqual(db.foreignKeyCounters.deferred, 2)
        try db.execute("ROLLBACK TO a")
        XCTAssertEqual(db.foreignKeyCounters.deferred, 1)
        assertFails(db, "COMMIT", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("INSERT INTO p VALUES (1); COMMIT")
        // RELEASE of the savepoint that opened the transaction commits: refused the same way.
        try db.execute("SAVEPOINT s; INSERT INTO c VALUES (3)")
        assertFails(db, "RELEASE s", .constraint, "FOREIGN KEY constraint failed")
        XCTAssertTrue(db.inTransaction)
        try db.execute("ROLLBACK TO s; RELEASE s")
        XCTAssertFalse(db.inTransaction)
        assertRows(db, "SELECT pid FROM c", "1")
    }

    func testDeferForeignKeysPragma() throws {
        let db = try deferredDatabase()
        assertRows(db, "PRAGMA defer_foreign_keys", "0")
        try db.execute("BEGIN; PRAGMA defer_foreign_keys = ON")
        assertRows(db, "PRAGMA defer_foreign_keys", "1")
        // An immediate constraint waits for COMMIT while the pragma is on.
        try db.execute("INSERT INTO i VALUES (4)")
        assertFails(db, "COMMIT", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("INSERT INTO p VALUES (4); COMMIT")
        assertRows(db, "PRAGMA defer_foreign_keys", "0")
        // Turned off inside the transaction, it forgets what it counted (as SQLite).
        try db.execute("BEGIN; PRAGMA defer_foreign_keys = 1; INSERT INTO i VALUES (40); PRAGMA defer_foreign_keys = 0; COMMIT")
        assertRows(db, "SELECT count(*) FROM i", "2")
        // ROLLBACK turns it off too.
        try db.execute("BEGIN; PRAGMA defer_foreign_keys = 1; ROLLBACK")
        assertRows(db, "PRAGMA defer_foreign_keys", "0")
    }

    func testImmediateConstraintsAreCheckedAtTheStatementEnd() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, parent REFERENCES t (id));
            INSERT INTO t VALUES (2, 1), (1, NULL), (3, 2);
            UPDATE t SET id = id + 10, parent = parent + 10;
            """)
        assertRows(db, "SELECT id, parent FROM t ORDER BY id", "11|\n12|11\n13|12")
        assertFails(db, "DELETE FROM t WHERE id = 12", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("DELETE FROM t")
        assertRows(db, "SELECT count(*) FROM t", "0")
        // Inside a transaction, an immediate violation fails its statement only.
        try db.execute("BEGIN; INSERT INTO t VALUES (1, NULL)")
        assertFails(db, "INSERT INTO t VALUES (2, 9)", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("COMMIT")
        assertRows(db, "SELECT id FROM t", "1")
    }

    func testActionsAndRestrict() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE p (id INTEGER PRIMARY KEY, k TEXT UNIQUE);
            CREATE TABLE cas (k TEXT REFERENCES p (k) ON UPDATE CASCADE ON DELETE CASCADE);
            CREATE TABLE nul (k TEXT REFERENCES p (k) ON UPDATE SET NULL ON DELETE SET NULL);
            CREATE TABLE res (k TEXT REFERENCES p (k) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED);
            INSERT INTO p VALUES (1, 'a'), (2, 'b');
            INSERT INTO cas VALUES ('a'); INSERT INTO nul VALUES ('a'); INSERT INTO res VALUES ('b');
            UPDATE p SET k = 'z' WHERE id = 1;
            """)
        assertRows(db, "SELECT k FROM cas", "z")
        assertRows(db, "SELECT quote(k) FROM nul", "NULL")
        try db.execute("BEGIN")
        assertFails(db, "DELETE FROM p WHERE id = 2", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("DELETE FROM p WHERE id = 1; COMMIT")
        assertRows(db, "SELECT count(*) FROM cas", "0")
    }

    func testMismatchAndMissingParent() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE p (id INTEGER PRIMARY KEY, x);
            CREATE TABLE c (a REFERENCES p (x));
            CREATE TABLE d (a REFERENCES nosuch (id));
            """)
        assertFails(db, "INSERT INTO c VALUES (NULL)", .misuse, "foreign key mismatch - \"c\" referencing \"p\"")
        assertFails(db, "DELETE FROM p WHERE 0", .misuse, "foreign key mismatch - \"c\" referencing \"p\"")
        // An UPDATE of columns no key uses needs none of them.
        try db.execute("UPDATE p SET x = 1")
        assertFails(db, "INSERT INTO d VALUES (NULL)", .unknownTable, "no such table: main.nosuch")
    }

    func testForeignKeyCheck() throws {
        let db = Database()
        try db.execute("""
            PRAGMA foreign_keys = OFF;
            CREATE TABLE p (id INTEGER PRIMARY KEY, u UNIQUE);
            CREATE TABLE c (a REFERENCES p, b REFERENCES p (u), d REFERENCES gone (x));
            INSERT INTO c VALUES (1, 2, 3), (NULL, 5, NULL);
            INSERT INTO p VALUES (1, 1);
            PRAGMA foreign_keys = ON;
            """)
        assertRows(db, "PRAGMA foreign_key_check(c)", "c|1|gone|0\nc|1|p|1\nc|2|p|1")
        assertRows(db, "PRAGMA foreign_key_check", "c|1|gone|0\nc|1|p|1\nc|2|p|1")
        assertFails(db, "PRAGMA foreign_key_check(nosuch)", .unknownTable, "no such table: nosuch")
    }

    func testForeignKeysPragmaIsANoOpInsideATransaction() throws {
        let db = try deferredDatabase()
        try db.execute("BEGIN; PRAGMA foreign_keys = OFF")
        assertRows(db, "PRAGMA foreign_keys", "1")
        try db.execute("COMMIT; PRAGMA foreign_keys = OFF")
        assertRows(db, "PRAGMA foreign_keys", "0")
    }
}
