import Results
import XCTest

final class ComparisonTests: XCTestCase {
    func comparison() throws -> (ResultsDatabase, RunComparison) {
        let db = try ResultsDatabase(dumps: HistoryFixture.dumps())
        let base = try XCTUnwrap(db.nearestRun(history: HistoryFixture.mainHistory))
        let head = try XCTUnwrap(db.nearestRun(history: HistoryFixture.featureHistory))
        XCTAssertEqual(base.run.sourceCommit, HistoryFixture.commit(6))
        XCTAssertEqual(head.run.sourceCommit, HistoryFixture.commit(7))
        let c = RunComparison(base: try XCTUnwrap(db.snapshot(base.run.runId)), head: try XCTUnwrap(db.snapshot(head.run.runId)))
        return (db, c)
    }

    func testRegressedFixedAndRecords() throws {
        let (_, c) = try comparison()
        XCTAssertEqual(c.regressedFiles.map { "\($0.path) \($0.before)→\($0.after)" },
                       ["\(HistoryFixture.joins) PASS→CRASH", "\(HistoryFixture.select1) PASS→FAIL"])
        XCTAssertEqual(c.fixedFiles.map(\.path), [HistoryFixture.random])
        XCTAssertEqual(c.regressedRecords.map(\.after?.line), [30])
        XCTAssertEqual(c.fixedRecords.map(\.before?.line), [12])
        XCTAssertTrue(c.newFiles.isEmpty && c.removedFiles.isEmpty && c.changedErrors.isEmpty)
        XCTAssertEqual(c.passRateChange, -25, accuracy: 0.001)
        XCTAssertTrue(c.hasRegressions)
        let text = ComparisonText.plain(c)
        XCTAssertTrue(text.contains("pass rate: 75.0% → 50.0% (-25.0)"), text)
        XCTAssertTrue(text.contains("PASS → FAIL  test/select1.test  (1 of 10 records failed)"), text)
        XCTAssertTrue(ComparisonText.markdown(c).contains("| files passed | 3/4 | 2/4 |"))
    }

    func testNoRegressionsAgainstItself() throws {
        let (db, c) = try comparison()
        let head = try XCTUnwrap(db.snapshot(c.head.runId))
        let same = RunComparison(base: head, head: head)
        XCTAssertFalse(same.hasRegressions)
        XCTAssertEqual(same.regressionKeys, [])
    }

    func testChangedErrors() throws {
        let (db, c) = try comparison()
        var head = try XCTUnwrap(db.snapshot(c.head.runId))
        let base = head
        let key = try XCTUnwrap(head.failures.keys.first)
        head.failures[key]?.error = "different"
        let changed = RunComparison(base: base, head: head)
        XCTAssertEqual(changed.changedErrors.map(\.key), [key])
        XCTAssertFalse(changed.hasRegressions)
    }

    func testIssueTextAndStableFingerprint() throws {
        let (db, c) = try comparison()
        let firstBad = try XCTUnwrap(db.firstBadCommit(for: c, history: HistoryFixture.featureHistory))
        XCTAssertEqual(firstBad.commit, HistoryFixture.commit(7))
        XCTAssertEqual(firstBad.lastGood?.sourceCommit, HistoryFixture.commit(6))
        let issue = IssueReport(c, firstBad: firstBad, reproduce: "vibesql-git run test/select1.test")
        XCTAssertEqual(issue.title, "Conformance regression on feature-x: 2 files no longer pass")
        XCTAssertTrue(issue.body.contains("```sql\nSELECT a FROM t1  WHERE b > 7;\n```"), issue.body)
        XCTAssertTrue(issue.body.contains("Expected:\n```\n1\n2\n```"), issue.body)
        XCTAssertTrue(issue.body.contains("Error: `no such column: 'b' at 17`"), issue.body)
        XCTAssertTrue(issue.body.contains("`7777777777777777777777777777777777777777` (commit 7)") == false)
        XCTAssertTrue(issue.body.contains("`777777777777` (commit 7) is the oldest recorded run"), issue.body)
        XCTAssertTrue(issue.body.contains("vibesql-git run test/select1.test"))
        let (_, again) = try comparison()
        XCTAssertEqual(IssueReport(again, firstBad: firstBad, reproduce: "x").body.contains(c.fingerprint), true)
        XCTAssertEqual(again.fingerprint, c.fingerprint)
        XCTAssertEqual(c.fingerprint.count, 16)
    }

    func testLogEntriesMarkCommitsWithoutRuns() {
        let day = HistoryFixture.day
        let history = [HistoryCommit(commit: "c3", date: day(3), subject: "three"),
                       HistoryCommit(commit: "c2", date: day(2), subject: "two"),
                       HistoryCommit(commit: "c1", date: day(1), subject: "one")]
        let runs = [RunSummaryLine(runId: "1", commit: "c1", branch: "main", suite: "quick", passed: 3, total: 4, recordedAt: day(1)),
                    RunSummaryLine(runId: "2", commit: "c3", branch: "main", suite: "quick", passed: 4, total: 4, recordedAt: day(3))]
        let entries = HistoryLog.entries(history: history, runs: runs)
        XCTAssertEqual(entries.map { $0.run?.runId }, ["2", nil, "1"])
        XCTAssertEqual(entries[0].change ?? 0, 25, accuracy: 0.001)
        let text = HistoryLog.text(entries, chart: true)
        XCTAssertTrue(text.contains("c2  2025-01-02 10:00  (no run)"), text)
        XCTAssertTrue(text.contains("4/4      100.0%  +25.0"), text)
        XCTAssertTrue(text.contains("▁█"), text)
    }
}
