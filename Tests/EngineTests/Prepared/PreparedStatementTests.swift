// Prepared statements: the tail of a script, parameter numbers and names, rerunning with new
// values, column names before a run and declared types (what the C ABI hands a host language).
import XCTest
@testable import Engine

final class PreparedStatementTests: XCTestCase {
    func testTailOffsetStepsThroughAScript() throws {
        let db = Database()
        let script = "CREATE TABLE t(a); INSERT INTO t VALUES (1) ;  -- done\n"
        let first = try XCTUnwrap(try db.prepare(script))
        XCTAssertEqual(first.tailOffset, "CREATE TABLE t(a);".utf8.count)
        _ = try first.run(parameters: [])
        let rest = String(script.utf8.dropFirst(first.tailOffset))!
        let second = try XCTUnwrap(try db.prepare(rest))
        XCTAssertTrue(second.isDataChange)
        XCTAssertEqual(second.tailOffset, " INSERT INTO t VALUES (1) ;".utf8.count)
        _ = try second.run(parameters: [])
        XCTAssertNil(try db.prepare(String(rest.utf8.dropFirst(second.tailOffset))!))
        XCTAssertEqual(try db.execute("SELECT a FROM t").rows, [[.integer(1)]])
    }

    func testParametersByNumberAndName() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER, b TEXT)")
        let insert = try XCTUnwrap(try db.prepare("INSERT INTO t VALUES (:a, :b)"))
        XCTAssertEqual(insert.parameterCount, 2)
        XCTAssertEqual(insert.parameterNumbers, [":a": 1, ":b": 2])
        for i in 1...3 { _ = try insert.run(parameters: [.integer(Int64(i)), .text("x\(i)")]) }
        XCTAssertEqual(db.lastInsertRowid, 3)
        let numbered = try XCTUnwrap(try db.prepare("SELECT ?2, ?"))
        XCTAssertEqual(numbered.parameterCount, 3)
        XCTAssertEqual(try numbered.run(parameters: [.integer(1), .integer(2), .integer(3)]).rows,
                       [[.integer(2), .integer(3)]])
    }

    func testColumnsBeforeTheRunAndDeclaredTypes() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR(10), n)")
        let query = try XCTUnwrap(try db.prepare("SELECT t.*, x.name AS other, id + 1 FROM t JOIN t AS x USING (id)"))
        XCTAssertTrue(query.isQuery)
        XCTAssertEqual(try query.columnNames(), ["id", "name", "n", "other", "id + 1"])
        XCTAssertEqual(query.declaredTypes(count: 5), ["INTEGER", "VARCHAR(10)", nil, "VARCHAR(10)", nil])
        XCTAssertEqual(try XCTUnwrap(try db.prepare("INSERT INTO t VALUES (1, 'a', 2)")).columnNames(), [])
    }

    func testAFailingRunChangesNothingAndReportsItsKind() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a UNIQUE)")
        let insert = try XCTUnwrap(try db.prepare("INSERT INTO t VALUES (?), (?)"))
        XCTAssertThrowsError(try insert.run(parameters: [.integer(1), .integer(1)])) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .constraint)
        }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(0)]])
        XCTAssertThrowsError(try db.prepare("SELECT FROM")) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .syntax)
            XCTAssertNotNil((error as? SQLError)?.position)
        }
        XCTAssertFalse(db.isInTransaction)
        try db.execute("BEGIN")
        XCTAssertTrue(db.isInTransaction)
    }
}

/// A prepared query keeps its compiled plan between runs while the schema stays the same: each
/// rerun must still see the rows as they are now and its new parameters, exactly as the same
/// query compiled afresh does.
final class PreparedPlanReuseTests: XCTestCase {
    private let queries = [
        "SELECT b FROM t WHERE a = ?1",
        "SELECT count(*) FROM t",
        "SELECT a, b FROM t WHERE b > ?1 ORDER BY b DESC LIMIT 3",
        "SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE c = ?1) ORDER BY a",
        "SELECT (SELECT max(c) FROM u), (SELECT count(*) FROM u WHERE c < ?1)",
        "SELECT t.a, u.c FROM t JOIN u ON u.a = t.a WHERE t.a <= ?1 ORDER BY 1, 2",
        "SELECT b % 3, count(*), sum(a) FROM t GROUP BY 1 ORDER BY 1",
        "WITH w AS (SELECT a FROM t WHERE a > ?1) SELECT count(*) FROM w",
        "SELECT EXISTS (SELECT 1 FROM u WHERE c = ?1)",
        "SELECT * FROM t",
    ]

