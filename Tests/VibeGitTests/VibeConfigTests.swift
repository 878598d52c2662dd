import XCTest
@testable import VibeGit

final class VibeConfigTests: XCTestCase {
    func testFullConfig() throws {
        let config = try VibeConfig.parse("""
            # conformance settings
            [suite "quick"]
            path = test/select1.test
            path = test/select2.test
            timeout = 30s

            [suite "full"]
            path = test/
              ; indented comment
            [baseline]
            branch = develop

            [hook]
            suite = full
            policy = WARN
            time-budget = 5m
            build = swift build -c release # not a comment

            [accept "test/select3.test"]
            reason = NULL ordering differs, issue #12
            suite = quick
            """)
        XCTAssertEqual(config.suites, [
            VibeConfig.Suite(name: "quick", paths: ["test/select1.test", "test/select2.test"], timeout: 30),
            VibeConfig.Suite(name: "full", paths: ["test/"]),
        ])
        XCTAssertEqual(config.baselineBranch, "develop")
        XCTAssertEqual(config.suiteForHook?.name, "full")
        XCTAssertEqual(config.policy, .warn)
        XCTAssertEqual(config.timeBudget, 300)
        XCTAssertEqual(config.buildCommand, "swift build -c release # not a comment")
        XCTAssertEqual(config.accepted, [VibeConfig.AcceptedRegression(
            key: "test/select3.test", reason: "NULL ordering differs, issue #12", suite: "quick", line: 19)])
        XCTAssertNotNil(config.acceptance(file: "test/select3.test", suite: "quick"))
        XCTAssertNil(config.acceptance(file: "test/select3.test", suite: "full"))
    }

    func testDefaults() throws {
        let config = try VibeConfig.parse("")
        XCTAssertEqual(config, VibeConfig())
        XCTAssertEqual(config.baselineBranch, "main")
        XCTAssertEqual(config.policy, .block)
        XCTAssertNil(config.suiteForHook)
        let two = try VibeConfig.parse("[suite \"full\"]\npath = a\n[suite \"quick\"]\npath = b\n")
        XCTAssertEqual(two.suiteForHook?.name, "quick", "the hook prefers a suite named quick")
    }

    func testRecordKeyAcceptance() throws {
        let config = try VibeConfig.parse("[accept \"test/a.test:5f3a:1\"]\nreason = known\n")
        XCTAssertNotNil(config.acceptance(file: "test/a.test", recordKey: "test/a.test:5f3a:1", suite: "x"))
        XCTAssertNil(config.acceptance(file: "test/a.test", recordKey: "test/a.test:5f3a:2", suite: "x"))
    }

    func testErrorsCarryLineNumbers() {
        let cases: [(String, Int, String)] = [
            ("[suite \"q\"]\npath = a\nnonsense\n", 3, "expected 'key = value' or a [section] header"),
            ("branch = main\n", 1, "key 'branch' is outside any section"),
            ("\n[hook\n", 2, "unterminated section header (missing ']')"),
            ("[colours]\n", 1, "unknown section [colours] (expected suite, baseline, hook or accept)"),
            ("[suite]\npath = a\n", 1, "[suite] needs a name, like [suite \"quick\"]"),
            ("[hook \"x\"]\n", 1, "[hook] takes no name"),
            ("[hook]\npolicy = maybe\n", 2, "policy must be 'block' or 'warn', not 'maybe'"),
            ("[hook]\ntime-budget = soon\n", 2, "invalid duration 'soon' (use seconds, or a number followed by s, m or h)"),
            ("[hook]\ntime-budget = -5\n", 2, "invalid duration '-5' (use seconds, or a number followed by s, m or h)"),
            ("[hook]\npolicy = warn\n\npolicy = block\n", 4, "'policy' is set twice in this section (first on line 2)"),
            ("[baseline]\ncolour = red\n", 2, "unknown key 'colour' in this section (expected branch)"),
            ("[baseline]\nbranch =\n", 2, "empty value for 'branch'"),
            ("[baseline]\n= main\n", 2, "missing key before '='"),
            ("[suite \"q\"]\ntimeout = 3s\n[hook]\n", 1, "suite \"q\" has no path"),
            ("# x\n[accept \"t.test\"]\nsuite = q\n", 2, "accepted regression \"t.test\" needs a reason"),
            ("[suite \"q\"]\npath = a\n[suite \"q\"]\npath = b\n", 3, "[suite \"q\"] appears twice (first on line 1)"),
            ("[suite \"q\"]\npath = a\n[hook]\nsuite = slow\n", 4, "hook suite 'slow' is not a defined suite"),
            ("[suite \"a\" \"b\"]\n", 1, "section name must be one quoted string, like [suite \"quick\"]"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try VibeConfig.parse(text, file: "cfg")) { error in
                XCTAssertEqual(error as? ConfigError, ConfigError(file: "cfg", line: line, message: message), text)
                XCTAssertEqual("\(error)", "cfg:\(line): \(message)")
            }
        }
    }

    func testLoadFromCommitAndWorkTree() throws {
        let fixture = try GitFixture()
        defer { fixture.cleanUp() }
        try fixture.makeRepository(commits: 1)
        let repository = try Repository.discover(from: fixture.path("repo"))
        let head = try XCTUnwrap(try repository.head().commit)
        XCTAssertEqual(try VibeConfig.load(from: repository, at: head), VibeConfig(), "absent file gives defaults")
        try fixture.write("repo/.vibesql/config", "[baseline]\nbranch = trunk\n")
        XCTAssertEqual(try VibeConfig.load(from: repository).baselineBranch, "trunk")
        try fixture.git("add", ".vibesql/config", in: "repo")
        try fixture.git("commit", "-q", "-m", "config", in: "repo")
        let withConfig = try repository.resolve("HEAD")
        try fixture.write("repo/.vibesql/config", "[baseline]\nbranch = other\n")
        XCTAssertEqual(try VibeConfig.load(from: repository, at: withConfig).baselineBranch, "trunk")
        try fixture.write("repo/.vibesql/config", "[baseline]\nbranch = x\nbad line\n")
        XCTAssertThrowsError(try VibeConfig.load(from: repository)) { error in
            XCTAssertEqual("\(error)", ".vibesql/config:3: expected 'key = value' or a [section] header")
        }
    }
}
