// ON CONFLICT targets matched against PRIMARY KEY and UNIQUE constraints as SQLite 3.40 matches
// them (indexes on expressions, partial indexes, any column order, COLLATE), its error when
// none matches, and INDEXED BY a partial index; expected values are sqlite3 3.40's.
import XCTest
@testable import Engine

final class UpsertTargetTests: XCTestCase {
    private let noMatch = "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint"

    func testATargetNamesAnIndexOnExpressionsByItsExpression() throws {
        let db = Database()
        try db.execute("create table t(a integer primary key, b text, c int); create unique index tb on t(lower(b))")
        try db.execute("insert into t values (1, 'X', 0)")
        try db.execute("insert into t values (2, 'x', 0) on conflict(lower(b)) do update set c = c + 1")
        assertRows(db, "select * from t", "1|X|1")
        assertFails(db, "insert into t values (3, 'x', 0) on conflict(b) do nothing", .misuse, noMatch)
        assertFails(db, "insert into t values (3, 'x', 0) on conflict(upper(b)) do nothing", .misuse, noMatch)
        assertFails(db, "insert into t values (3, 'x', 0) on conflict(nosuch) do nothing", .unknownColumn, "no such column: nosuch")
        // Refused when prepared, even when no row would conflict.
        assertFails(db, "insert into t values (4, 'new', 0) on conflict(c) do nothing", .misuse, noMatch)
    }

    func testAPartialIndexIsATargetOnlyWithItsOwnWhere() throws {
        let db = Database()
        try db.execute("create table p(a integer primary key, b int, c int); create unique index pb on p(b) where b > 0")
        try db.execute("insert into p values (1, 5, 0)")
        try db.execute("insert into p values (2, 5, 0) on conflict(b) where b > 0 do update set c = c + 1")
        assertRows(db, "select * from p", "1|5|1")
        assertFails(db, "insert into p values (3, 5, 0) on conflict(b) do nothing", .misuse, noMatch)
        assertFails(db, "insert into p values (3, 5, 0) on conflict(b) where b > 1 do nothing", .misuse, noMatch)
        // A row outside the partial index collides with nothing.
        try db.execute("insert into p values (4, -1, 0), (5, -1, 0) on conflict(b) where b > 0 do nothing")
        assertRows(db, "select count(*) from p", "3")
    }

    func testColumnsMatchInAnyOrderAndCollateMustBeTheIndexs() throws {
        let db = Database()
        try db.execute("create table m(a, b, c, unique(b, c)); insert into m values (1, 1, 1)")
        try db.execute("insert into m values (2, 1, 1) on conflict(c, b desc) do update set a = 7")
        assertFails(db, "insert into m values (3, 1, 1) on conflict(b collate nocase, c) do nothing", .misuse, noMatch)
        try db.execute("insert into m values (3, 1, 1) on conflict(b collate binary, c) do update set a = a + 1")
        assertRows(db, "select * from m", "8|1|1")
        try db.execute("create table r(a integer primary key, b); insert into r values (1, 1)")
        try db.execute("insert into r values (1, 2) on conflict(rowid) do update set b = 9")
        try db.execute("insert into r values (1, 3) on conflict(a) where a > 0 do update set b = b + 1")
        assertRows(db, "select * from r", "1|10")
    }

    func testIndexedByAPartialIndexNeedsItsWhere() throws {
        let db = Database()
        try db.execute("create table p(a integer primary key, b int); create index pb on p(b) where b > 0")
        try db.execute("insert into p values (1, 5), (2, -1)")
        assertRows(db, "select a from p indexed by pb where b > 0", "1")
        assertRows(db, "select a from p indexed by pb where b > 0 and a = 1", "1")
        for query in ["select * from p indexed by pb", "select * from p indexed by pb where b > 3",
                      "select * from p indexed by pb where b = 5"] {
            assertFails(db, query, .misuse, "no query solution")
        }
        assertFails(db, "update p indexed by pb set a = a where b > 3", .misuse, "no query solution")
        assertFails(db, "delete from p indexed by pb where b = 5", .misuse, "no query solution")
        try db.execute("delete from p indexed by pb where b > 0")
        assertRows(db, "select a from p", "2")
    }
}