    func testRerunsSeeNewRowsParametersAndSchema() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER); CREATE TABLE u(a INTEGER, c INTEGER)")
        let prepared = try queries.map { try XCTUnwrap(try db.prepare($0)) }
        var step = 0
        func check(_ label: String) throws {
            for (query, statement) in zip(queries, prepared) {
                for parameter in [Int64(2), Int64(step % 7 + 1)] {
                    let fresh = try db.execute(query, parameters: [.integer(parameter)])
                    let reused = try statement.run(parameters: [.integer(parameter)])
                    XCTAssertEqual(reused.rows, fresh.rows, "\(label): \(query) with \(parameter)")
                    XCTAssertEqual(reused.columns, fresh.columns, "\(label): \(query)")
                }
            }
            step += 1
        }
        try check("empty")
        for i in 1...6 {
            try db.execute("INSERT INTO t VALUES (?, ?)", parameters: [.integer(Int64(i)), .integer(Int64(i * 10))])
            try db.execute("INSERT INTO u VALUES (?, ?)", parameters: [.integer(Int64(i)), .integer(Int64(i % 3))])
            try check("after insert \(i)")
        }
        try db.execute("UPDATE t SET b = b + 1 WHERE a % 2 = 0")
        try check("after update")
        try db.execute("BEGIN; DELETE FROM u WHERE c = 1")
        try check("inside a transaction")
        try db.execute("ROLLBACK")
        try check("after rollback")
        try db.execute("CREATE INDEX t_b ON t(b); CREATE INDEX u_c ON u(c)")
        try check("after CREATE INDEX")
        try db.execute("ALTER TABLE t ADD COLUMN d DEFAULT 'x'")
        try check("after ALTER TABLE")
        try db.execute("BEGIN; DROP INDEX t_b; DELETE FROM t WHERE a > 4; ROLLBACK")
        try check("after a rolled back DROP INDEX")
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (1, 1, 1)"))
        try check("after a failed insert")
    }

    func testAQueryOfADroppedTableFailsAndWorksAgainWhenItReturns() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1)")
        let query = try XCTUnwrap(try db.prepare("SELECT a FROM t"))
        XCTAssertEqual(try query.run(parameters: []).rows, [[.integer(1)]])
        try db.execute("DROP TABLE t")
        XCTAssertThrowsError(try query.run(parameters: [])) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .unknownTable)
        }
        try db.execute("CREATE TABLE t(b, a); INSERT INTO t VALUES (5, 6)")
        XCTAssertEqual(try query.run(parameters: []).rows, [[.integer(6)]])
    }
}

/// runEach: one prepared INSERT for many parameter sets, each set its own atomic statement.
final class PreparedRunEachTests: XCTestCase {
    /// A `next` closure handing out the sets one at a time, counting how many it gave.
    private func sets(_ values: [[Value]], given: UnsafeMutablePointer<Int>) -> (inout [Value]) -> Bool {
        return { parameters in
            guard given.pointee < values.count else { return false }
            parameters = values[given.pointee]
            given.pointee += 1
            return true
        }
    }

