// The catalog as tools read it: PRAGMA table_info and friends (rows and column names), the
// pragma_* table-valued functions, sqlite_master's order and rowids, sqlite_sequence.
import XCTest
@testable import Engine

final class CatalogPragmaTests: XCTestCase {
    private func database() throws -> Database {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE p(id INTEGER PRIMARY KEY, u TEXT UNIQUE);
            CREATE TABLE t(a INTEGER NOT NULL DEFAULT 5, b varchar(10) DEFAULT 'x', c, d REAL DEFAULT (1+2), e UNIQUE,
                           PRIMARY KEY(b, a), FOREIGN KEY (c) REFERENCES p(id) ON DELETE CASCADE, FOREIGN KEY (d, e) REFERENCES p);
            CREATE INDEX ti ON t(c DESC, a);
            """)
        return db
    }

    func testPragmaColumnsAndRows() throws {
        let db = try database()
        let cases: [(String, [String], String)] = [
            ("PRAGMA table_info(t)", ["cid", "name", "type", "notnull", "dflt_value", "pk"],
             "0|a|INTEGER|1|5|2\n1|b|varchar(10)|0|'x'|1\n2|c||0||0\n3|d|REAL|0|1+2|0\n4|e||0||0"),
            ("PRAGMA table_xinfo('p')", ["cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"],
             "0|id|INTEGER|0||1|0\n1|u|TEXT|0||0|0"),
            ("PRAGMA index_list(t)", ["seq", "name", "unique", "origin", "partial"],
             "0|ti|0|c|0\n1|sqlite_autoindex_t_2|1|pk|0\n2|sqlite_autoindex_t_1|1|u|0"),
            ("PRAGMA index_xinfo(ti)", ["seqno", "cid", "name", "desc", "coll", "key"],
             "0|2|c|1|BINARY|1\n1|0|a|0|BINARY|1\n2|-1||0|BINARY|0"),
            ("PRAGMA foreign_key_list(t)", ["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"],
             "0|0|p|d||NO ACTION|NO ACTION|NONE\n0|1|p|e||NO ACTION|NO ACTION|NONE\n1|0|p|c|id|NO ACTION|CASCADE|NONE"),
            ("PRAGMA integrity_check", ["integrity_check"], "ok"),
            ("PRAGMA encoding", ["encoding"], "UTF-8"),
        ]
        for (sql, columns, rows) in cases {
            let result = try db.execute(sql)
            XCTAssertEqual(result.columns, columns, sql)
            assertRows(db, sql, rows)
        }
        // A name that is no table gives no rows, as in SQLite, not an error.
        assertRows(db, "PRAGMA table_info(nosuch)", "")
    }

    func testPragmaFunctions() throws {
        let db = try database()
        assertRows(db, "SELECT name, pk FROM pragma_table_info('T') WHERE pk > 0", "a|2\nb|1")
        assertRows(db, "SELECT arg, schema, name FROM pragma_table_info('p', 'main')", "p|main|id\np|main|u")
        XCTAssertEqual(try db.execute("SELECT * FROM pragma_table_info('p')").columns, ["cid", "name", "type", "notnull", "dflt_value", "pk"])
        // An argument read from an earlier FROM item joins on the hidden arg column.
        assertRows(db, "SELECT m.name, count(*) FROM sqlite_master AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table' GROUP BY m.name",
                   "p|2\nt|5")
        assertRows(db, "SELECT name, (SELECT count(*) FROM pragma_index_list(m.name)) FROM sqlite_master AS m WHERE type = 'table'",
                   "p|1\nt|3")
        assertFails(db, "SELECT * FROM pragma_table_info(nosuch.name)", .unknownColumn, "no such column: nosuch.name")
    }

    func testSchemaTableOrderAndSequence() throws {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE zeta(x INTEGER PRIMARY KEY AUTOINCREMENT, y UNIQUE);
            CREATE TABLE alpha(a);
            CREATE TABLE beta(b);
            INSERT INTO zeta(y) VALUES ('a'), ('b');
            DROP TABLE alpha;
            CREATE TABLE gamma(c);
            """)
        // Rowids as SQLite gives them: one past the largest, so dropping leaves a gap.
        assertRows(db, "SELECT rowid, name, rootpage > 0 FROM sqlite_master",
                   "1|zeta|1\n2|sqlite_autoindex_zeta_1|1\n3|sqlite_sequence|1\n5|beta|1\n6|gamma|1")
        assertRows(db, "SELECT name, seq FROM sqlite_sequence", "zeta|2")
        assertFails(Database(), "SELECT * FROM sqlite_sequence", .unknownTable, "no such table: sqlite_sequence")
        assertRows(db, "PRAGMA user_version", "0")
        _ = try db.execute("PRAGMA user_version = 42")
        assertRows(db, "PRAGMA user_version", "42")
    }
}
