// The history library on temporary repositories: opening, runs and summaries, nearest runs,
// the pass-rate log, comparisons, the issue's data, recording and the results database.
import ConformanceHistory
import Engine
import Foundation
import Results
import SQLLogicTest
import VibeGit
import XCTest

final class ConformanceHistoryTests: XCTestCase {
    var fixture: RepositoryFixture!

    override func setUpWithError() throws { fixture = try RepositoryFixture() }
    override func tearDown() { fixture.cleanUp() }

    /// main: c1 (run: a PASS, b FAIL), c2 (no run), c3 (run: a PASS, b PASS);
    /// feature off c3: f1 (run: a FAIL, b PASS).
    func makeHistory() throws -> ConformanceHistory {
        try fixture.makeRepository(commits: 1)
        try fixture.record(["suite/a.test": .pass, "suite/b.test": .fail], day: 1)
        try fixture.commit(in: "repo", message: "c2")
        try fixture.commit(in: "repo", message: "c3")
        try fixture.record(["suite/a.test": .pass, "suite/b.test": .pass], day: 3)
        try fixture.git("checkout", "-q", "-b", "feature", in: "repo")
        try fixture.commit(in: "repo", message: "f1")
        try fixture.record(["suite/a.test": .fail, "suite/b.test": .pass], branch: "feature", day: 4)
        return try ConformanceHistory.open(at: fixture.path("repo"))
    }

    func testOpensFromASubfolderALinkedWorktreeAndTheEnvironment() throws {
        _ = try makeHistory()
        try fixture.write("repo/sub/dir/x.txt", "x\n")
        try fixture.git("worktree", "add", "-q", fixture.path("linked"), "main", in: "repo")
        let fromSubfolder = try ConformanceHistory.open(at: fixture.path("repo/sub/dir"))
        let fromWorktree = try ConformanceHistory.open(at: fixture.path("linked"))
        XCTAssertEqual(try fromSubfolder.runs().count, 3)
        XCTAssertEqual(try fromWorktree.runs().count, 3)
        XCTAssertEqual(try fromWorktree.resultsTip(), try fromSubfolder.resultsTip())
        XCTAssertThrowsError(try ConformanceHistory.open(at: fixture.root)) { error in
            XCTAssertEqual((error as? HistoryError)?.kind, .repository)
        }
    }

    func testRunsRecentRunsAndLatestRunPerBranch() throws {
        let history = try makeHistory()
        let runs = try history.runs()
        XCTAssertEqual(runs.map(\.branch), ["feature", "main", "main"], "newest first")
        XCTAssertEqual(runs.map(\.passed), [1, 2, 1])
        XCTAssertEqual(try history.recentRuns(limit: 2).count, 2)
        let latest = try history.latestRunPerBranch()
        XCTAssertEqual(latest.map(\.branch), ["feature", "main"])
        XCTAssertEqual(latest.map(\.passed), [1, 2])
    }

    func testNearestRunWalksFirstParentsToTheNearestCommitWithARun() throws {
        let history = try makeHistory()
        let atC2 = try XCTUnwrap(history.nearestRun(of: "main~1"))
        XCTAssertEqual(atC2.distance, 1, "c2 has no run; c1 has")
        XCTAssertEqual(atC2.run.passed, 1)
        let atMain = try XCTUnwrap(history.nearestRun(of: "main"))
        XCTAssertEqual(atMain.distance, 0)
        XCTAssertEqual(try atMain.snapshot().files.count, 2)
        XCTAssertNil(try history.nearestRun(of: "main", suite: "other"))
    }

    func testPassRateLogHasOneEntryPerCommitWithTheChange() throws {
        let history = try makeHistory()
        let log = try history.passRateLog(of: "feature", limit: 10)
        XCTAssertEqual(log.map(\.subject), ["f1", "c3", "c2", "c1"])
        XCTAssertEqual(log.map { $0.run?.passed }, [1, 2, nil, 1])
        XCTAssertEqual(log[0].change, -50)
        XCTAssertEqual(log[1].change, 50)
        XCTAssertEqual(try history.allRunsLog(limit: 10).count, 3)
    }

    func testCompareAndIssueFindTheRegressionAndItsFirstBadCommit() throws {
        let history = try makeHistory()
        let result = try history.compare(base: "main", head: "feature")
        XCTAssertEqual(result.comparison.regressedFiles.map(\.path), ["suite/a.test"])
        XCTAssertTrue(result.comparison.hasRegressions)
        let issue = try history.issue(base: "main", head: "feature")
        XCTAssertEqual(issue.files, ["suite/a.test"])
        XCTAssertEqual(issue.firstBad?.commit, try fixture.git("rev-parse", "feature", in: "repo"))
        XCTAssertTrue(issue.reproduce.contains("vibesql-git run --no-record suite/a.test"))
        XCTAssertTrue(issue.report().markdown.contains("suite/a.test"))
        let fixed = try history.compare(base: "main~2", head: "main")
        XCTAssertEqual(fixed.comparison.fixedFiles.map(\.path), ["suite/b.test"])
        XCTAssertFalse(try history.issue(base: "main~2", head: "main").comparison.hasRegressions)
    }

    func testUnknownRevisionsAndMissingRunsAreUsageErrors() throws {
        let history = try makeHistory()
        XCTAssertThrowsError(try history.compare(base: "no-such-branch", head: "main")) { error in
            XCTAssertEqual((error as? HistoryError)?.kind, .usage)
            XCTAssertTrue("\(error)".contains("unknown revision 'no-such-branch'"), "\(error)")
        }
        XCTAssertThrowsError(try history.compare(base: "main", head: "feature", suite: "other")) { error in
            XCTAssertEqual((error as? HistoryError)?.kind, .usage)
            XCTAssertTrue("\(error)".contains("no recorded run of suite other"), "\(error)")
        }
    }

