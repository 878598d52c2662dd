// The temp schema and attached databases: errors with sqlite3 3.40's messages, PRAGMA
// database_list, ATTACH of a dump file, rollback across schemas, the dump writing main only.
import Foundation
import XCTest
@testable import Engine

final class SchemaAttachTests: XCTestCase {
    func testQualifierErrorsAsSQLiteWordsThem() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a)")
        assertFails(db, "SELECT * FROM aux.t", .unknownTable, "no such table: aux.t")
        assertFails(db, "CREATE TABLE aux.t(a)", .unknownTable, "unknown database aux")
        assertFails(db, "CREATE TEMP TABLE main.x(a)", .misuse, "temporary table name must be unqualified")
        assertFails(db, "CREATE TEMP TRIGGER main.tr AFTER INSERT ON t BEGIN SELECT 1; END", .misuse,
                    "temporary trigger may not have qualified name")
        try db.execute("CREATE TEMP TABLE tt(b)")
        assertFails(db, "CREATE VIEW v AS SELECT * FROM temp.tt", .misuse, "view v cannot reference objects in database temp")
        assertFails(db, "CREATE TRIGGER main.tr AFTER INSERT ON temp.tt BEGIN SELECT 1; END", .misuse,
                    "trigger tr cannot reference objects in database temp")
        assertFails(db, "DROP TABLE temp.nothing", .unknownTable, "no such table: temp.nothing")
        assertFails(db, "INSERT INTO aux.t VALUES (1)", .unknownTable, "no such table: aux.t")
        XCTAssertNoThrow(try db.execute("DROP TABLE IF EXISTS aux.t"))
    }

    func testTempTableShadowsMainTable() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1); CREATE TEMP TABLE t(b); INSERT INTO t VALUES (2)")
        assertRows(db, "SELECT * FROM t", "2")
        assertRows(db, "SELECT * FROM main.t", "1")
        assertRows(db, "SELECT name, sql FROM sqlite_temp_master", "t|CREATE TABLE t(b)")
        assertRows(db, "SELECT count(*) FROM sqlite_master", "1")
        assertRows(db, "PRAGMA table_info(t)", "0|b||0||0")
        assertRows(db, "PRAGMA main.table_info(t)", "0|a||0||0")
        try db.execute("DROP TABLE t")
        assertRows(db, "SELECT * FROM t", "1")
    }

    func testDatabaseListAndAttachErrors() throws {
        let db = Database()
        assertRows(db, "PRAGMA database_list", "0|main|")
        try db.execute("ATTACH DATABASE ':memory:' AS aux; ATTACH '' AS e")
        assertRows(db, "PRAGMA database_list", "0|main|\n2|aux|\n3|e|")
        try db.execute("CREATE TEMP TABLE x(a)")
        assertRows(db, "PRAGMA database_list", "0|main|\n1|temp|\n2|aux|\n3|e|")
        assertFails(db, "ATTACH ':memory:' AS AUX", .runtime, "database AUX is already in use")
        assertFails(db, "ATTACH ':memory:' AS main", .runtime, "database main is already in use")
        assertFails(db, "DETACH main", .runtime, "cannot detach database main")
        assertFails(db, "DETACH DATABASE nothing", .runtime, "no such database: nothing")
        try db.execute("DETACH e; DETACH aux")
        for i in 1...10 { try db.execute("ATTACH ':memory:' AS a\(i)") }
        assertFails(db, "ATTACH ':memory:' AS a11", .runtime, "too many attached databases - max 10")
    }

    func testRollbackCoversEverySchema() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a); INSERT INTO t VALUES (1); CREATE TEMP TABLE tt(a); INSERT INTO tt VALUES (1);
            ATTACH ':memory:' AS aux; CREATE TABLE aux.x(a); INSERT INTO aux.x VALUES (1)
            """)
        try db.execute("""
            BEGIN; INSERT INTO t VALUES (2); INSERT INTO tt VALUES (2); INSERT INTO aux.x VALUES (2);
            CREATE TEMP TABLE t2(a); CREATE TABLE aux.y(a); DROP TABLE tt; ALTER TABLE aux.x ADD COLUMN b; ROLLBACK
            """)
        assertRows(db, "SELECT count(*) FROM t", "1")
        assertRows(db, "SELECT count(*) FROM tt", "1")
        assertRows(db, "SELECT * FROM aux.x", "1")
        assertRows(db, "SELECT name FROM sqlite_temp_master", "tt")
        assertRows(db, "SELECT name FROM aux.sqlite_master", "x")
        // A statement that fails part way undoes its work in the attached schema too.
        try db.execute("CREATE UNIQUE INDEX aux.ux ON x(a)")
        assertFails(db, "INSERT INTO aux.x VALUES (3), (1)", .constraint, "UNIQUE constraint failed: x.a")
        assertRows(db, "SELECT a FROM aux.x", "1")
    }

    func testDumpWritesMainOnly() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a); INSERT INTO t VALUES (1); CREATE TEMP TABLE tt(b); INSERT INTO tt VALUES (2);
            ATTACH ':memory:' AS aux; CREATE TABLE aux.x(c); INSERT INTO aux.x VALUES (3)
            """)
        let dump = db.dump()
        XCTAssertTrue(dump.contains("CREATE TABLE t"))
        XCTAssertFalse(dump.contains("tt"), dump)
        XCTAssertFalse(dump.contains("CREATE TABLE x"), dump)
        let copy = try Database.load(dump: dump)
        assertRows(copy, "SELECT name FROM sqlite_master", "t")
    }

    func testAttachOfADumpFileIsReadOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vibesql-attach-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = Database()
        try source.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items VALUES (1, 'one'), (2, 'two')")
        let file = directory.appendingPathComponent("items.sql").path
        try source.dump().write(toFile: file, atomically: true, encoding: .utf8)

        let db = Database()
        try db.execute("CREATE TABLE t(a)")
        try db.execute("ATTACH ? AS stock", parameters: [.text(file)])
        assertRows(db, "SELECT name FROM stock.items ORDER BY id", "one\ntwo")
        assertRows(db, "SELECT name FROM items WHERE id = 2", "two")
        assertRows(db, "SELECT seq, name, file FROM pragma_database_list WHERE name = 'stock'", "2|stock|\(file)")
        assertFails(db, "INSERT INTO stock.items VALUES (3, 'three')", .readOnly, "attempt to write a readonly database")
        assertFails(db, "CREATE TABLE stock.more(a)", .readOnly, "attempt to write a readonly database")
        assertFails(db, "DELETE FROM items", .readOnly, "attempt to write a readonly database")
        try db.execute("DETACH stock")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), source.dump())

        // A missing or malformed file attaches nothing and says which file it was.
        let missing = directory.appendingPathComponent("missing.sql").path
        assertFails(db, "ATTACH '\(missing)' AS m", .runtime, "unable to open database: \(missing)")
        let broken = directory.appendingPathComponent("broken.sql").path
        try "CREATE TABLE ok(a);\nthis is not SQL;\n".write(toFile: broken, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try db.execute("ATTACH '\(broken)' AS b")) { error in
            XCTAssertTrue((error as? SQLError)?.message.hasPrefix("unable to attach \(broken): dump line 2:") == true, "\(error)")
        }
        let sneaky = directory.appendingPathComponent("sneaky.sql").path
        try "ATTACH '\(file)' AS inner;\n".write(toFile: sneaky, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try db.execute("ATTACH '\(sneaky)' AS s"))
        assertRows(db, "PRAGMA database_list", "0|main|")
    }

    func testCommonPathNeedsNoOtherSchema() throws {
        let db = Database()
        XCTAssertTrue(db.onlyMainSchema)
        try db.execute("CREATE TABLE t(a); CREATE VIEW v AS SELECT a FROM t")
        XCTAssertTrue(db.onlyMainSchema)
        try db.execute("CREATE TEMP TABLE tt(a)")
        XCTAssertFalse(db.onlyMainSchema)
        try db.execute("DROP TABLE tt")
        XCTAssertTrue(db.onlyMainSchema)
    }

    /// `schema.table.column` takes only the FROM item of that table in that schema, with
    /// sqlite3's messages for one that names none.
    func testSchemaTableColumnNamesOneSchema() throws {
        let db = Database()
        try db.execute("""
            create table t(c); insert into t values (1); create temp table t(c); insert into temp.t values (2);
            attach ':memory:' as aux; create table aux.t(c); insert into aux.t values (3)
            """)
        assertRows(db, "select main.t.c, temp.t.c, aux.t.c from main.t, temp.t, aux.t", "1|2|3")
        assertRows(db, "select temp.t.c from t", "2")
        assertFails(db, "select main.t.c from t", .unknownColumn, "no such column: main.t.c")
        assertFails(db, "select nosuch.t.c from t", .unknownColumn, "no such column: nosuch.t.c")
        assertFails(db, "select main.t.c from main.t as x", .unknownColumn, "no such column: main.t.c")
        assertFails(db, "select main.t.nosuch from main.t", .unknownColumn, "no such column: main.t.nosuch")
        try db.execute("update main.t set c = main.t.c + 10 where main.t.c = 1")
        assertRows(db, "select c from main.t", "11")
    }
}
