// A branch whose suite regresses: run records on each side; log, compare and issue report it.
import XCTest

final class RegressionWorkflowTests: XCTestCase {
    var fx: CLIFixture!
    override func setUpWithError() throws { fx = try CLIFixture(); try fx.makeRepository() }
    override func tearDown() { fx.cleanUp() }

    /// `log` keeps the run summaries it read under the git directory and reads only the results
    /// commits added since; a damaged summaries file is read again from the ref.
    func testLogReadsOnlyNewRunsAndSurvivesADamagedSummariesFile() throws {
        XCTAssertEqual(try fx.vg("run", "--suite", "quick", "--jobs", "0", "test").status, 0)
        let first = try fx.vg("log")
        XCTAssertEqual(first.stdout.split(separator: "\n").count, 1, first.stdout)
        let cacheFile = fx.path("repo/.git/vibesql/run-summaries.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFile))
        try fx.makeRegressingBranch()
        XCTAssertEqual(try fx.vg("run", "--suite", "quick", "--jobs", "0", "test").status, 1)
        let second = try fx.vg("log")
        let lines = second.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, second.stdout)
        XCTAssertTrue(lines[0].contains("1/2"), lines[0])
        XCTAssertTrue(lines[1].contains("2/2"), lines[1])
        try "not json".write(toFile: cacheFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fx.vg("log").stdout, second.stdout)
        XCTAssertEqual(try fx.vg("compare", "main", "feature").status, 1)
    }

    func testLogCompareAndIssueOnARegressingBranch() throws {
        let mainRun = try fx.vg("run", "--suite", "quick", "--jobs", "0", "--ci-run-id", "ci-7", "test")
        XCTAssertEqual(mainRun.status, 0, mainRun.stderr)
        XCTAssertTrue(mainRun.stdout.contains("Recorded run"), mainRun.stdout)
        XCTAssertTrue(mainRun.stdout.contains("on main in refs/vibesql/results"), mainRun.stdout)
        try fx.makeRegressingBranch()
        let featureRun = try fx.vg("run", "--suite", "quick", "--jobs", "0", "test")
        XCTAssertEqual(featureRun.status, 1, "a failing file makes run exit 1")
        XCTAssertTrue(featureRun.stdout.contains("on feature"), featureRun.stdout)
        // An unrecorded commit on top.
        try fx.write("repo/notes.txt", "x\n")
        try fx.git("add", "notes.txt")
        try fx.git("commit", "-q", "-m", "notes")

        let log = try fx.vg("log")
        XCTAssertEqual(log.status, 0, log.stderr)
        let lines = log.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, log.stdout)
        XCTAssertTrue(lines[0].contains("(no run)") && lines[0].hasSuffix("notes"), lines[0])
        XCTAssertTrue(lines[1].contains("1/2") && lines[1].contains("50.0%") && lines[1].contains("-50.0"), lines[1])
        XCTAssertTrue(lines[2].contains("2/2") && lines[2].contains("100.0%"), lines[2])
        let json = try fx.vg("log", "--json", "-n", "2")
        XCTAssertEqual(json.status, 0)
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(entries?.count, 2)
        XCTAssertNil(entries?.first?["run"])

        let compare = try fx.vg("compare", "main", "feature")
        XCTAssertEqual(compare.status, 1, compare.stdout + compare.stderr)
        XCTAssertTrue(compare.stdout.contains("Regressed files (1):\n  PASS → FAIL  test/select1.test"), compare.stdout)
        XCTAssertTrue(compare.stdout.contains("Regressed records (1):\n  test/select1.test:7  wrong result"), compare.stdout)
        XCTAssertTrue(compare.stdout.contains("pass rate: 100.0% → 50.0% (-50.0)"), compare.stdout)
        // HEAD has no run of its own: the nearest one, a commit back, is used and named.
        let nearest = try fx.vg("compare", "main", "HEAD")
        XCTAssertEqual(nearest.status, 1)
        XCTAssertTrue(nearest.stdout.contains("(nearest recorded run, 1 commit back)"), nearest.stdout)
        let same = try fx.vg("compare", "main", "main")
        XCTAssertEqual(same.status, 0)
        XCTAssertTrue(same.stdout.contains("No regressions."))
        let fixed = try fx.vg("compare", "feature", "main")
        XCTAssertEqual(fixed.status, 0)
        XCTAssertTrue(fixed.stdout.contains("Fixed files (1):"), fixed.stdout)
        let compareJSON = try fx.vg("compare", "main", "feature", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(compareJSON.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["regressedFiles"] as? [Any])?.count, 1)
        XCTAssertTrue(try fx.vg("compare", "main", "feature", "--markdown").stdout.contains("| files passed | 2/2 | 1/2 |"))

