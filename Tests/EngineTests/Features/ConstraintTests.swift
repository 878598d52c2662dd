// Constraints are enforced with sqlite3's messages; OR REPLACE and OR IGNORE resolve conflicts.
import XCTest
@testable import Engine

final class ConstraintTests: XCTestCase {
    private func database() throws -> Database {
        let db = Database()
        try db.execute("""
            CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0),
              CONSTRAINT pos CHECK (id > 0));
            CREATE TABLE c (pid INTEGER REFERENCES p (id) ON DELETE CASCADE, note TEXT);
            INSERT INTO p VALUES (1, 'a', 1);
            """)
        return db
    }

    func testNotNullUniqueCheck() throws {
        let db = try database()
        assertFails(db, "INSERT INTO p VALUES (2, NULL, 1)", .constraint, "NOT NULL constraint failed: p.name")
        assertFails(db, "INSERT INTO p VALUES (2, 'a', 1)", .constraint, "UNIQUE constraint failed: p.name")
        assertFails(db, "INSERT INTO p VALUES (2, 'b', -1)", .constraint, "CHECK constraint failed: qty >= 0")
        assertFails(db, "INSERT INTO p VALUES (-2, 'b', 1)", .constraint, "CHECK constraint failed: pos")
        assertFails(db, "INSERT INTO p VALUES (1, 'z', 1)", .constraint, "UNIQUE constraint failed: p.id")
        try db.execute("INSERT INTO p VALUES (3, 'c', 3)")
        assertFails(db, "UPDATE p SET qty = -5 WHERE id = 3", .constraint, "CHECK constraint failed: qty >= 0")
        assertRows(db, "SELECT * FROM p ORDER BY id", "1|a|1\n3|c|3")
    }

    func testForeignKeys() throws {
        let db = try database()
        assertFails(db, "INSERT INTO c VALUES (9, 'x')", .constraint, "FOREIGN KEY constraint failed")
        try db.execute("INSERT INTO c VALUES (1, 'ok'), (NULL, 'orphan allowed')")
        try db.execute("DELETE FROM p WHERE id = 1")
        assertRows(db, "SELECT count(*) FROM c", "1")
        // PRAGMA foreign_keys=OFF turns enforcement off, =ON back on (the words, not numbers).
        try db.execute("PRAGMA foreign_keys=OFF; INSERT INTO c VALUES (9, 'x'); PRAGMA foreign_keys=ON")
        assertRows(db, "PRAGMA foreign_keys", "1")
        assertFails(db, "INSERT INTO c VALUES (8, 'x')", .constraint, "FOREIGN KEY constraint failed")
    }

    func testDefaults() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE d (a INTEGER DEFAULT 7, b TEXT DEFAULT 'none', c REAL DEFAULT (1 + 1), e DEFAULT -3, f);
            INSERT INTO d DEFAULT VALUES; INSERT INTO d (a, f) VALUES (1, 'x');
            """)
        assertRows(db, "SELECT a, b, c, typeof(c), e, f FROM d", "7|none|2.0|real|-3|\n1|none|2.0|real|-3|x")
    }

    func testInsertOrReplaceAndOrIgnore() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE r (k TEXT PRIMARY KEY, v INTEGER);
            INSERT INTO r VALUES ('a', 1), ('b', 2);
            INSERT OR REPLACE INTO r VALUES ('a', 10);
            INSERT OR IGNORE INTO r VALUES ('b', 20), ('c', 30);
            REPLACE INTO r VALUES ('c', 31);
            """)
        assertRows(db, "SELECT k, v FROM r ORDER BY k", "a|10\nb|2\nc|31")
        XCTAssertEqual(try db.execute("INSERT OR IGNORE INTO r VALUES ('a', 0)").changes, 0)
    }
}
