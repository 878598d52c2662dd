// `git push` runs the installed pre-push hook: blocked on a regression, let through without one.
import XCTest

final class PushHookTests: XCTestCase {
    var fx: CLIFixture!
    override func setUpWithError() throws { fx = try CLIFixture(); try fx.makeRepository() }
    override func tearDown() { fx.cleanUp() }

    func testPushIsBlockedOnARegressionAndLetThroughWithout() throws {
        XCTAssertEqual(try fx.vg("hooks", "install").status, 0)
        let clean = try fx.execute("/usr/bin/git", ["push", "origin", "main"], in: "repo")
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stderr.contains("quick: 2/2 files passed (100.0%); baseline main@"), clean.stderr)
        // The hook recorded the pushed commit; a second push of it does not run it again.
        XCTAssertEqual(try fx.vg("query", "SELECT COUNT(*) AS n FROM test_runs", "--format", "csv").stdout, "n\n1\n")

        try fx.makeRegressingBranch()
        let blocked = try fx.execute("/usr/bin/git", ["push", "origin", "feature"], in: "repo")
        XCTAssertNotEqual(blocked.status, 0)
        XCTAssertTrue(blocked.stderr.contains("REGRESSION test/select1.test: PASS → FAIL"), blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("push blocked (policy = block)"), blocked.stderr)
        let remoteBranches = try fx.git("branch", "--list", in: "remote.git").stdout
        XCTAssertFalse(remoteBranches.contains("feature"))

        // Fixed on the branch: the push goes through.
        try fx.write("repo/test/select1.test", CLIFixture.select1)
        try fx.git("commit", "-q", "-am", "restore")
        let fixed = try fx.execute("/usr/bin/git", ["push", "origin", "feature"], in: "repo")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertFalse(fixed.stderr.contains("REGRESSION"))
        let again = try fx.execute("/usr/bin/git", ["push", "origin", "feature"], in: "repo")
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(try fx.vg("query", "SELECT COUNT(*) AS n FROM test_runs", "--format", "csv").stdout, "n\n3\n",
                       "main, the blocked commit and the fix; nothing re-run")

        // --no-verify skips the hook.
        try fx.makeRegressingBranch("other")
        let skipped = try fx.execute("/usr/bin/git", ["push", "--no-verify", "origin", "other"], in: "repo")
        XCTAssertEqual(skipped.status, 0)
        XCTAssertFalse(skipped.stderr.contains("vibesql-git"))
    }

    func testWarnPolicyLetsTheRegressionThrough() throws {
        try fx.write("repo/.vibesql/config", CLIFixture.config.replacingOccurrences(of: "policy = block", with: "policy = warn"))
        try fx.git("commit", "-q", "-am", "warn only")
        XCTAssertEqual(try fx.vg("hooks", "install").status, 0)
        XCTAssertEqual(try fx.execute("/usr/bin/git", ["push", "origin", "main"], in: "repo").status, 0)
        try fx.makeRegressingBranch()
        let push = try fx.execute("/usr/bin/git", ["push", "origin", "feature"], in: "repo")
        XCTAssertEqual(push.status, 0, push.stderr)
        XCTAssertTrue(push.stderr.contains("regression(s) against main (policy = warn)"), push.stderr)
    }

    func testBuildCommandRunsInTheExportedCommit() throws {
        let config = CLIFixture.config.replacingOccurrences(of: "policy = block", with: "policy = block\nbuild = touch built-marker && test -f test/select1.test")
        try fx.write("repo/.vibesql/config", config)
        try fx.git("commit", "-q", "-am", "build step")
        XCTAssertEqual(try fx.vg("hooks", "install").status, 0)
        let push = try fx.execute("/usr/bin/git", ["push", "origin", "main"], in: "repo")
        XCTAssertEqual(push.status, 0, push.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fx.path("repo/built-marker")), "the build ran in an export, not the work tree")
        let failing = config.replacingOccurrences(of: "touch built-marker", with: "echo compile error >&2; false")
        try fx.write("repo/.vibesql/config", failing)
        try fx.git("commit", "-q", "-am", "broken build")
        let blocked = try fx.execute("/usr/bin/git", ["push", "origin", "main"], in: "repo")
        XCTAssertNotEqual(blocked.status, 0)
        XCTAssertTrue(blocked.stderr.contains("failed with status 1") && blocked.stderr.contains("compile error"), blocked.stderr)
    }
}
