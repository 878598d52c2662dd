// Value ordering and collations against sqlite3's ORDER BY and COLLATE results.
import XCTest
@testable import Engine

final class ComparisonTests: XCTestCase {
    /// `select quote(column1) from (values ...) order by column1` in sqlite3 3.40, in its order.
    static let sorted = [
        "NULL", "-9.3e18", "-9223372036854775808", "-1.5", "-1", "2", "2.5", "9223372036854775807",
        "9223372036854775806.0", "''", "'B'", "'a'", "'a '", "'b'", "'é'", "x''", "x'00'",
    ]

    func testTotalOrderMatchesSQLite() {
        let values = Self.sorted.map { sqlLiteral(Substring($0)) }
        for (i, a) in values.enumerated() {
            for (j, b) in values.enumerated() {
                let c = Value.compare(a, b)
                let expected = i < j ? -1 : (i > j ? 1 : 0)
                XCTAssertEqual(c.signum(), expected, "compare(\(Self.sorted[i]), \(Self.sorted[j]))")
            }
        }
        XCTAssertEqual(values.shuffled().sorted { Value.compare($0, $1) < 0 }, values)
    }

    func testIntegerAndRealCompareExactly() {
        let cases: [(Value, Value, Int)] = [
            (.integer(1), .real(1.0), 0), (.real(1.5), .integer(1), 1), (.integer(2), .real(1.5), 1),
            (.integer(9007199254740993), .real(9007199254740992.0), 1),
            (.integer(Int64.max), .real(9223372036854775808.0), -1),
            (.integer(Int64.min), .real(-9223372036854775808.0), 0),
            (.real(-0.0), .integer(0), 0), (.real(.infinity), .integer(Int64.max), 1),
        ]
        for (a, b, expected) in cases {
            XCTAssertEqual(Value.compare(a, b).signum(), expected, "compare(\(a), \(b))")
            XCTAssertEqual(Value.compare(b, a).signum(), -expected, "compare(\(b), \(a))")
        }
    }

    /// sqlite3: 'a ' = 'a' COLLATE RTRIM is 1, 'É' = 'é' COLLATE NOCASE is 0, and so on.
    func testCollations() {
        let cases: [(String, String, Collation, Int)] = [
            ("a ", "a", .rtrim, 0), ("a", "a ", .rtrim, 0), ("ab", "a ", .rtrim, 1), ("a", "b  ", .rtrim, -1),
            ("É", "é", .nocase, -1), ("ABC", "abc", .nocase, 0), ("a", "B", .nocase, -1), ("[", "a", .nocase, -1),
            ("a", "B", .binary, 1), ("a ", "a", .binary, 1), ("", "", .binary, 0),
        ]
        for (a, b, collation, expected) in cases {
            XCTAssertEqual(Value.compare(.text(a), .text(b), collation: collation).signum(), expected,
                           "'\(a)' vs '\(b)' \(collation)")
        }
        XCTAssertEqual(Collation(name: "NoCase"), .nocase)
        XCTAssertNil(Collation(name: "french"))
        // Non-text values are ordered the same under every collation.
        XCTAssertEqual(Value.compare(.integer(1), .text("a"), collation: .nocase), -1)
    }
}
