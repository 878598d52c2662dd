import XCTest

final class ResultsTestsPlaceholder: XCTestCase {}
