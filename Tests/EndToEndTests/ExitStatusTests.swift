// Exit statuses and messages of vibesql-git as documented: 0 fine, 1 failing files or
// regressions, 2 usage (refused before anything runs), 3 a repository or results problem; and
// control characters from test files never reach the terminal.
import Foundation
import XCTest

final class ExitStatusTests: XCTestCase {
    var fx: CLIFixture!
    override func setUpWithError() throws {
        fx = try CLIFixture()
        try fx.makeRepository()
    }
    override func tearDown() { fx.cleanUp() }

    func resultsRef() throws -> String? {
        let result = try fx.execute("/usr/bin/git", ["rev-parse", "-q", "--verify", "refs/vibesql/results"], in: "repo")
        return result.status == 0 ? result.stdout : nil
    }

    func testFailingFilesAndRegressionsExit1() throws {
        XCTAssertEqual(try fx.vg("run", "--jobs", "0").status, 0)
        try fx.makeRegressingBranch()
        XCTAssertEqual(try fx.vg("run", "--jobs", "0").status, 1)
        XCTAssertEqual(try fx.vg("compare", "main", "feature").status, 1)
    }

    func testUsageErrorsExit2BeforeAnythingRuns() throws {
        let cases: [([String], String)] = [
            (["run", "test/no-such.test"], "no such file or folder: test/no-such.test"),
            (["run", "--ci-run-id", "a\nb", "test"], "--ci-run-id: 'a\\nb' is not a CI run id"),
            (["run", "--suite", "bad name", "test"], "--suite: 'bad name' is not a suite name"),
            (["run", "--suite", "nope"], "no suite 'nope'"),
            (["run", "--frobnicate"], "Unknown option '--frobnicate'"),
            (["compare", "no-such-branch", "HEAD"], "unknown revision 'no-such-branch'"),
        ]
        for (arguments, message) in cases {
            let result = try fx.execute(CLIFixture.binary, arguments, in: "repo")
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertNil(try resultsRef(), "\(arguments): nothing was recorded")
        }
    }

    func testRepositoryAndResultsProblemsExit3() throws {
        let outside = try fx.execute(CLIFixture.binary, ["status"], in: "")
        XCTAssertEqual(outside.status, 3, outside.stderr)
        // A results ref moved onto a source commit: an error, and run writes nothing on top.
        try fx.git("update-ref", "refs/vibesql/results", "main")
        for arguments in [["status"], ["log"], ["run", "--jobs", "0"]] {
            let result = try fx.execute(CLIFixture.binary, arguments, in: "repo")
            XCTAssertEqual(result.status, 3, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("which is not a results commit"), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(try resultsRef(), try fx.git("rev-parse", "main").stdout)
    }

    func testAConfigThatIsNotUTF8IsNamedInItsError() throws {
        var bytes = [UInt8](CLIFixture.config.utf8)
        bytes.insert(contentsOf: [0x23, 0xff, 0xfe, 0x0a], at: 0)  // "#\xff\xfe\n" on line 1
        try Data(bytes).write(to: URL(fileURLWithPath: fx.path("repo/.vibesql/config")))
        let result = try fx.vg("run", "--jobs", "0")
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains(".vibesql/config:1: not UTF-8 text"), result.stderr)
    }

    func testControlCharactersFromATestFileAreEscaped() throws {
        try fx.write("repo/test/evil.test", "query I\nSELECT '\u{1b}]0;owned\u{07}' = 'x'\n----\n1\n")
        let result = try fx.vg("run", "--jobs", "0", "--no-record", "-v", "test/evil.test")
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stdout.contains("\u{1b}") || result.stderr.contains("\u{1b}"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\\u{1b}]0;owned\\u{7}"), result.stdout)
    }
}
