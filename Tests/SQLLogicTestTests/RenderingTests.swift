import Engine
import XCTest
@testable import SQLLogicTest

final class RenderingTests: XCTestCase {
    func testIntegerColumns() {
        let cases: [(Value, String)] = [
            (.null, "NULL"),
            (.integer(42), "42"),
            (.integer(-7), "-7"),
            (.integer(4_294_967_297), "1"),              // low 32 bits
            (.integer(2_147_483_648), "-2147483648"),
            (.real(-3.9), "-3"),                         // truncated toward zero
            (.real(3.9), "3"),
            (.real(1e30), "-1"),                          // clamped to Int64.max, then low 32 bits
            (.text("12abc"), "12"),
            (.text("  -5"), "-5"),
            (.text("1e5"), "1"),
            (.text("abc"), "0"),
            (.text(""), "0"),
            (.blob(Array("77".utf8)), "77"),
        ]
        for (value, want) in cases {
            XCTAssertEqual(ValueRendering.render(value, as: .integer), want, "\(value)")
        }
    }

    func testRealColumns() {
        let cases: [(Value, String)] = [
            (.null, "NULL"),
            (.integer(3), "3.000"),
            (.real(0.1 + 0.2), "0.300"),
            (.real(-0.0001), "-0.000"),
            (.real(0.0625), "0.063"),                      // SQLite rounds half up on the digits
            (.real(2.5), "2.500"),
            (.real(-9223372036854775808.0), "-9223372036854776000.000"),  // 16 significant digits
            (.integer(Int64.min), "-9223372036854776000.000"),
            (.real(1e20), "100000000000000000000.000"),
            (.real(123456.789), "123456.789"),
            (.real(0.0005), "0.001"),
            (.real(0.0004), "0.000"),
            (.real(999.9996), "1000.000"),
            (.text("1.5e2x"), "150.000"),
            (.text("abc"), "0.000"),
            (.real(.infinity), "Inf"),
            (.real(-.infinity), "-Inf"),
        ]
        for (value, want) in cases {
            XCTAssertEqual(ValueRendering.render(value, as: .real), want, "\(value)")
        }
    }

    func testTextColumns() {
        let cases: [(Value, String)] = [
            (.null, "NULL"),
            (.integer(-12), "-12"),
            (.real(0.1 + 0.2), "0.3"),
            (.real(1.0), "1.0"),
            (.real(-2.0), "-2.0"),
            (.real(1e20), "1.0e+20"),
            (.real(2.5e-07), "2.5e-07"),
            (.real(123456789012345678.0), "1.23456789012346e+17"),
            (.real(100.0), "100.0"),
            (.real(0.0001), "0.0001"),
            (.real(1e15), "1.0e+15"),
            (.real(1e14), "100000000000000.0"),
            (.real(1e-100), "1.0e-100"),
            (.text(""), "(empty)"),
            (.text("a\tb"), "a@b"),
            (.text("é"), "@@"),
            (.text("tilde~"), "tilde~"),
            (.text("a\u{0}b"), "a"),                      // read as a C string
            (.blob([0x41, 0x7F, 0x42]), "A@B"),
        ]
        for (value, want) in cases {
            XCTAssertEqual(ValueRendering.render(value, as: .text), want, "\(value)")
        }
    }
}

/// `run --verbose` spells out a failing record: its SQL and the changed lines in context.
final class FailureDetailTests: XCTestCase {
    func testDetailShowsTheChangedLinesInContext() {
        let expected = (1...20).map(String.init)
        var actual = expected
        actual[9] = "ten"
        actual.append("21")
        let failure = RecordFailure(line: 7, kind: "query", sql: "SELECT x FROM t", message: "wrong result",
                                    expected: expected.joined(separator: "\n"), actual: actual.joined(separator: "\n"))
        let lines = failure.detail(indent: "").split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["SELECT x FROM t", "--- expected (20 lines)  +++ actual (21 lines)",
                               "...", "  8", "  9", "- 10", "+ ten", "  11", "  12", "...", "  19", "  20", "+ 21"])
    }

    func testDetailOfAStatementNamesTheError() {
        let failure = RecordFailure(line: 3, kind: "statement", sql: "INSERT INTO t VALUES (1)",
                                    message: "statement failed", error: "no such table: t")
        XCTAssertEqual(failure.detail(indent: "  "), "  INSERT INTO t VALUES (1)\n  error: no such table: t")
    }
}
