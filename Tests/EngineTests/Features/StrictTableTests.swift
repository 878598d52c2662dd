// STRICT tables: the error texts and kinds sqlite3 3.40 gives, and the dump keeping the option.
import XCTest
@testable import Engine

final class StrictTableTests: XCTestCase {
    func testRefusedValuesNameTheTypesAndColumn() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE t(a INT, b INTEGER, c REAL, d TEXT, e BLOB, f ANY) STRICT")
        let cases: [(String, String)] = [
            ("INSERT INTO t(a) VALUES ('x')", "cannot store TEXT value in INT column t.a"),
            ("INSERT INTO t(a) VALUES (1.5)", "cannot store REAL value in INT column t.a"),
            ("INSERT INTO t(b) VALUES (x'01')", "cannot store BLOB value in INTEGER column t.b"),
            ("INSERT INTO t(c) VALUES ('abc')", "cannot store TEXT value in REAL column t.c"),
            ("INSERT INTO t(d) VALUES (x'00')", "cannot store BLOB value in TEXT column t.d"),
            ("INSERT INTO t(e) VALUES (1)", "cannot store INT value in BLOB column t.e"),
            ("INSERT OR IGNORE INTO t(e) VALUES (2.5)", "cannot store REAL value in BLOB column t.e"),
        ]
        for (sql, message) in cases { assertFails(db, sql, .constraint, message) }
        _ = try db.execute("INSERT INTO t VALUES ('1', '2', 3, 4.5, x'05', '6')")
        assertRows(db, "SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e), typeof(f) FROM t",
                   "integer|integer|real|text|blob|text")
        assertFails(db, "UPDATE t SET a = 'q'", .constraint, "cannot store TEXT value in INT column t.a")
    }

    func testDeclarationsAreChecked() {
        let db = Database()
        assertFails(db, "CREATE TABLE u(a INT, b) STRICT", .syntax, "missing datatype for u.b")
        assertFails(db, "CREATE TABLE u(a varchar(10)) STRICT", .syntax, "unknown datatype for u.a: \"varchar(10)\"")
        assertFails(db, "CREATE TABLE u(a INT) foo", .syntax, "unknown table option: foo")
        assertFails(db, "CREATE TABLE u(a INT) WITHOUT ROWID", .misuse, "PRIMARY KEY missing on table u")
        XCTAssertNoThrow(try db.execute("CREATE TABLE ok(a \"int\", b Any) STRICT"))
        assertRows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'ok'", "1")
        assertFails(db, "ALTER TABLE ok ADD COLUMN c", .syntax, "error in table ok after add column: missing datatype for ok.c")
        assertFails(db, "ALTER TABLE ok ADD COLUMN c DATE", .syntax,
                    "error in table ok after add column: unknown datatype for ok.c: \"DATE\"")
    }

    func testRowidColumnSaysDatatypeMismatch() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE k(id INTEGER PRIMARY KEY, v TEXT) STRICT")
        assertFails(db, "INSERT INTO k VALUES (2.5, 'z')", .mismatch, "datatype mismatch")
    }

    func testDumpKeepsStrictAndReloads() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE r(a INT PRIMARY KEY, b TEXT) WITHOUT ROWID, STRICT; INSERT INTO r VALUES (1, 'x')")
        let dump = db.dump()
        XCTAssertTrue(dump.contains(") WITHOUT ROWID, STRICT;\n"), dump)
        let loaded = try Database.load(dump: dump)
        assertFails(loaded, "INSERT INTO r VALUES (2, x'00')", .constraint, "cannot store BLOB value in TEXT column r.b")
        XCTAssertEqual(loaded.dump(), dump)
    }
}
