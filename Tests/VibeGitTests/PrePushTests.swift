import Foundation
import XCTest
@testable import VibeGit

/// A checker that returns canned reports and remembers what it was asked.
final class FakeChecker: ConformanceChecker {
    var reports: [ObjectID: CheckReport] = [:]
    var failure: Error?
    private(set) var checked: [PrePushTarget] = []

    func check(_ target: PrePushTarget) throws -> CheckReport {
        checked.append(target)
        if let failure { throw failure }
        return reports[target.commit] ?? CheckReport(summary: "\(target.suite.name): all passed")
    }
}

final class PrePushTests: XCTestCase {
    var fixture: GitFixture!
    var repository: Repository!
    let zero = ObjectID.zero.hex

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.makeRepository(commits: 2)
        try fixture.write("repo/.vibesql/config", """
            [suite "quick"]
            path = test/select1.test
            [hook]
            policy = block
            [accept "test/known.test"]
            reason = tracked in issue 7
            """)
        try fixture.git("add", ".vibesql", in: "repo")
        try fixture.git("commit", "-q", "-m", "config", in: "repo")
        repository = try Repository.discover(from: fixture.path("repo"))
    }

    override func tearDown() {
        repository = nil
        fixture.cleanUp()
    }

    private func sha(_ revision: String) throws -> ObjectID {
        try XCTUnwrap(ObjectID(hex: fixture.git("rev-parse", revision, in: "repo")))
    }

    func testParseGitInput() throws {
        let head = try sha("HEAD"), old = try sha("HEAD~1")
        let updates = try PushUpdate.parse("""
            refs/heads/main \(head.hex) refs/heads/main \(old.hex)
            refs/heads/new \(head.hex) refs/heads/new \(zero)

            (delete) \(zero) refs/heads/gone \(old.hex)

            """)
        XCTAssertEqual(updates.count, 3)
        XCTAssertEqual(updates[0], PushUpdate(localRef: "refs/heads/main", localCommit: head,
                                              remoteRef: "refs/heads/main", remoteCommit: old))
        XCTAssertTrue(updates[1].isNewRef)
        XCTAssertFalse(updates[1].isDelete)
        XCTAssertTrue(updates[2].isDelete)
        XCTAssertEqual(try PushUpdate.parse(""), [])
    }

    func testParseErrorNamesTheLine() throws {
        XCTAssertThrowsError(try PushUpdate.parse("refs/heads/a \(zero) refs/heads/a \(zero)\nrefs/heads/b xyz refs/heads/b \(zero)\n")) { error in
            XCTAssertEqual("\(error)", "pre-push input line 2: expected '<local ref> <local sha> <remote ref> <remote sha>', "
                           + "got 'refs/heads/b xyz refs/heads/b \(zero)'")
        }
    }

    func testPlanChecksEachPushedTipOnce() throws {
        let head = try sha("HEAD"), old = try sha("HEAD~1")
        try fixture.git("tag", "-a", "v1", "-m", "v1", "HEAD", in: "repo")
        let tagObject = try sha("v1")
        let updates = try PushUpdate.parse("""
            refs/heads/main \(head.hex) refs/heads/main \(old.hex)
            refs/heads/copy \(head.hex) refs/heads/copy \(zero)
            refs/tags/v1 \(tagObject.hex) refs/tags/v1 \(zero)
            refs/heads/same \(old.hex) refs/heads/same \(old.hex)
            (delete) \(zero) refs/heads/gone \(old.hex)
            refs/vibesql/results \(old.hex) refs/vibesql/results \(zero)
            """)
        let plan = try PrePush.plan(updates, repository: repository) { _, _ in false }
        XCTAssertEqual(plan.targets.map(\.commit), [head])
        XCTAssertEqual(plan.targets.first?.localRefs, ["refs/heads/main", "refs/heads/copy", "refs/tags/v1"])
        XCTAssertEqual(plan.targets.first?.suite.name, "quick")
        XCTAssertEqual(plan.targets.first?.alreadyRecorded, false)
        XCTAssertEqual(plan.notes, [])
    }

    func testPlanUsesTheConfigOfThePushedCommit() throws {
        let withoutConfig = try sha("HEAD~1")
        let updates = try PushUpdate.parse("refs/heads/old \(withoutConfig.hex) refs/heads/old \(zero)\n")
        let plan = try PrePush.plan(updates, repository: repository) { _, _ in false }
        XCTAssertEqual(plan.targets, [])
        XCTAssertEqual(plan.notes, ["\(withoutConfig.short): no suite in .vibesql/config; not checked"])
    }

    func testAlreadyRecordedRunIsDetectedFromTrailers() throws {
        let head = try sha("HEAD")
        let store = ResultsStore(repository)
        XCTAssertFalse(try store.hasRun(sourceCommit: head, suite: "quick"))
        try store.append(NewRun(sourceCommit: head, runId: "r1", dump: "d", summary: "s",
                                trailers: [Trailer("Suite", "quick")]), schema: "S")
        XCTAssertTrue(try store.hasRun(sourceCommit: head, suite: "quick"))
        XCTAssertFalse(try store.hasRun(sourceCommit: head, suite: "full"))
        let checker = FakeChecker()
        let verdict = try PrePush.run(input: "refs/heads/main \(head.hex) refs/heads/main \(zero)\n",
                                      repository: repository, checker: checker)
        XCTAssertTrue(verdict.allowed)
        XCTAssertEqual(checker.checked.map(\.alreadyRecorded), [true])
    }

    func testBlockPolicyBlocksUnacceptedRegressionsOnly() throws {
        let head = try sha("HEAD")
        let checker = FakeChecker()
        checker.reports[head] = CheckReport(summary: "quick: 8/10 passed", regressions: [
            Regression(file: "test/known.test", detail: "PASS → FAIL"),
            Regression(file: "test/select1.test", recordKey: "test/select1.test:ab:1", detail: "PASS → FAIL at line 9"),
        ])
        let input = "refs/heads/main \(head.hex) refs/heads/main \(zero)\n"
        let verdict = try PrePush.run(input: input, repository: repository, checker: checker)
        XCTAssertFalse(verdict.allowed)
        XCTAssertEqual(verdict.exitCode, 1)
        XCTAssertEqual(verdict.messages, [
            "vibesql-git: \(head.short) (refs/heads/main): quick: 8/10 passed",
            "  accepted   test/known.test: PASS → FAIL (tracked in issue 7)",
            "  REGRESSION test/select1.test: PASS → FAIL at line 9",
            "vibesql-git: 1 regression(s) against main: push blocked (policy = block). Fix them, accept them in "
                + ".vibesql/config, or push with --no-verify.",
        ])
        checker.reports[head] = CheckReport(summary: "ok", regressions: [Regression(file: "test/known.test", detail: "x")])
        XCTAssertTrue(try PrePush.run(input: input, repository: repository, checker: checker).allowed,
                      "accepted regressions do not block")
    }

    func testWarnPolicyAndCheckerFailure() throws {
        let head = try sha("HEAD")
        var config = try VibeConfig.load(from: repository, at: head)
        let target = { (config: VibeConfig) in
            PrePushTarget(commit: head, localRefs: ["refs/heads/main"], remoteRefs: ["refs/heads/main"],
                          config: config, suite: try XCTUnwrap(config.suiteForHook), alreadyRecorded: false)
        }
        let checker = FakeChecker()
        checker.failure = VibeGitError.invalidArgument("build failed")
        XCTAssertFalse(PrePush.judge([try target(config)], checker: checker).allowed, "unverified push blocks under block")
        config.policy = .warn
        let verdict = PrePush.judge([try target(config)], checker: checker)
        XCTAssertTrue(verdict.allowed)
        XCTAssertEqual(verdict.messages, ["vibesql-git: \(head.short) (refs/heads/main): could not check suite quick: build failed"])
        checker.failure = nil
        checker.reports[head] = CheckReport(summary: "s", regressions: [Regression(file: "f", detail: "d")])
        let warned = PrePush.judge([try target(config)], checker: checker)
        XCTAssertTrue(warned.allowed)
        XCTAssertEqual(warned.messages.last, "vibesql-git: 1 regression(s) against main (policy = warn).")
    }
}