        let issue = try fx.vg("issue", "main", "feature")
        XCTAssertEqual(issue.status, 0, issue.stderr)
        XCTAssertTrue(issue.stdout.hasPrefix("# Conformance regression on feature: 1 file no longer passes"), issue.stdout)
        XCTAssertTrue(issue.stdout.contains("```sql\nSELECT a + b FROM t1\n```\nExpected:\n```\n4\n```\nActual:\n```\n3\n```"), issue.stdout)
        XCTAssertTrue(issue.stdout.contains("(change select1's expected sum) is the oldest recorded run showing these regressions"), issue.stdout)
        XCTAssertTrue(issue.stdout.contains("vibesql-git run --no-record test/select1.test"), issue.stdout)
        let fingerprint = issue.stdout.components(separatedBy: "Fingerprint: `").last?.prefix(16)
        XCTAssertEqual(try fx.vg("issue", "main", "HEAD").stdout.components(separatedBy: "Fingerprint: `").last?.prefix(16), fingerprint)
        XCTAssertTrue(try fx.vg("issue", "main", "main").stdout.contains("No regressions"))

        let status = try fx.vg("status", "--at", "feature")
        XCTAssertTrue(status.stdout.contains("select    1      0       1"), status.stdout)
        let punch = try fx.vg("punchlist", "--at", "feature", "--format", "csv")
        XCTAssertEqual(punch.stdout.split(separator: "\n").dropFirst().first, "test/select1.test,select,FAIL,1,3,line 7: wrong result")
        let query = try fx.vg("query", "SELECT branch_name, passed, ci_run_id FROM test_runs ORDER BY run_id", "--format", "csv")
        XCTAssertEqual(query.stdout, "branch_name,passed,ci_run_id\nmain,2,ci-7\nfeature,1,\n")
        let preset = try fx.vg("query", "feature-branch-vs-main", "--format", "json")
        XCTAssertTrue(preset.stdout.contains("{\"branch\":\"main\",\"pass_rate\":100.0}"), preset.stdout)
        let shell = try fx.vg("shell", input: "SELECT COUNT(*) AS n\n  FROM test_failures;\n.quit\n")
        XCTAssertTrue(shell.stdout.contains("n\n-\n1\n(1 row)"), shell.stdout)
        let bad = try fx.vg("query", "SELECT nope FROM test_runs")
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("no such column: nope"), bad.stderr)

        let dumpPath = fx.path("results.sql")
        XCTAssertEqual(try fx.vg("dump", "-o", dumpPath).status, 0)
        let dump = try String(contentsOfFile: dumpPath, encoding: .utf8)
        XCTAssertTrue(dump.contains("CREATE TABLE test_failures"))
        XCTAssertEqual(dump.components(separatedBy: "INSERT INTO test_runs").count - 1, 2)
        XCTAssertEqual(try fx.vg("dump").stdout, dump, "the dump is deterministic")
    }

    func testRunWithoutRecordingLeavesTheRefAlone() throws {
        let run = try fx.vg("run", "--no-record", "--jobs", "0", "test")
        XCTAssertEqual(run.status, 0)
        XCTAssertFalse(run.stdout.contains("Recorded"))
        let ref = try fx.execute("/usr/bin/git", ["rev-parse", "--verify", "-q", "refs/vibesql/results"], in: "repo")
        XCTAssertNotEqual(ref.status, 0)
    }

    func testSuiteFromConfigAndDirtyWorkTree() throws {
        try fx.write("repo/untracked.txt", "x")
        let run = try fx.vg("run", "--jobs", "0")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("(suite quick)") && run.stdout.contains("(dirty work tree)"), run.stdout)
        let q = try fx.vg("query", "SELECT suite, dirty, total_files FROM test_runs", "--format", "csv")
        XCTAssertEqual(q.stdout, "suite,dirty,total_files\nquick,1,2\n")
        let paths = try fx.vg("query", "SELECT file_path FROM test_results ORDER BY file_path", "--format", "csv")
        XCTAssertEqual(paths.stdout, "file_path\ntest/index/between/slt_good_0.test\ntest/select1.test\n",
                       "paths are recorded relative to the repository root")
    }
}
