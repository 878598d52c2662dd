// The pre-push checker's build: past the time budget its whole process group is ended, and the
// folder the pushed commit was exported and built in is removed, as after a failed build.
import ConformanceHistory
import Foundation
import VibeGit
import XCTest

final class PrePushCheckerTests: XCTestCase {
    var fixture: RepositoryFixture!

    override func setUpWithError() throws { fixture = try RepositoryFixture() }
    override func tearDown() { fixture.cleanUp() }

    /// A repository whose config builds with `build` within `budget`; the checker's target.
    func target(build: String, budget: String) throws -> (PrePushChecker, PrePushTarget, String) {
        try fixture.makeRepository(commits: 1)
        try fixture.write("repo/.vibesql/config", """
            [suite "quick"]
            path = suite
            [hook]
            suite = quick
            time-budget = \(budget)
            build = \(build)

            """)
        try fixture.write("repo/suite/a.test", "statement ok\nCREATE TABLE t(x)\n")
        try fixture.git("add", ".", in: "repo")
        try fixture.git("commit", "-q", "-m", "config", in: "repo")
        let history = try ConformanceHistory.open(at: fixture.path("repo"))
        let head = try history.resolve("HEAD")
        let plan = try PrePush.plan([PushUpdate(localRef: "HEAD", localCommit: head, remoteRef: "refs/heads/main",
                                                remoteCommit: .zero)], repository: history.repository) { _, _ in false }
        var checker = PrePushChecker(history: history, worker: nil)
        let scratch = fixture.path("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        checker.temporaryDirectory = scratch
        return (checker, try XCTUnwrap(plan.targets.first), scratch)
    }

    func isRunning(_ pidFile: String) -> Bool {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return kill(pid, 0) == 0
    }

    func testPastTheTimeBudgetTheBuildsProcessGroupIsEndedAndItsFolderRemoved() throws {
        let pidFile = fixture.path("grandchild.pid")
        // The build starts a process of its own that would outlive a killed shell.
        let (checker, target, scratch) = try target(
            build: "mkdir -p \"$TMPDIR/build-tmp\"; sleep 300 & echo $! > \(pidFile); sleep 300", budget: "2s")
        let started = Date()
        XCTAssertThrowsError(try checker.check(target)) { error in
            XCTAssertTrue("\(error)".contains("over the time budget"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "stopped at the budget, not after the build")
        XCTAssertTrue(FileManager.default.fileExists(atPath: pidFile), "the build ran")
        XCTAssertFalse(isRunning(pidFile), "the build's background process was ended with its group")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [], "the export and its TMPDIR are removed")
    }

    func testAFailedBuildLeavesNoFolderAndSaysWhy() throws {
        let (checker, target, scratch) = try target(build: "mkdir -p \"$TMPDIR/x\"; echo broken >&2; exit 3", budget: "60s")
        XCTAssertThrowsError(try checker.check(target)) { error in
            XCTAssertTrue("\(error)".contains("failed with status 3"), "\(error)")
            XCTAssertTrue("\(error)".contains("broken"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
    }
}
