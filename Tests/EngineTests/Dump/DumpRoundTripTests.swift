// dump → load → dump: byte-identical text, identical values, and a working database after a load.
import XCTest
@testable import Engine

final class DumpRoundTripTests: XCTestCase {
    private func store(_ values: [Value], type: String = "") throws -> (Database, Database) {
        let db = Database()
        try db.execute("CREATE TABLE v (x \(type))")
        for value in values { try db.execute("INSERT INTO v VALUES (?)", parameters: [value]) }
        let (_, loaded) = try roundTrip(db)
        assertIdentical(try rows(loaded, "SELECT rowid, x FROM v"), try rows(db, "SELECT rowid, x FROM v"))
        return (db, loaded)
    }

    func testNulls() throws {
        let db = Database()
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL, d BLOB, e); INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL)")
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("INSERT INTO t VALUES(NULL,NULL,NULL,NULL,NULL);"))
        assertIdentical(try rows(loaded, "SELECT * FROM t"), [[.null, .null, .null, .null, .null]])
    }

    func testTextQuotesNewlinesUnicodeAndControls() throws {
        let texts = ["", "it's", "''", "a\nb", "line\r\nbreak", "\r", "tab\tbed", "nul\u{0}inside", "\u{1}\u{1F}\u{7F}",
                     "é", "e\u{301}", "日本語", "👩‍👩‍👧", "'\u{301}", "\u{2028}", "-- not a comment", "/* nor this */",
                     "; DROP TABLE v; --", "\"double\"", "trailing\n"]
        let (_, loaded) = try store(texts.map(Value.text), type: "TEXT")
        assertIdentical(try rows(loaded, "SELECT x FROM v"), texts.map { [.text($0)] })
    }

    /// A fuzzer finding: text with thousands of control characters was written as a chain of
    /// `||char(n)||` deeper than the expression-depth limit, so the dump did not load.
    func testLongTextFullOfControlCharactersReloads() throws {
        let newlines = String(repeating: "a\nb\r", count: 5_000)
        let controls = String(repeating: "\u{0}\u{1}x\n", count: 5_000)
        let escapes = String(repeating: #"\n\012(\n0)\r\015"# + "\n\r", count: 2_000)
        let (_, loaded) = try store([.text(newlines), .text(controls), .text(escapes)], type: "TEXT")
        assertIdentical(try rows(loaded, "SELECT x FROM v"), [[.text(newlines)], [.text(controls)], [.text(escapes)]])
    }

    /// Text that is not valid UTF-8 is written as CAST(X'..' AS TEXT), which sqlite3 reads too.
    func testTextThatIsNotUTF8KeepsItsBytes() throws {
        let byteStrings: [[UInt8]] = [[0xFF], [0x41, 0xFF, 0x0A, 0x42], [0xC3], [0xED, 0xA0, 0x80], [0x27, 0xFE, 0x27], [0x80, 0x00, 0xFF]]
        let values = byteStrings.map { Value.text(bytes: $0) }
        let (db, loaded) = try store(values, type: "TEXT")
        XCTAssertTrue(db.dump().contains("INSERT INTO v VALUES(CAST(X'ff' AS TEXT));"))
        assertIdentical(try rows(loaded, "SELECT x FROM v"), byteStrings.map { [.invalidText($0)] })
    }

    /// sqlite3's .dump writes such text raw inside quotes: the file's bytes load to the same text.
    func testSQLite3DumpWithRawBytesInStringsLoads() throws {
        let file = Array("CREATE TABLE \"t\"(a TEXT, b); -- it's a comment\n".utf8)
            + Array("INSERT INTO t VALUES('".utf8) + [0xFF] + Array("',replace('A".utf8) + [0xFF, 0x27, 0x27]
            + Array("\\nB','\\n',char(10)));\n/* 'x' */INSERT INTO t VALUES(X'ff','ok');\n".utf8)
        let text = try XCTUnwrap(SQLText.source(fromBytes: file))
        XCTAssertTrue(text.contains("VALUES((CAST(X'ff' AS TEXT)),replace((CAST(X'41ff27"))
        let loaded = try Database.load(dump: text)
        assertIdentical(try rows(loaded, "SELECT a, b FROM t ORDER BY rowid"), [
            [.invalidText([0xFF]), .invalidText([0x41, 0xFF, 0x27, 0x0A, 0x42])],
            [.blob([0xFF]), .text("ok")],
        ])
        // Valid UTF-8 is left as it is; bytes that are not UTF-8 outside a string cannot load.
        XCTAssertEqual(SQLText.source(fromBytes: Array("SELECT 'é'".utf8)), "SELECT 'é'")
        XCTAssertNil(SQLText.source(fromBytes: Array("CREATE TABLE \"".utf8) + [0xFF] + Array("\"(a)".utf8)))
        XCTAssertNil(SQLText.source(fromBytes: Array("SELECT 1 -- ".utf8) + [0xFF]))
    }

    func testBlobs() throws {
        let blobs: [[UInt8]] = [[], [0], Array(0...255), Array("text".utf8)]
        let (_, loaded) = try store(blobs.map(Value.blob), type: "BLOB")
        assertIdentical(try rows(loaded, "SELECT x FROM v"), blobs.map { [.blob($0)] })
    }

    func testSpecialRealsAndIntegerExtremes() throws {
        let reals: [Double] = [0.1, 1e300, -0.0, 0.0, 5e-324, -5e-324, .infinity, -.infinity, .greatestFiniteMagnitude,
                               -.greatestFiniteMagnitude, .leastNormalMagnitude, 1, 1e16, 9.223372036854776e18,
                               123456789.123456789, 1.0 / 3.0, 2.5e-8]
        let integers: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, 1 << 53, (1 << 53) + 1]
        let values = reals.map(Value.real) + integers.map(Value.integer)
        for type in ["", "REAL", "NUMERIC", "INTEGER", "TEXT"] {
            let (db, loaded) = try store(values, type: type)
            assertIdentical(try rows(loaded, "SELECT x, typeof(x) FROM v"), try rows(db, "SELECT x, typeof(x) FROM v"))
        }
        let (_, loaded) = try store(values)
        XCTAssertEqual(try rows(loaded, "SELECT typeof(x) FROM v WHERE x = -9223372036854775808").first?.first, .text("integer"))
    }

    func testConstraintsAreEnforcedAfterLoad() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE,
              qty INTEGER DEFAULT 3 CHECK (qty > 0), tag TEXT COLLATE NOCASE, UNIQUE (parent_id, tag));
            INSERT INTO parent VALUES (1, 'a'), (2, 'b');
            INSERT INTO child (parent_id, tag) VALUES (1, 'x'), (2, 'y');
            """)
        let (_, loaded) = try roundTrip(db)
        func fails(_ sql: String, _ kind: SQLError.Kind = .constraint, line: UInt = #line) {
            XCTAssertThrowsError(try loaded.execute(sql), line: line) { XCTAssertEqual(($0 as? SQLError)?.kind, kind, line: line) }
        }
        fails("INSERT INTO parent VALUES (3, NULL)")
        fails("INSERT INTO parent VALUES (3, 'a')")
        fails("INSERT INTO child (parent_id, qty) VALUES (1, 0)")
        fails("INSERT INTO child (parent_id) VALUES (99)")
        fails("INSERT INTO child (parent_id, tag) VALUES (1, 'X')")
        try loaded.execute("INSERT INTO child (parent_id, tag) VALUES (1, 'z')")
        assertIdentical(try rows(loaded, "SELECT id, qty FROM child WHERE tag = 'z'"), [[.integer(3), .integer(3)]])
        try loaded.execute("DELETE FROM parent WHERE id = 1")
        assertIdentical(try rows(loaded, "SELECT count(*) FROM child"), [[.integer(1)]])
    }

    func testIndexesSurvive() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (a TEXT, b INTEGER);
            INSERT INTO t VALUES ('x', 1), ('y', 2);
            CREATE UNIQUE INDEX t_a ON t (a COLLATE NOCASE);
            CREATE INDEX "t b" ON t (b DESC, a);
            """)
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("CREATE INDEX \"t b\" ON t (b DESC, a);\nCREATE UNIQUE INDEX t_a ON t (a COLLATE NOCASE);\n"), dump)
        XCTAssertThrowsError(try loaded.execute("INSERT INTO t VALUES ('X', 3)"))
        assertIdentical(try rows(loaded, "SELECT a FROM t WHERE b = 2"), [[.text("y")]])
    }

    func testRolesAndGrants() throws {
        let db = Database()
        try db.execute("""
            CREATE SCHEMA audit; CREATE ROLE reader; CREATE ROLE "Writer Role";
            CREATE TABLE t (a);
            GRANT SELECT, INSERT ON t TO reader, "Writer Role"; GRANT ALL PRIVILEGES ON SCHEMA audit TO reader;
            GRANT UPDATE ON t TO PUBLIC;
            """)
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("CREATE ROLE \"Writer Role\";\nCREATE ROLE reader;\n"))
        XCTAssertTrue(dump.contains("GRANT ALL PRIVILEGES ON SCHEMA audit TO reader;\n"))
        XCTAssertEqual(loaded.catalog.roles, ["reader", "Writer Role"])
        XCTAssertEqual(loaded.catalog.grants, db.catalog.grants)
        XCTAssertEqual(loaded.catalog.schemas, ["audit"])
    }

    func testViewsAndTriggersWorkAfterLoad() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (a INTEGER); CREATE TABLE log (msg TEXT);
            CREATE VIEW big AS
              SELECT a FROM t
              WHERE a > 10;
            CREATE VIEW bigger (n) AS SELECT count(*) FROM big;
            CREATE TRIGGER t_log AFTER INSERT ON t WHEN new.a > 10
            BEGIN
              INSERT INTO log VALUES ('big ' || new.a);
            END;
            INSERT INTO t VALUES (5), (50);
            """)
        let (_, loaded) = try roundTrip(db)
        assertIdentical(try rows(loaded, "SELECT * FROM log"), [[.text("big 50")]])
        try loaded.execute("INSERT INTO t VALUES (70)")
        assertIdentical(try rows(loaded, "SELECT msg FROM log ORDER BY msg"), [[.text("big 50")], [.text("big 70")]])
        assertIdentical(try rows(loaded, "SELECT n FROM bigger"), [[.integer(2)]])
    }

    func testTableInSchemaAndWithoutRowid() throws {
        let db = Database()
        try db.execute("""
            CREATE SCHEMA s; CREATE TABLE s.t (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
            INSERT INTO s.t VALUES ('b', 2), ('a', 1);
            ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'new';
            """)
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("CREATE TABLE s.t (\n  k TEXT PRIMARY KEY,\n  v,\n  w TEXT DEFAULT 'new'\n) WITHOUT ROWID;\n"), dump)
        assertIdentical(try rows(loaded, "SELECT k, v, w FROM t ORDER BY k"),
                        [[.text("a"), .integer(1), .text("new")], [.text("b"), .integer(2), .text("new")]])
    }

    func testForeignKeyOrderDoesNotMatterOnLoad() throws {
        // "a_child" sorts before "b_parent", so its rows load first.
        let db = Database()
        try db.execute("""
            CREATE TABLE b_parent (id INTEGER PRIMARY KEY);
            CREATE TABLE a_child (p INTEGER REFERENCES b_parent (id));
            INSERT INTO b_parent VALUES (1); INSERT INTO a_child VALUES (1);
            """)
        let (_, loaded) = try roundTrip(db)
        XCTAssertTrue(loaded.foreignKeysEnabled)
        XCTAssertThrowsError(try loaded.execute("INSERT INTO a_child VALUES (2)"))
    }

    /// A table constraint's COLLATE and DESC key its implicit index, in the dump too.
    func testTableConstraintCollationsReload() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t (a TEXT, b TEXT, UNIQUE (a COLLATE RTRIM, b DESC), PRIMARY KEY (b COLLATE NOCASE));
            INSERT INTO t VALUES ('x', 'y');
            """)
        let (dump, loaded) = try roundTrip(db)
        XCTAssertTrue(dump.contains("UNIQUE (a COLLATE RTRIM, b DESC)"), dump)
        XCTAssertTrue(dump.contains("PRIMARY KEY (b COLLATE NOCASE)"), dump)
        assertIdentical(try rows(loaded, "SELECT coll, \"desc\" FROM pragma_index_xinfo('sqlite_autoindex_t_1') WHERE key"),
                        [[.text("RTRIM"), .integer(0)], [.text("BINARY"), .integer(1)]])
        XCTAssertThrowsError(try loaded.execute("INSERT INTO t VALUES ('z', 'Y')"))
    }

    func testSaveAndLoadFile() throws {
        let db = Database()
        try db.execute("CREATE TABLE t (a); INSERT INTO t VALUES ('file')")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vibesql-dump-\(UInt64.random(in: 0...UInt64.max)).sql")
        defer { try? FileManager.default.removeItem(at: url) }
        try db.save(to: url)
        let loaded = try Database.load(from: url)
        XCTAssertEqual(loaded.dump(), db.dump())
    }
}
