// The math functions against answers produced by sqlite3 3.40 (Debian builds them in).
import XCTest
@testable import Engine

final class MathFunctionsTests: XCTestCase {
    func testMathFunctionsMatchSQLite() {
        XCTAssertEqual(answer("SELECT ceil(1.5), ceil(-1.5), ceil(3), ceil('3'), ceil('3.0'), ceil('abc'), ceil(NULL), ceil(x'41'), ceiling(2.1)"),
                       ["2.0|-1.0|3|3|3.0||||3.0"])
        XCTAssertEqual(answer("SELECT floor(-0.5), floor(7), trunc(-2.7), trunc(2.7), trunc(' 4')"), ["-1.0|7|-2.0|2.0|4"])
        XCTAssertEqual(answer("SELECT ln(0), ln(-1), ln(1), log(100), log(2, 8), log(1, 8), log(0.5, 8), log(10, -1), log2(8), log10(1000)"),
                       ["||0.0|2.0|3.0||||3.0|3.0"])
        XCTAssertEqual(answer("SELECT exp(1000), sqrt(-1), pow(2, 10), pow(0, -1), mod(7, 3), mod(-7, 3), mod(7.5, 2), mod(1, 0)"),
                       ["Inf||1024.0|Inf|1.0|-1.0|1.5|"])
        XCTAssertEqual(answer("SELECT degrees(pi()), radians(180), asin(2), acos(1), atanh(1), typeof(ceil(1)), typeof(pow(2, 2))"),
                       ["180.0|3.14159265358979||0.0|Inf|integer|real"])
    }
}
