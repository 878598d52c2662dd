import Engine
import XCTest
@testable import SQLLogicTest

final class QueryJudgeTests: XCTestCase {
    private func judge(_ query: Query, _ rows: [[Value]], threshold: Int = 8) -> QueryVerdict {
        var labels: [String: String] = [:]
        return QueryJudge.judge(query, columnCount: rows.first?.count ?? query.types.count, rows: rows,
                                hashThreshold: threshold, labels: &labels)
    }

    func testRowsortComparesColumnByColumnBytewise() {
        let rows: [[Value]] = [[.integer(10), .text("b")], [.integer(9), .text("a")], [.integer(10), .text("a")]]
        XCTAssertEqual(QueryJudge.renderedValues(rows: rows, types: [.integer, .text], sort: .rowsort),
                       ["10", "a", "10", "b", "9", "a"])
        XCTAssertEqual(QueryJudge.renderedValues(rows: rows, types: [.integer, .text], sort: .nosort),
                       ["10", "b", "9", "a", "10", "a"])
    }

    func testValuesortSortsEveryValue() {
        let rows: [[Value]] = [[.integer(3), .text("B")], [.null, .text("a")]]
        XCTAssertEqual(QueryJudge.renderedValues(rows: rows, types: [.integer, .text], sort: .valuesort),
                       ["3", "B", "NULL", "a"])
    }

    func testHashThreshold() {
        let rows: [[Value]] = (1...9).map { [.integer(Int64($0))] }
        let lines = (1...9).map(String.init)
        let hashLine = "9 values hashing to 22e400a2ddbb013acf2a5852d6ab69fc"  // md5 of "1\n2\n...9\n"
        XCTAssertTrue(judge(Query(types: [.integer], sql: "", expected: [hashLine]), rows).passed)
        XCTAssertFalse(judge(Query(types: [.integer], sql: "", expected: lines), rows).passed)
        // 0 never hashes; 9 values are not "more than 9".
        XCTAssertTrue(judge(Query(types: [.integer], sql: "", expected: lines), rows, threshold: 0).passed)
        XCTAssertTrue(judge(Query(types: [.integer], sql: "", expected: lines), rows, threshold: 9).passed)
        XCTAssertEqual(judge(Query(types: [.integer], sql: "", expected: []), rows).actual, [hashLine])
    }

    func testTooManyOrTooFewLinesFail() {
        let rows: [[Value]] = [[.integer(1)], [.integer(2)]]
        XCTAssertFalse(judge(Query(types: [.integer], sql: "", expected: ["1"]), rows).passed)
        XCTAssertFalse(judge(Query(types: [.integer], sql: "", expected: ["1", "2", "3"]), rows).passed)
        XCTAssertTrue(judge(Query(types: [.integer], sql: "", expected: ["1", "2"]), rows).passed)
    }

    func testColumnCountMustMatchTypeString() {
        var labels: [String: String] = [:]
        let verdict = QueryJudge.judge(Query(types: [.integer], sql: "", expected: ["1", "2"]), columnCount: 2,
                                       rows: [[.integer(1), .integer(2)]], hashThreshold: 8, labels: &labels)
        XCTAssertFalse(verdict.passed)
        XCTAssertEqual(verdict.reason, "wrong number of columns: the type string has 1, the query returned 2")
    }

    func testLabelsCompareHashesAcrossQueries() {
        var labels: [String: String] = [:]
        let one: [[Value]] = [[.integer(1)], [.integer(2)]]
        let q = Query(types: [.integer], sort: .rowsort, label: "L", sql: "", expected: ["1", "2"])
        let first = QueryJudge.judge(q, columnCount: 1, rows: one, hashThreshold: 8, labels: &labels)
        XCTAssertTrue(first.passed)
        XCTAssertEqual(labels["L"], MD5.hex("1\n2\n"))
        // Same values in another order: same hash after sorting.
        XCTAssertTrue(QueryJudge.judge(q, columnCount: 1, rows: one.reversed(), hashThreshold: 8, labels: &labels).passed)
        // Its own block matches, but the label's hash differs: a failure.
        let other = Query(types: [.integer], sort: .rowsort, label: "L", sql: "", expected: ["1"])
        let verdict = QueryJudge.judge(other, columnCount: 1, rows: [[.integer(1)]], hashThreshold: 8, labels: &labels)
        XCTAssertFalse(verdict.passed)
        XCTAssertTrue(verdict.reason?.contains("the first result labeled 'L'") == true)
    }
}
