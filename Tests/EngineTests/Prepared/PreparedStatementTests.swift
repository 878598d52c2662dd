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
