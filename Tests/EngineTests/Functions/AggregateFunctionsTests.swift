// Aggregate functions against answers taken from sqlite3 3.40
// (`select quote(<aggregate>) from (values ...)`).
import XCTest
@testable import Engine

final class AggregateFunctionsTests: XCTestCase {
    /// (name, argument count, rows of literal arguments, what sqlite3 gives for quote(result))
    static let cases: [(String, Int, [[String]], String)] = [
        ("count", 0, [["1"], ["NULL"], ["3"]], "3"),
        ("count", 0, [], "0"),
        ("count", 1, [["1"], ["NULL"], ["3"]], "2"),
        ("count", 1, [], "0"),
        ("count", 1, [["NULL"], ["NULL"]], "0"),
        ("sum", 1, [["1"], ["2"], ["3"]], "6"),
        ("sum", 1, [["1"], ["2.5"], ["NULL"]], "3.5"),
        ("sum", 1, [["NULL"], ["NULL"]], "NULL"),
        ("sum", 1, [], "NULL"),
        ("sum", 1, [["'12'"], ["3"]], "15"),
        ("sum", 1, [["'12abc'"], ["3"]], "15.0"),
        ("sum", 1, [["'abc'"]], "0.0"),
        ("sum", 1, [["' 1e3 '"], ["1"]], "1001.0"),
        ("sum", 1, [["x'3132'"]], "12.0"),
        ("sum", 1, [["9223372036854775807"], ["1"]], "error: integer overflow"),
        ("sum", 1, [["9223372036854775807"], ["1.0"], ["1"]], "9.2233720368547758078e+18"),
        ("sum", 1, [["1.0"], ["9223372036854775807"], ["1"]], "9.2233720368547758078e+18"),
        ("sum", 1, [["-9223372036854775808"], ["-1"]], "error: integer overflow"),
        ("sum", 1, [["9223372036854775807"], ["1"], ["-5"]], "error: integer overflow"),
        ("sum", 1, [["0.1"], ["0.2"]], "3.00000000000000044408e-01"),
        ("total", 1, [["1"], ["2"], ["3"]], "6.0"),
        ("total", 1, [], "0.0"),
        ("total", 1, [["NULL"]], "0.0"),
        ("total", 1, [["'x'"]], "0.0"),
        ("total", 1, [["9223372036854775807"], ["1"]], "9.2233720368547758078e+18"),
        ("avg", 1, [["1"], ["2"]], "1.5"),
        ("avg", 1, [["1"], ["2"], ["NULL"], ["4"]], "2.33333333333333348136e+00"),
        ("avg", 1, [], "NULL"),
        ("avg", 1, [["'3'"]], "3.0"),
        ("avg", 1, [["1.5"], ["'a'"]], "0.75"),
        ("min", 1, [["3"], ["1"], ["2"]], "1"),
        ("min", 1, [["NULL"], ["'b'"], ["'a'"], ["2.5"]], "2.5"),
        ("min", 1, [], "NULL"),
        ("max", 1, [["3"], ["1"], ["2"]], "3"),
        ("max", 1, [["1"], ["'a'"], ["x'00'"], ["2.0"]], "X'00'"),
        ("max", 1, [["1"], ["1.0"]], "1"),
        ("min", 1, [["1"], ["1.0"]], "1"),
        ("max", 1, [["1.0"], ["1"]], "1.0"),
        ("max", 1, [["9223372036854775807"], ["9223372036854775806.0"]], "9.2233720368547758078e+18"),
        ("max", 1, [["'B'"], ["'a'"]], "'a'"),
        ("max", 1, [["NULL"]], "NULL"),
        ("group_concat", 1, [["'a'"], ["'b'"], ["NULL"], ["'c'"]], "'a,b,c'"),
        ("group_concat", 1, [], "NULL"),
        ("group_concat", 1, [["NULL"]], "NULL"),
        ("group_concat", 1, [["''"]], "''"),
        ("group_concat", 1, [["1"], ["2.5"], ["x'41'"]], "'1,2.5,A'"),
        ("group_concat", 2, [["1", "'-'"], ["2", "'+'"], ["3", "NULL"], ["4", "'*'"]], "'1+23*4'"),
        ("group_concat", 2, [["'a'", "' :: '"], ["'b'", "' :: '"]], "'a :: b'"),
        ("group_concat", 2, [["NULL", "'x'"], ["'a'", "'y'"], ["'b'", "'z'"]], "'azb'"),
        ("group_concat", 2, [["'a'", "1"], ["'b'", "2"]], "'a2b'"),
    ]

    /// Runs one aggregate over `rows` the way the executor will: a fresh accumulator, one step
    /// per row, then finish.
    private func aggregate(_ name: String, _ arity: Int, _ rows: [[String]]) -> Result<Value, Error> {
        Result {
            guard let function = FunctionRegistry.aggregate(name, argumentCount: arity) else {
                throw SQLError(.unknownFunction, "no such function: \(name)")
            }
            let accumulator = function.make()
            for row in rows { try accumulator.step(arity == 0 ? [] : row.map { sqlLiteral(Substring($0)) }) }
            return try accumulator.finish()
        }
    }

    func testAggregatesMatchSQLite() {
        for (name, arity, rows, expected) in Self.cases {
            XCTAssertEqual(quoted(aggregate(name, arity, rows)), expected, "\(name) over \(rows)")
        }
    }

    func testOverflowIsARuntimeError() {
        guard case .failure(let error as SQLError) = aggregate("sum", 1, [["9223372036854775807"], ["1"]]) else {
            return XCTFail("sum did not fail")
        }
        XCTAssertEqual(error.kind, .runtime)
        XCTAssertEqual(error.message, "integer overflow")
    }

    func testEachGroupGetsAFreshAccumulator() throws {
        let count = try XCTUnwrap(FunctionRegistry.aggregate("count", argumentCount: 1))
        let first = count.make()
        try first.step([.integer(1)])
        XCTAssertEqual(try count.make().finish(), .integer(0))
        XCTAssertEqual(try first.finish(), .integer(1))
    }
}