    func testResultsDatabaseAtARevisionDerivesEachFilesStatusFromItsHistory() throws {
        let history = try makeHistory()
        func status(_ database: Database, _ file: String) throws -> String? {
            try database.execute("SELECT status FROM test_files WHERE file_path = ?", parameters: [.text(file)])
                .rows.first?.first?.stringValue
        }
        let atFeature = try history.resultsDatabase(at: "feature")
        let atMain = try history.resultsDatabase(at: "main")
        let atFirst = try history.resultsDatabase(at: "main~2")
        XCTAssertEqual(try status(atFeature, "suite/a.test"), "FAIL")
        XCTAssertEqual(try status(atMain, "suite/a.test"), "PASS")
        XCTAssertEqual(try status(atFirst, "suite/b.test"), "FAIL")
        XCTAssertEqual(try atMain.execute("SELECT COUNT(*) FROM test_runs").rows.first?.first, .integer(3))
        let categories = try history.statusByCategory(at: "feature")
        // A file directly in the suite's root is its own category.
        XCTAssertEqual(categories.map(\.category), ["a", "b"])
        XCTAssertEqual(categories.map(\.passed), [0, 1])
        XCTAssertEqual(categories.map(\.total), [1, 1])
        XCTAssertTrue(history.warnings.isEmpty, "\(history.warnings)")
    }

    func testFailuresByFileComeFromTheNearestRun() throws {
        let history = try makeHistory()
        let failures = try history.failuresByFile(at: "feature")
        XCTAssertEqual(Array(failures.keys), ["suite/a.test"])
        XCTAssertEqual(failures["suite/a.test"]?.map(\.line), [7])
        XCTAssertEqual(try history.failuresByFile(at: "main"), [:])
    }

    func testTheTipMovesWhenARunIsRecordedAndTheCachesFollow() throws {
        let history = try makeHistory()
        let before = try history.resultsTip()
        XCTAssertEqual(try history.results(.latest).runCount, 3)
        try fixture.record(["suite/a.test": .pass], at: "main", day: 5)
        let after = try history.resultsTip()
        XCTAssertNotEqual(before, after)
        XCTAssertEqual(try history.results(.latest).runCount, 4, "the cache is extended, never stale")
        XCTAssertEqual(try history.runs().count, 4)
        XCTAssertTrue(FileManager.default.fileExists(atPath: history.resultsCache.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: history.summariesCache.path))
    }

    func testEachRunsDumpIsCheckedOncePerCloneAndTheVerdictIsKeyedByItsContent() throws {
        _ = try makeHistory()
        let first = try ConformanceHistory.open(at: fixture.path("repo"))
        XCTAssertEqual(try first.runs().count, 3)
        let file = fixture.path("repo/.git/vibesql/readable-runs.txt")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "one verdict per readable run")

        // A later history trusts the verdicts: with a size limit that refuses every dump, the
        // runs still list, because no dump is read again.
        let later = try ConformanceHistory.open(at: fixture.path("repo"))
        later.runSizeLimit = 1
        XCTAssertEqual(try later.runs().count, 3)
        XCTAssertEqual(later.warnings, [])

        // A verdict holds only for what was checked: the same blob under other trailers' counts
        // is checked again (and here refused for its size).
        try lines.map { $0.replacingOccurrences(of: #" [0-9]+/[0-9]+$"#, with: " 9/9", options: .regularExpression) }
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let rechecked = try ConformanceHistory.open(at: fixture.path("repo"))
        rechecked.runSizeLimit = 1
        XCTAssertEqual(try rechecked.runs().count, 0)
        XCTAssertEqual(rechecked.warnings.count, 3, "\(rechecked.warnings)")
    }

    func testHeadSourceAndHasRun() throws {
        let history = try makeHistory()
        let source = try history.headSource()
        XCTAssertEqual(source.branch, "feature")
        XCTAssertFalse(source.dirty)
        XCTAssertTrue(try history.hasRun(of: source.commit.id, suite: "quick"))
        XCTAssertFalse(try history.hasRun(of: source.commit.id, suite: "other"))
        try fixture.git("init", "-q", "-b", "main", "empty")
        XCTAssertThrowsError(try ConformanceHistory.open(at: fixture.path("empty")).headSource()) { error in
            XCTAssertEqual((error as? HistoryError)?.kind, .usage)
        }
    }

    func testRelativizeMakesPathsRelativeToTheRoot() throws {
        let report = RunReport(engine: "vibesql", engineName: "sqlite", startedAt: Date(), durationMs: 1, files: [
            FileReport(path: "b.test", status: .pass, records: RecordCounts(run: 1, passed: 1), durationMs: 1),
            FileReport(path: "/elsewhere/c.test", status: .pass, records: RecordCounts(run: 1, passed: 1), durationMs: 1),
        ])
        try FileManager.default.createDirectory(atPath: fixture.path("root/sub"), withIntermediateDirectories: true)
        let (relative, originals) = ConformanceHistory.relativize(report, root: fixture.path("root"), cwd: fixture.path("root/sub"))
        XCTAssertEqual(relative.files.map(\.path), ["/elsewhere/c.test", "sub/b.test"])
        XCTAssertEqual(originals["sub/b.test"], "b.test")
    }
}