    func testEachSetIsAStatementAndAFailingSetStopsTheRun() throws {
        let db = Database()
        try db.execute("""
            CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n DEFAULT 7);
            CREATE TABLE log(what); CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.name); END
            """)
        let insert = try XCTUnwrap(try db.prepare("INSERT OR IGNORE INTO t(id, name) VALUES (?, ?)"))
        var given = 0
        let written = try insert.runEach(sets([[.integer(1), .text("a")], [.null, .text("b")], [.integer(9), .text("a")]], given: &given))
        XCTAssertEqual(written, 2)                 // the third is ignored (name is UNIQUE)
        XCTAssertEqual(db.lastInsertRowid, 2)
        XCTAssertEqual(try db.execute("SELECT id, name, n FROM t ORDER BY id").rows,
                       [[.integer(1), .text("a"), .integer(7)], [.integer(2), .text("b"), .integer(7)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM log").rows, [[.integer(2)]])

        let strict = try XCTUnwrap(try db.prepare("INSERT INTO t(id, name) VALUES (?, ?)"))
        given = 0
        XCTAssertThrowsError(try strict.runEach(sets([[.integer(3), .text("c")], [.integer(4), .null], [.integer(5), .text("e")]],
                                                     given: &given))) { error in
            XCTAssertEqual((error as? SQLError)?.kind, .constraint)
        }
        XCTAssertEqual(given, 2)                   // the set after the failing one never ran
        XCTAssertEqual(try db.execute("SELECT id FROM t ORDER BY id").rows, [[.integer(1)], [.integer(2)], [.integer(3)]])
        XCTAssertEqual(try db.execute("SELECT count(*) FROM log").rows, [[.integer(3)]])
        XCTAssertFalse(db.isInTransaction)
    }

    func testAnUpsertRunForEachSetUpdatesTheRowsItConflictsWith() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO t VALUES (1, 10)")
        let upsert = try XCTUnwrap(try db.prepare(
            "INSERT INTO t VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET n = n + excluded.n WHERE excluded.n > 0"))
        var given = 0
        let written = try upsert.runEach(sets([[.integer(1), .integer(5)], [.integer(2), .integer(7)], [.integer(1), .integer(-3)],
                                               [.integer(2), .integer(1)]], given: &given))
        XCTAssertEqual(given, 4)
        XCTAssertEqual(written, 3)                 // the third set's WHERE refuses its update
        XCTAssertEqual(try db.execute("SELECT id, n FROM t ORDER BY id").rows,
                       [[.integer(1), .integer(15)], [.integer(2), .integer(8)]])
    }

    func testAnInsertWithASelectOrAWithClauseRunsForEachSet() throws {
        let db = Database()
        try db.execute("CREATE TABLE src(k, v); INSERT INTO src VALUES (1, 'a'), (2, 'b'), (2, 'c'); CREATE TABLE t(k, v)")
        var given = 0
        let copy = try XCTUnwrap(try db.prepare("WITH w AS (SELECT k, v FROM src WHERE k = ?) INSERT INTO t SELECT k, v || ? FROM w"))
        XCTAssertEqual(try copy.runEach(sets([[.integer(2), .text("!")], [.integer(1), .text("?")], [.integer(9), .text("")]],
                                             given: &given)), 3)
        XCTAssertEqual(try db.execute("SELECT k, v FROM t ORDER BY v").rows,
                       [[.integer(1), .text("a?")], [.integer(2), .text("b!")], [.integer(2), .text("c!")]])
    }

    func testATriggerFiredByEachRowSeesThatRow() throws {
        // The trigger compiles once for the statement and reads each row's OLD and NEW.
        let db = Database()
        try db.execute("""
            CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE TABLE log(x, y);
            CREATE TRIGGER ins AFTER INSERT ON t WHEN new.b % 2 = 0 BEGIN
              INSERT INTO log VALUES (new.a, new.b * 2); UPDATE log SET y = y + 1 WHERE rowid = last_insert_rowid();
            END;
            CREATE TRIGGER upd BEFORE UPDATE OF b ON t BEGIN DELETE FROM log WHERE x = old.a; SELECT RAISE(ABORT, 'odd') WHERE new.b = 1000; END;
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100) INSERT INTO t SELECT i, i FROM s;
            UPDATE t SET b = b + 1 WHERE a <= 10;
            """)
        XCTAssertEqual(try db.execute("SELECT count(*), sum(y) FROM log").rows, [[.integer(45), .integer(5085)]])
        XCTAssertThrowsError(try db.execute("UPDATE t SET b = 1000 WHERE a > 95")) { error in
            XCTAssertEqual((error as? SQLError)?.message, "odd")
        }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM log").rows, [[.integer(45)]])
    }

    func testNoSetsNoErrorAndATransactionRollsTheSetsBack() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a, b)")
        var given = 0
        let wrongColumn = try XCTUnwrap(try db.prepare("INSERT INTO t(nope) VALUES (?)"))
        XCTAssertEqual(try wrongColumn.runEach(sets([], given: &given)), 0)
        XCTAssertThrowsError(try wrongColumn.runEach(sets([[.integer(1)]], given: &given)))
        try db.execute("BEGIN")
        let insert = try XCTUnwrap(try db.prepare("INSERT INTO t VALUES (?, ? * 2)"))
        given = 0
        XCTAssertEqual(try insert.runEach(sets((1...100).map { [.integer(Int64($0)), .integer(Int64($0))] }, given: &given)), 100)
        XCTAssertEqual(try db.execute("SELECT count(*), sum(b) FROM t").rows, [[.integer(100), .integer(10100)]])
        try db.execute("ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(0)]])
    }

    func testOtherStatementsRunSetBySet() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)")
        var given = 0
        let update = try XCTUnwrap(try db.prepare("UPDATE t SET a = a * 10 WHERE a <= ?"))
        XCTAssertEqual(try update.runEach(sets([[.integer(1)], [.integer(2)]], given: &given)), 2)
        let returning = try XCTUnwrap(try db.prepare("INSERT INTO t VALUES (?) RETURNING a"))
        given = 0
        XCTAssertEqual(try returning.runEach(sets([[.integer(4)], [.integer(5)]], given: &given)), 2)
        XCTAssertEqual(try db.execute("SELECT a FROM t ORDER BY a").rows,
                       [[.integer(3)], [.integer(4)], [.integer(5)], [.integer(10)], [.integer(20)]])
    }
}
