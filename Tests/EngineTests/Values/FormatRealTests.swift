// formatReal and printf's real conversions against sqlite3's "%!.15g" output.
import XCTest
@testable import Engine

final class FormatRealTests: XCTestCase {
    /// (input, what sqlite3 prints for it)
    static let cases: [(Double, String)] = [
        (0.1 + 0.2, "0.3"), (1.0, "1.0"), (1e20, "1.0e+20"), (2.5e-07, "2.5e-07"),
        (123456789012345678.0, "1.23456789012346e+17"), (-0.0, "0.0"), (.infinity, "Inf"),
        (-.infinity, "-Inf"), (1e15, "1.0e+15"), (1e14, "100000000000000.0"),
        (123456789012345.0, "123456789012345.0"), (1234567890123456.0, "1.23456789012346e+15"),
        (0.0001, "0.0001"), (0.00001, "1.0e-05"), (1.5e-5, "1.5e-05"), (100.0, "100.0"),
        (1e-300, "1.0e-300"), (5e-324, "4.94065645841247e-324"),
        (1.7976931348623157e308, "1.79769313486232e+308"), (3.14159265358979, "3.14159265358979"),
        (2.0 / 3, "0.666666666666667"), (0.0, "0.0"), (-1.5, "-1.5"), (9.99999999999999e14, "999999999999999.0"),
        (0.1, "0.1"), (1.0 / 3, "0.333333333333333"), (-2.5e-7, "-2.5e-07"), (12345.678, "12345.678"),
    ]

    func testFormatReal() {
        for (input, expected) in Self.cases {
            XCTAssertEqual(formatReal(input), expected, "formatReal(\(input))")
        }
    }
}
