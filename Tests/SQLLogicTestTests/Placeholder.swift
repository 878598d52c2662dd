import XCTest

final class SQLLogicTestTestsPlaceholder: XCTestCase {}
