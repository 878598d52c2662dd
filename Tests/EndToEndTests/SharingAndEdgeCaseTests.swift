// Results shared between clones, and the situations a git tool meets: no repository, detached
// HEAD, unborn branch, shallow clone, linked worktree, a damaged run in the ref.
import XCTest

final class SharingAndEdgeCaseTests: XCTestCase {
    var fx: CLIFixture!
    override func setUpWithError() throws { fx = try CLIFixture(); try fx.makeRepository() }
    override func tearDown() { fx.cleanUp() }

    func count(in directory: String) throws -> String {
        try fx.vg("query", "SELECT COUNT(*) AS n FROM test_runs", "--format", "csv", in: directory).stdout
    }

    func testTwoClonesRecordAndSync() throws {
        try fx.git("push", "-q", "origin", "main")
        try fx.git("clone", "-q", fx.path("remote.git"), "other", in: "")
        XCTAssertEqual(try fx.vg("run", "--jobs", "0", in: "repo").status, 0)
        XCTAssertEqual(try fx.vg("run", "--jobs", "0", in: "other").status, 0)
        XCTAssertEqual(try fx.vg("push", in: "repo").status, 0)
        let rejected = try fx.vg("push", "--attempts", "1", in: "other")
        XCTAssertNotEqual(rejected.status, 0)
        XCTAssertTrue(rejected.stderr.contains("vibesql-git pull"), rejected.stderr)
        let retried = try fx.vg("push", in: "other")
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertTrue(retried.stdout.contains("after 2 attempts (merged the remote's runs 1 time)"), retried.stdout)
        XCTAssertEqual(try fx.vg("pull", in: "repo").status, 0)
        XCTAssertEqual(try count(in: "repo"), "n\n2\n")
        XCTAssertEqual(try count(in: "other"), "n\n2\n")
        let flaky = try fx.vg("query", "flaky", "--format", "csv", in: "repo")
        XCTAssertEqual(flaky.stdout, "file_path,git_commit,passes,failures\n", "both clones passed the same commit")
        let log = try fx.vg("log", in: "other")
        XCTAssertTrue(log.stdout.contains("×2"), "two runs of one commit: \(log.stdout)")
    }

    func testNotARepository() throws {
        try FileManager.default.createDirectory(atPath: fx.path("plain"), withIntermediateDirectories: true)
        for command in [["log"], ["compare", "main", "HEAD"], ["status"], ["query", "SELECT 1"]] {
            let result = try fx.execute(CLIFixture.binary, command, in: "plain")
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains("not a git repository"), "\(command): \(result.stderr)")
        }
        try fx.write("plain/t.test", CLIFixture.between)
        let unrecorded = try fx.vg("run", "--no-record", "--jobs", "0", "t.test", in: "plain")
        XCTAssertEqual(unrecorded.status, 0, "running without recording needs no repository")
    }

    func testDetachedHead() throws {
        try fx.git("checkout", "-q", "--detach")
        let run = try fx.vg("run", "--jobs", "0")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("on detached HEAD"), run.stdout)
        XCTAssertEqual(try fx.vg("query", "SELECT branch_name IS NULL AS detached FROM test_runs", "--format", "csv").stdout, "detached\n1\n")
        XCTAssertTrue(try fx.vg("log").stdout.contains("[(detached)]"))
    }

    func testUnbornBranch() throws {
        try fx.git("init", "-q", "-b", "main", "empty", in: "")
        try fx.write("empty/t.test", CLIFixture.between)
        let run = try fx.vg("run", "--jobs", "0", "t.test", in: "empty")
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("branch 'main' has no commits yet"), run.stderr)
        let log = try fx.vg("log", in: "empty")
        XCTAssertNotEqual(log.status, 0)
        XCTAssertTrue(log.stderr.contains("has no commits yet"), log.stderr)
        let status = try fx.vg("status", in: "empty")
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.stdout.contains("0 runs recorded"), status.stdout)
    }

    func testLinkedWorktreeSharesTheRef() throws {
        try fx.git("worktree", "add", "-q", "-b", "side", fx.path("wt"))
        let run = try fx.vg("run", "--jobs", "0", in: "wt")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("on side"), run.stdout)
        XCTAssertEqual(try count(in: "repo"), "n\n1\n")
        XCTAssertTrue(try fx.vg("log", "side", in: "repo").stdout.contains("2/2"))
        let paths = try fx.vg("query", "SELECT file_path FROM test_results ORDER BY 1", "--format", "csv", in: "repo")
        XCTAssertEqual(paths.stdout, "file_path\ntest/index/between/slt_good_0.test\ntest/select1.test\n")
    }

    func testShallowCloneFollowsRecordedParents() throws {
        XCTAssertEqual(try fx.vg("run", "--jobs", "0").status, 0)
        try fx.write("repo/more.txt", "x\n")
        try fx.git("add", "more.txt")
        try fx.git("commit", "-q", "-m", "more")
        XCTAssertEqual(try fx.vg("run", "--jobs", "0").status, 0)
        try fx.git("push", "-q", "--no-verify", "origin", "main")
        XCTAssertEqual(try fx.vg("push").status, 0)
        try fx.git("clone", "-q", "--depth", "1", "file://" + fx.path("remote.git"), "shallow", in: "")
        try fx.git("fetch", "-q", "origin", "refs/vibesql/results:refs/vibesql/results", in: "shallow")
        let log = try fx.vg("log", in: "shallow")
        XCTAssertEqual(log.status, 0, log.stderr)
        let lines = log.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, "the commit beyond the shallow boundary comes from its recorded run: \(log.stdout)")
        XCTAssertTrue(lines.last?.contains("suite") == true, log.stdout)
        let status = try fx.vg("status", in: "shallow")
        XCTAssertTrue(status.stdout.contains("2 runs recorded, 2 files tested"), status.stdout)
    }

    func testCorruptedRunBlobIsSkippedWithAClearMessage() throws {
        XCTAssertEqual(try fx.vg("run", "--jobs", "0").status, 0)
        try fx.makeRegressingBranch()
        _ = try fx.vg("run", "--jobs", "0")
        let tree = try fx.git("ls-tree", "-r", "refs/vibesql/results").stdout
        let runs = tree.split(separator: "\n").filter { $0.contains("runs/") }
        XCTAssertEqual(runs.count, 2)
        let fields = runs[0].split(whereSeparator: { $0 == " " || $0 == "\t" })
        let blob = String(fields[2]), path = String(fields[3])
        let object = fx.path("repo/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: object))
        let query = try fx.vg("query", "SELECT COUNT(*) AS n FROM test_runs", "--format", "csv")
        XCTAssertEqual(query.status, 0)
        XCTAssertEqual(query.stdout, "n\n1\n")
        XCTAssertTrue(query.stderr.contains("warning: skipped \(path)"), query.stderr)
        XCTAssertTrue(query.stderr.contains("is damaged"), query.stderr)
        // log reads trailers only and still shows both runs.
        XCTAssertEqual(try fx.vg("log").stdout.split(separator: "\n").count, 2)
    }
}
