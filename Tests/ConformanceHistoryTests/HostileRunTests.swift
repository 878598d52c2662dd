// Runs pulled from a remote are data, never code: hostile or broken runs recorded in another
// clone are refused by name, and every other run still answers in the status, the log, queries,
// comparisons, the issue and the pre-push hook.
import ConformanceHistory
import Engine
import Foundation
import Results
import SQLLogicTest
import VibeGit
import XCTest

final class HostileRunTests: XCTestCase {
    var fixture: RepositoryFixture!

    override func setUpWithError() throws { fixture = try RepositoryFixture() }
    override func tearDown() { fixture.cleanUp() }

    /// A bare remote and clone `a` with a configured suite: c1 (run: both files pass), c2, c3
    /// (run: a.test fails), pushed with their runs.
    func makeRemoteAndFirstClone() throws {
        try fixture.git("init", "-q", "--bare", "-b", "main", "remote.git")
        try fixture.git("clone", "-q", fixture.path("remote.git"), "a")
        try fixture.git("checkout", "-q", "-b", "main", in: "a")
        try fixture.write("a/.vibesql/config", """
            [suite "quick"]
            path = suite
            [baseline]
            branch = main
            [hook]
            suite = quick
            policy = block

            """)
        try fixture.write("a/suite/a.test", "statement ok\nCREATE TABLE t(x)\n")
        try fixture.write("a/suite/b.test", "statement ok\nCREATE TABLE u(x)\n")
        try fixture.git("add", ".", in: "a")
        try fixture.git("commit", "-q", "-m", "c1", in: "a")
        try fixture.record(["suite/a.test": .pass, "suite/b.test": .pass], in: "a", day: 1)
        try fixture.commit(in: "a", message: "c2")
        try fixture.commit(in: "a", message: "c3")
        try fixture.record(["suite/a.test": .fail, "suite/b.test": .pass], in: "a", day: 3)
        try fixture.git("push", "-q", "origin", "main", in: "a")
        _ = try ResultsStore(Repository.discover(from: fixture.path("a"))).push(to: "origin")
    }

    /// Clone `b` records hostile runs for c2 and pushes them.
    func recordHostileRuns() throws -> [String] {
        try fixture.git("clone", "-q", fixture.path("remote.git"), "b")
        let repository = try Repository.discover(from: fixture.path("b"))
        let store = ResultsStore(repository)
        _ = try store.pull(from: "origin")
        let c2 = try repository.resolve("main~1")
        let genuine = RunRecorder.dump(report: RunReport(engine: "vibesql", engineName: "sqlite", startedAt: Date(), durationMs: 1, files: []),
                                       metadata: RunMetadata(runId: 1, startedAt: Date(), completedAt: Date(), sourceCommit: c2.hex, branch: "main", dirty: false,
                                                             suite: "quick", suiteFingerprint: "f", host: "h"))
        let header = genuine.split(separator: "\n").prefix(2).joined(separator: "\n")
        let cross = (1...5).map { "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x FROM c) t\($0)" }
        let hostile: [String] = [
            "DROP TABLE test_runs;",
            "CREATE TRIGGER wipe AFTER INSERT ON test_results BEGIN DELETE FROM test_runs; END;",
            "COMMIT; DELETE FROM test_runs; BEGIN;",
            "INSERT INTO test_runs SELECT x, x, x, 0, 0, 0, 0, 'x', 'x', NULL, 2, 'quick', NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL "
                + "FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c);",
            "INSERT INTO test_results SELECT t1.x, 1, 'f', 'PASS', 'now', 0, NULL, 0, 0, 0, 0 FROM " + cross.joined(separator: ", ") + ";",
            "INSERT INTO test_runs VALUES(9, '" + String(repeating: "x", count: 100 << 20) + "');",
        ]
        var paths: [String] = []
        for (index, statement) in hostile.enumerated() {
            let runId = String(1_000 + index)
            let dump = header + "\n-- run: \(runId)\n" + statement + "\n"
            let result = try store.append(NewRun(sourceCommit: c2, runId: runId, dump: dump, summary: "quick: 2/2 passed",
                                                 trailers: [Trailer("Suite", "quick"), Trailer("Branch", "main"),
                                                            Trailer("Passed", "2"), Trailer("Total", "2")]), schema: ResultsSchema.sql)
            paths.append(result.path)
        }
        // A results commit with a run's trailers and no dump.
        let tip = try fixture.git("rev-parse", "refs/vibesql/results", in: "b")
        let orphan = try fixture.run("/usr/bin/git", ["commit-tree", "\(tip)^{tree}", "-p", tip, "-m",
                                                      "quick: 2/2 passed\n\nSource-Commit: \(c2.hex)\nRun-Id: 2000\nSuite: quick\nPassed: 2\nTotal: 2"],
                                     in: "b").output
        try fixture.git("update-ref", "refs/vibesql/results", orphan, in: "b")
        paths.append(ResultsStore.runPath(sourceCommit: c2, runId: "2000"))
        _ = try store.push(to: "origin")
        return paths
    }

