// The dump's text: its exact shape, quoting and value rendering.
import XCTest
@testable import Engine

final class DumpWriterTests: XCTestCase {
    func testEmptyDatabaseDump() throws {
        let db = Database()
        XCTAssertEqual(db.dump(), "-- VibeSQL SQL dump, format 1\nBEGIN TRANSACTION;\nCOMMIT;\n")
        let (_, loaded) = try roundTrip(db)
        XCTAssertTrue(loaded.tableNames.isEmpty)
    }

    func testExactDumpText() throws {
        let db = Database()
        try db.execute("""
            CREATE SCHEMA reporting;
            CREATE ROLE analyst;
            CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
              branch VARCHAR(200) COLLATE NOCASE, passed INTEGER CHECK (passed >= 0) DEFAULT 0);
            CREATE TABLE "order" ("select" TEXT UNIQUE, "a b" REAL, run INTEGER REFERENCES runs(run_id) ON DELETE CASCADE,
              CONSTRAINT one UNIQUE ("a b", run), CHECK ("a b" <> 0));
            INSERT INTO runs VALUES (1, '2024-01-02 03:04:05', 'main', 10), (7, '2024-01-03 00:00:00', NULL, 0);
            INSERT INTO "order" VALUES ('it''s', 0.5, 7);
            CREATE INDEX runs_branch ON runs (branch DESC, passed);
            CREATE VIEW green AS SELECT run_id FROM runs WHERE passed > 0;
            CREATE TRIGGER no_negative BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'no'); END;
            GRANT SELECT ON TABLE runs TO analyst WITH GRANT OPTION;
            GRANT INSERT ON runs TO analyst;
            """)
        let expected = """
            -- VibeSQL SQL dump, format 1
            BEGIN TRANSACTION;
            CREATE SCHEMA reporting;
            CREATE ROLE analyst;
            CREATE TABLE "order" (
              "select" TEXT UNIQUE,
              "a b" REAL,
              run INTEGER REFERENCES runs (run_id) ON DELETE CASCADE,
              CONSTRAINT one UNIQUE ("a b", run),
              CHECK ("a b" <> 0)
            );
            INSERT INTO "order" VALUES('it''s',0.5,7);
            CREATE TABLE runs (
              run_id INTEGER PRIMARY KEY AUTOINCREMENT,
              started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
              branch VARCHAR(200) COLLATE NOCASE,
              passed INTEGER DEFAULT 0 CHECK (passed >= 0)
            );
            INSERT INTO runs VALUES(1,'2024-01-02 03:04:05','main',10);
            INSERT INTO runs VALUES(7,'2024-01-03 00:00:00',NULL,0);
            CREATE INDEX runs_branch ON runs (branch DESC, passed);
            CREATE VIEW green AS SELECT run_id FROM runs WHERE passed > 0;
            CREATE TRIGGER no_negative BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'no'); END;
            GRANT INSERT ON TABLE runs TO analyst;
            GRANT SELECT ON TABLE runs TO analyst WITH GRANT OPTION;
            COMMIT;

            """
        XCTAssertEqual(db.dump(), expected)
        try roundTrip(db)
    }

    func testIdentifierQuoting() {
        let cases: [(String, String)] = [
            ("plain", "plain"), ("_x1", "_x1"), ("Mixed", "Mixed"),
            ("select", "\"select\""), ("Order", "\"Order\""), ("1abc", "\"1abc\""), ("a b", "\"a b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""), ("", "\"\""), ("café", "\"café\""), ("rowid", "rowid"),
        ]
        for (name, sql) in cases { XCTAssertEqual(SQLText.identifier(name), sql, name) }
    }

    func testValueLiterals() {
        let cases: [(Value, String)] = [
            (.null, "NULL"), (.integer(0), "0"), (.integer(-42), "-42"),
            (.integer(.max), "9223372036854775807"), (.integer(.min), "-9223372036854775808"),
            (.real(0.1), "0.1"), (.real(1), "1.0"), (.real(-0.0), "-0.0"), (.real(1e300), "1e+300"),
            (.real(5e-324), "5e-324"), (.real(.infinity), "1e999"), (.real(-.infinity), "-1e999"),
            (.real(.nan), "NULL"),
            (.text(""), "''"), (.text("it's"), "'it''s'"), (.text("tab\there"), "'tab\there'"),
            // sqlite3 3.40's .dump forms for newlines and returns, escapes it would pick.
            (.text("a\nb"), #"replace('a\nb','\n',char(10))"#),
            (.text("\r\n"), #"replace(replace('\r\n','\r',char(13)),'\n',char(10))"#),
            (.text(#"\n"# + "\n"), #"replace('\n\012','\012',char(10))"#),
            (.text(#"\n\012"# + "\n"), #"replace('\n\012(\n0)','(\n0)',char(10))"#),
            // Other control characters (sqlite3 writes them raw and cuts at NUL): the bytes.
            (.text("\u{0}x"), "CAST(X'0078' AS TEXT)"), (.text("a\nb\u{1}"), "CAST(X'610a6201' AS TEXT)"),
            (.text("\u{7F}"), "CAST(X'7f' AS TEXT)"), (.text("'\u{301}"), "'''\u{301}'"),
            (.blob([]), "X''"), (.blob([0, 0xAB, 0xFF]), "X'00abff'"),
        ]
        for (value, sql) in cases { XCTAssertEqual(SQLText.literal(value), sql, "\(value)") }
    }

    func testRowidsWrittenOnlyWhenNeeded() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE dense (a); INSERT INTO dense VALUES (1), (2);
            CREATE TABLE gaps (a); INSERT INTO gaps VALUES (1), (2), (3); DELETE FROM gaps WHERE a = 2;
            CREATE TABLE shadow (rowid TEXT, b); INSERT INTO shadow(_rowid_, rowid, b) VALUES (10, 'r', 'b');
            """)
        let dump = db.dump()
        XCTAssertTrue(dump.contains("INSERT INTO dense VALUES(1);\n"))
        XCTAssertTrue(dump.contains("INSERT INTO gaps (rowid,a) VALUES(3,3);\n"))
        XCTAssertTrue(dump.contains("INSERT INTO shadow (_rowid_,rowid,b) VALUES(10,'r','b');\n"))
        let (_, loaded) = try roundTrip(db)
        assertIdentical(try rows(loaded, "SELECT rowid, a FROM gaps"), [[.integer(1), .integer(1)], [.integer(3), .integer(3)]])
        assertIdentical(try rows(loaded, "SELECT _rowid_, * FROM shadow"), [[.integer(10), .text("r"), .text("b")]])
    }

    func testSchemaForOneTable() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (a INTEGER); CREATE TABLE u (b); CREATE INDEX t_a ON t (a);
            CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO u VALUES (new.a); END;
            """)
        XCTAssertEqual(db.schemaSQL(for: "T"), """
            CREATE TABLE t (
              a INTEGER
            );
            CREATE INDEX t_a ON t (a);
            CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO u VALUES (new.a); END;

            """)
        XCTAssertEqual(db.tableNames, ["t", "u"])
    }
}
