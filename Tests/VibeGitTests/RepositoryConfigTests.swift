// The repository's own .vibesql/config parses and says what the README promises.
import Foundation
import VibeGit
import XCTest

final class RepositoryConfigTests: XCTestCase {
    func testShippedConfigParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent(VibeConfig.path), encoding: .utf8)
        let config = try VibeConfig.parse(text)
        XCTAssertEqual(config.suiteForHook?.name, "quick")
        XCTAssertEqual(config.suiteForHook?.paths, ["suite"])
        XCTAssertEqual(config.baselineBranch, "main")
        XCTAssertEqual(config.policy, .block)
        XCTAssertEqual(config.buildCommand, "swift build -c release --product vibesql-git")
        XCTAssertEqual(config.timeBudget, 900)
    }
}