    func testHostileRunsPulledFromARemoteAreRefusedAndEveryOtherRunStillAnswers() throws {
        try makeRemoteAndFirstClone()
        let hostile = try recordHostileRuns()
        let repository = try Repository.discover(from: fixture.path("a"))
        _ = try ResultsStore(repository).pull(from: "origin")
        let history = ConformanceHistory(repository: repository)

        // status
        let status = try history.statusByCategory(at: "main")
        // Files directly in the suite's root are their own categories.
        XCTAssertEqual(status.map(\.category), ["a", "b"])
        XCTAssertEqual(status.map(\.passed).reduce(0, +), 1)
        XCTAssertEqual(status.map(\.total).reduce(0, +), 2)
        // log: c2 shows no run, the two genuine runs show.
        let log = try history.passRateLog(of: "main", limit: 10)
        XCTAssertEqual(log.map(\.subject), ["c3", "c2", "c1"])
        XCTAssertEqual(log.map { $0.run?.passed }, [1, nil, 2])
        XCTAssertEqual(try history.allRunsLog(limit: 20).count, 2)
        XCTAssertEqual(try history.runs().count, 2)
        // query: the tables are intact, no trigger exists, only the genuine runs are there.
        let database = try history.resultsDatabase(at: "main")
        XCTAssertEqual(try database.execute("SELECT COUNT(*) FROM test_runs").rows, [[.integer(2)]])
        XCTAssertEqual(try database.execute("SELECT COUNT(*) FROM test_results").rows, [[.integer(4)]])
        XCTAssertEqual(try database.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").rows, [[.integer(0)]])
        // compare and issue find the real regression.
        let comparison = try history.compare(base: "main~2", head: "main~1")
        XCTAssertEqual(comparison.headDistance, 1, "c2's runs are all refused: its nearest run is c1's")
        XCTAssertEqual(try history.compare(base: "main~2", head: "main").comparison.regressedFiles.map(\.path), ["suite/a.test"])
        XCTAssertEqual(try history.issue(base: "main~2", head: "main").files, ["suite/a.test"])
        // the hook: c2 has no readable run, so pushing it runs the suite and records one.
        let c2 = try repository.resolve("main~1")
        XCTAssertFalse(try history.hasRun(of: c2, suite: "quick"))
        XCTAssertTrue(try history.hasRun(of: repository.resolve("main"), suite: "quick"))
        let zero = String(repeating: "0", count: 40)
        let verdict = try PrePush.run(input: "HEAD \(c2.hex) refs/heads/topic \(zero)\n", repository: repository,
                                      checker: PrePushChecker(history: history, worker: nil),
                                      recorded: { try history.hasRun(of: $0, suite: $1) })
        XCTAssertTrue(verdict.allowed, verdict.messages.joined(separator: "\n"))
        XCTAssertTrue(verdict.messages.contains { $0.contains("quick: 2/2 files passed (100.0%); baseline main@") },
                      verdict.messages.joined(separator: "\n"))
        XCTAssertTrue(try history.hasRun(of: c2, suite: "quick"))

        // Each refused run is named in exactly one warning.
        let warnings = history.takeWarnings().map(\.description)
        for path in hostile {
            let naming = warnings.filter { $0.contains(path) }
            XCTAssertEqual(naming.count, 1, "\(path): \(warnings)")
        }
        XCTAssertTrue(warnings.contains { $0.contains("not a recorded statement: DROP TABLE") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.contains("a second statement on one line") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.contains("over the limit") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.contains("holds no dump there") }, "\(warnings)")
        XCTAssertEqual(warnings.count, hostile.count, "\(warnings)")
    }

    func testAResultsRefPointingAtAnotherCommitIsAnErrorAndNothingIsWrittenOnTopOfIt() throws {
        try fixture.makeRepository(commits: 2)
        try fixture.record(["suite/a.test": .pass])
        try fixture.git("update-ref", "refs/vibesql/results", "main", in: "repo")
        let history = try ConformanceHistory.open(at: fixture.path("repo"))
        for attempt in [{ _ = try history.runSummaries() }, { _ = try history.results(at: nil) }, { _ = try history.resultsTip() }] {
            XCTAssertThrowsError(try attempt()) { error in
                XCTAssertTrue("\(error)".contains("which is not a results commit"), "\(error)")
            }
        }
        XCTAssertThrowsError(try fixture.record(["suite/a.test": .pass]))
        XCTAssertEqual(try fixture.git("rev-parse", "refs/vibesql/results", in: "repo"), try fixture.git("rev-parse", "main", in: "repo"))
    }
}
