// Error messages of rules the suite files check only as "an error": each text is sqlite3 3.40's.
import XCTest
@testable import Engine

final class SQLiteRulesTests: XCTestCase {
    func testCircularCTEReference() {
        XCTAssertEqual(failure("CREATE TABLE t(a); WITH t AS (SELECT * FROM t) SELECT * FROM t")?.message,
                       "circular reference: t")
    }

    func testAnUnreadCTEsColumnCountIsCheckedWhereItIsRead() {
        XCTAssertEqual(answer("WITH c(x, y) AS (SELECT 1) SELECT 5"), ["5"])
        XCTAssertEqual(failure("WITH c(x, y) AS (SELECT 1) SELECT * FROM c")?.message, "table c has 1 values for 2 columns")
    }

    func testAnAggregateInTheOrderByOfAQueryThatAggregatesNothing() {
        XCTAssertEqual(failure("CREATE TABLE t(a); SELECT a FROM t ORDER BY min(a)")?.message, "misuse of aggregate: min()")
    }

    func testQualifiedTableNamesInTriggerBodies() {
        XCTAssertEqual(failure("CREATE TABLE t(a); CREATE TRIGGER r AFTER INSERT ON t BEGIN DELETE FROM main.t; END")?.message,
                       "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers")
    }

    func testIndexClausesOnUpdateAndDelete() {
        let setup = "CREATE TABLE t(a); CREATE INDEX ta ON t(a); CREATE TABLE u(x); CREATE INDEX ux ON u(x); "
        XCTAssertEqual(failure(setup + "DELETE FROM t INDEXED BY nosuch WHERE a = 1")?.message, "no such index: nosuch")
        XCTAssertEqual(failure(setup + "UPDATE t INDEXED BY ux SET a = 2")?.message, "no such index: ux")
        XCTAssertEqual(failure(setup + "CREATE TRIGGER r AFTER INSERT ON u BEGIN DELETE FROM t INDEXED BY ta; END")?.message,
                       "the INDEXED BY clause is not allowed on UPDATE or DELETE statements within triggers")
        XCTAssertEqual(failure(setup + "CREATE TRIGGER r AFTER INSERT ON u BEGIN UPDATE t NOT INDEXED SET a = 1; END")?.message,
                       "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements within triggers")
        XCTAssertEqual(answer(setup + "INSERT INTO t VALUES (1), (2); UPDATE t INDEXED BY ta SET a = a + 10 WHERE a = 1; SELECT a FROM t ORDER BY a"),
                       ["2", "11"])
    }

    func testAnUpsertsDoUpdateIsResolvedBeforeAnyRowConflicts() {
        let setup = "CREATE TABLE t(a PRIMARY KEY, b); "
        XCTAssertEqual(failure(setup + "INSERT INTO t VALUES (1, 1) ON CONFLICT(a) DO UPDATE SET b = nosuch(1)")?.message,
                       "no such function: nosuch")
        XCTAssertEqual(failure(setup + "INSERT INTO t VALUES (1, 1) ON CONFLICT(a) DO UPDATE SET b = nosuchcol")?.message,
                       "no such column: nosuchcol")
        XCTAssertEqual(failure(setup + "INSERT INTO t VALUES (1, 1) ON CONFLICT(a) DO UPDATE SET b = 1 WHERE c > 0")?.message,
                       "no such column: c")
        XCTAssertEqual(answer(setup + "INSERT INTO t VALUES (1, 1); INSERT INTO t VALUES (1, 5), (2, 2), (1, 7) ON CONFLICT(a) DO UPDATE SET b = b + excluded.b; SELECT a, b FROM t ORDER BY a"),
                       ["1|13", "2|2"])
    }

    func testTwoSourcesAnsweringToAQualifiedName() {
        XCTAssertEqual(failure("CREATE TABLE t(a); SELECT t.a FROM t, t")?.message, "ambiguous column name: t.a")
    }

    func testABeforeTriggerSeesMinusOneForARowidStillToBeChosen() {
        XCTAssertEqual(answer("""
            CREATE TABLE u(id INTEGER PRIMARY KEY, v); CREATE TABLE log(x, y);
            CREATE TRIGGER b BEFORE INSERT ON u BEGIN INSERT INTO log VALUES (new.id, new.rowid); END;
            INSERT INTO u(v) VALUES (1); INSERT INTO u VALUES (7, 2); SELECT * FROM log
            """), ["-1|-1", "7|7"])
    }

    func testWithClauseRules() {
        XCTAssertEqual(failure("WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a")?.message, "duplicate WITH table name: a")
        // Used to run forever: an aggregate answers a row even over no rows.
        XCTAssertEqual(failure("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT max(x) + 1 FROM c WHERE x < 3) SELECT * FROM c")?.message,
                       "recursive aggregate queries not supported")
        XCTAssertEqual(failure("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT c.x + 1 FROM c, c AS d) SELECT * FROM c")?.message,
                       "multiple references to recursive table: c")
    }

    func testAWindowFunctionInsideAnAggregate() {
        XCTAssertEqual(failure("CREATE TABLE t(a); SELECT sum(row_number() OVER ()) FROM t")?.message,
                       "misuse of window function row_number()")
    }

    func testACheckConstraintMayNotReadTheClock() {
        // Refused when the constraint runs, as SQLite knows only then that 'now' is read.
        let setup = "CREATE TABLE t(a CHECK (a <> date('now')), b CHECK (b <> date('2020-01-01'))); "
        XCTAssertEqual(failure(setup + "INSERT INTO t VALUES (1, 2)")?.message,
                       "non-deterministic use of date() in a CHECK constraint")
        XCTAssertEqual(answer("CREATE TABLE t(b CHECK (b <> date('2020-01-01')), c DEFAULT (date('now'))); INSERT INTO t(b) VALUES (2); SELECT b, length(c) FROM t"),
                       ["2|10"])
    }
}
