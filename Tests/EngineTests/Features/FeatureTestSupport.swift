// Feature tests run SQL through Database.execute and compare with what sqlite3 3.40 prints for
// the same SQL in its default list mode ("|" between values, NULL as nothing).
import XCTest
@testable import Engine

/// The rows of the last statement in `sql`, as sqlite3's list mode prints them.
func listOutput(_ db: Database, _ sql: String, parameters: [Value] = []) throws -> String {
    let result = try db.execute(sql, parameters: parameters)
    return ResultFormatter(format: .list).render(result)
}

/// Runs `sql` and checks the rows against sqlite3's output (lines joined with "\n").
func assertRows(_ db: Database, _ sql: String, _ expected: String, parameters: [Value] = [],
                file: StaticString = #filePath, line: UInt = #line) {
    do {
        let got = try listOutput(db, sql, parameters: parameters)
        XCTAssertEqual(got, expected.isEmpty ? "" : expected + "\n", sql, file: file, line: line)
    } catch {
        XCTFail("\(sql): \(error)", file: file, line: line)
    }
}

/// Runs `sql` and checks it fails with this kind and sqlite3's message.
func assertFails(_ db: Database, _ sql: String, _ kind: SQLError.Kind, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try db.execute(sql), sql, file: file, line: line) { error in
        XCTAssertEqual((error as? SQLError)?.kind, kind, sql, file: file, line: line)
        XCTAssertEqual((error as? SQLError)?.message, message, sql, file: file, line: line)
    }
}
