// The CREATE TABLE text in sqlite_master as SQLite 3.40 keeps and edits it, the schema pragmas
// (schema_version, user_version per schema, table_list, pragma_list) and the pragmas refused
// with a reason; every expected value is what sqlite3 3.40 prints for the same SQL.
import XCTest
@testable import Engine

final class SchemaTextTests: XCTestCase {
    func testCreateTableTextIsKeptAsTypedFromTheName() throws {
        let db = Database()
        try db.execute("create  temp  table if not exists  Foo ( a int , -- note\n  b text /* c */ ) ;")
        try db.execute("create table main.t2(x int) strict /* x */ ;")
        assertRows(db, "SELECT sql FROM sqlite_temp_master", "CREATE TABLE Foo ( a int , -- note\n  b text /* c */ )")
        assertRows(db, "SELECT sql FROM sqlite_master", "CREATE TABLE t2(x int) strict /* x */ ")
        try db.execute("create trigger if not exists main.tr after insert on t2 begin select 1; end /* q */")
        try db.execute("create view if not exists main.v as select 1 /* w */ ")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY rowid",
                   "CREATE TRIGGER tr after insert on t2 begin select 1; end\nCREATE VIEW v as select 1 /* w */")
    }

    func testAlterTableEditsTheTextInPlace() throws {
        let db = Database()
        try db.execute("create table t(\"a b\" int, c, check (c > 0))")
        try db.execute("alter table t add column d int default 3 ;")
        try db.execute("alter table t rename column c to cc")
        try db.execute("alter table t drop column \"a b\"")
        assertRows(db, "SELECT sql FROM sqlite_master", "CREATE TABLE t(cc, d int default 3, check (cc > 0))")
        try db.execute("alter table t rename to T7")
        assertRows(db, "SELECT rowid, sql FROM sqlite_master", "1|CREATE TABLE \"T7\"(cc, d int default 3, check (cc > 0))")
        // A definition whose trailing comment would swallow the `)`: refused, as SQLite does.
        XCTAssertThrowsError(try db.execute("alter table T7 add x -- hi\n;")) { error in
            XCTAssertTrue((error as? SQLError)?.message.hasPrefix("error in table T7 after add column:") ?? false, "\(error)")
        }
        assertRows(db, "PRAGMA table_info(T7)", "0|cc||0||0\n1|d|INT|0|3|0")
    }

    func testForeignKeysFollowARenamedParent() throws {
        let db = Database()
        try db.execute("create table p(id integer primary key, x unique); create table c(a references p(x))")
        try db.execute("alter table p rename column x to y; alter table p rename to q")
        assertRows(db, "SELECT sql FROM sqlite_master WHERE name = 'c'", "CREATE TABLE c(a references \"q\"(y))")
        assertRows(db, "PRAGMA foreign_key_list(c)", "0|0|q|a|y|NO ACTION|NO ACTION|NONE")
        try db.execute("insert into q values (1, 'k'); insert into c values ('k')")
        assertFails(db, "insert into c values ('z')", .constraint, "FOREIGN KEY constraint failed")
    }

    func testRenameToRewritesTheViewsAndTriggersThatNameTheTable() throws {
        let db = Database()
        try db.execute("""
            create table t(a, b); create table t2(x);
            create view v as select t.a, x from t join t2 on t.a = t2.x where t.b in (select b from t);
            create trigger tr after update of a on t when new.a > 0 begin
              insert into t2 values (new.a); update or ignore t set b = 1 where t.a = 0; end;
            create trigger tr2 after insert on t2 begin insert into t(a) select x from t2 where x < 0; end;
            create temp view tv as select a from main.t;
            alter table t rename to u
            """)
        assertRows(db, "select sql from sqlite_master where type in ('view', 'trigger') order by rowid", """
            CREATE VIEW v as select "u".a, x from "u" join t2 on "u".a = t2.x where "u".b in (select b from "u")
            CREATE TRIGGER tr after update of a on "u" when new.a > 0 begin
              insert into t2 values (new.a); update or ignore "u" set b = 1 where "u".a = 0; end
            CREATE TRIGGER tr2 after insert on t2 begin insert into "u"(a) select x from t2 where x < 0; end
            """)
        assertRows(db, "select sql from sqlite_temp_master", "CREATE VIEW tv as select a from main.\"u\"")
        // The trigger still fires on the renamed table, and the view still reads it.
        try db.execute("insert into u values (1, 2); update u set a = 5")
        assertRows(db, "select * from t2", "5")
        assertRows(db, "select * from v", "5|5")
    }

    func testWithoutRowidPrimaryKeyHasNoSchemaRow() throws {
        let db = Database()
        try db.execute("create table t(a primary key, b unique) without rowid; create table u(x)")
        assertRows(db, "SELECT rowid, name FROM sqlite_master", "1|t\n2|sqlite_autoindex_t_2\n3|u")
    }

    func testSchemaVersionCountsSchemaChangesPerSchema() throws {
        let db = Database()
        assertRows(db, "PRAGMA schema_version", "0")
        try db.execute("create table t(a); create index i on t(a); alter table t add column b; alter table t rename to u")
        assertRows(db, "PRAGMA schema_version", "4")
        try db.execute("create table if not exists u(a); insert into u values (1, 2)")
        try db.execute("begin; create table y(a); rollback")
        assertRows(db, "PRAGMA schema_version", "4")
        try db.execute("create temp table tt(a); attach ':memory:' as aux; create table aux.q(a)")
        assertRows(db, "PRAGMA main.schema_version", "4")
        assertRows(db, "PRAGMA temp.schema_version", "1")
        assertRows(db, "PRAGMA aux.schema_version", "1")
        try db.execute("PRAGMA schema_version = 100; create table z(a)")
        assertRows(db, "PRAGMA schema_version", "101")
        try db.execute("PRAGMA user_version = 5; begin; PRAGMA user_version = 7; rollback")
        assertRows(db, "PRAGMA user_version", "5")
        assertRows(db, "PRAGMA aux.user_version", "0")
        assertFails(db, "PRAGMA nosuch.user_version", .unknownTable, "unknown database nosuch")
    }

    func testTableListNamesEverySchemaNewestFirst() throws {
        let db = Database()
        try db.execute("""
            create table x(a integer primary key autoincrement, b unique); create table w(a primary key) without rowid;
            create table s(a int) strict; create view v as select 1, 2, 3; create temp table tt(a, b);
            attach ':memory:' as aux; create table aux.q(a)
            """)
        assertRows(db, "PRAGMA table_list", """
            main|v|view|3|0|0
            main|s|table|1|0|1
            main|w|table|1|1|0
            main|x|table|2|0|0
            main|sqlite_sequence|table|2|0|0
            main|sqlite_schema|table|5|0|0
            temp|tt|table|2|0|0
            temp|sqlite_temp_schema|table|5|0|0
            aux|q|table|1|0|0
            aux|sqlite_schema|table|5|0|0
            """)
        assertRows(db, "PRAGMA temp.table_list", "temp|tt|table|2|0|0\ntemp|sqlite_temp_schema|table|5|0|0")
        assertRows(db, "PRAGMA table_list(sqlite_master)", "main|sqlite_schema|table|5|0|0\naux|sqlite_schema|table|5|0|0")
        assertRows(db, "SELECT name, arg, schema FROM pragma_table_list('q')", "q|q|aux")
    }

    func testPragmasWithoutAnAnswerAreRefusedSayingWhy() throws {
        let db = Database()
        assertFails(db, "PRAGMA page_count", .misuse, "PRAGMA page_count is not supported: the database is not stored in pages")
        assertFails(db, "PRAGMA compile_options", .misuse, "PRAGMA compile_options is not supported: it describes how SQLite was built")
        assertRows(db, "PRAGMA journal_size_limit", "-1")
        assertRows(db, "PRAGMA wal_checkpoint", "0|-1|-1")
        assertRows(db, "SELECT count(*) FROM pragma_pragma_list WHERE name IN ('table_list', 'schema_version', 'table_info')", "3")
    }
}
