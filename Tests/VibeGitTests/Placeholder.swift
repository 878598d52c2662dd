import XCTest

final class VibeGitTestsPlaceholder: XCTestCase {}
