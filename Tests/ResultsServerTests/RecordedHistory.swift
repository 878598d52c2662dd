// A small recorded history for the server's tests, answered in memory: three runs on main
// (commits m1..m3), then HEAD, a feature commit whose run regresses suite/select/joins.test
// with a failing record whose SQL holds a <script> element.
import Engine
import Foundation
import Results
import ResultsServer
import SQLLogicTest

final class RecordedHistory: ResultsSource, @unchecked Sendable {
    static let joins = "suite/select/joins.test"
    static let nulls = "suite/null/in_not_in.test"
    static let insert = "suite/dml/insert.test"
    static let scriptSQL = "SELECT '<script>alert(1)</script>' FROM t1 WHERE a < 3"

    struct Commit { var id: String; var parent: String?; var subject: String; var date: Date }

    var commits: [String: Commit] = [:]
    var runs: [(metadata: RunMetadata, report: RunReport)] = []
    var head = "f1"
    let baselineBranch = "main"
    /// What the history says it left out (a real history: runs it refused).
    var refusedRuns: [String] = []

    init() {
        for (n, id) in ["m1", "m2", "m3"].enumerated() {
            commits[id] = Commit(id: id, parent: n == 0 ? nil : "m\(n)", subject: "main commit \(n + 1)", date: RecordedHistory.day(n))
            record(commit: id, branch: "main", day: n, files: RecordedHistory.mainFiles(insertPasses: n >= 1))
        }
        commits["f1"] = Commit(id: "f1", parent: "m3", subject: "feature <b>bold</b>", date: RecordedHistory.day(3))
        record(commit: "f1", branch: "feature-x", day: 3, files: RecordedHistory.featureFiles())
    }

    static func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + Double(n) * 86_400) }

    static func mainFiles(insertPasses: Bool) -> [FileReport] {
        [FileReport(path: joins, status: .pass, records: RecordCounts(run: 4, passed: 4), durationMs: 5),
         FileReport(path: nulls, status: .fail, records: RecordCounts(run: 3, passed: 2, failed: 1), durationMs: 5,
                    failures: [RecordFailure(line: 7, kind: "query", sql: "SELECT 1 IN (NULL)", message: "wrong result",
                                             expected: "NULL", actual: "0")]),
         FileReport(path: insert, status: insertPasses ? .pass : .fail,
                    records: RecordCounts(run: 2, passed: insertPasses ? 2 : 1, failed: insertPasses ? 0 : 1), durationMs: 5,
                    failures: insertPasses ? [] : [RecordFailure(line: 3, kind: "statement", sql: "INSERT INTO t VALUES (1)",
                                                                 message: "statement failed", error: "no such table: t")])]
    }

    static func featureFiles() -> [FileReport] {
        var files = mainFiles(insertPasses: true)
        files[0] = FileReport(path: joins, status: .fail, records: RecordCounts(run: 4, passed: 3, failed: 1), durationMs: 5,
                              failures: [RecordFailure(line: 12, kind: "query", sql: scriptSQL, message: "wrong result <i>",
                                                       expected: "<script>alert(1)</script>", actual: "</pre><script>alert(2)</script>")])
        return files
    }

    /// Records a run of `files` at `commit`; the tip moves.
    func record(commit: String, branch: String, day: Int, files: [FileReport]) {
        let date = RecordedHistory.day(day).addingTimeInterval(Double(runs.count) * 60)
        let metadata = RunMetadata(runId: RunID.make(at: date, random: UInt64(runs.count)), startedAt: date,
                                   completedAt: date.addingTimeInterval(5), sourceCommit: commit,
                                   parents: commits[commit]?.parent.map { [$0] } ?? [], subject: commits[commit]?.subject,
                                   commitTime: date, branch: branch, dirty: false, suite: "quick", suiteFingerprint: "f",
                                   host: "test-host")
        runs.append((metadata, RunReport(engine: "vibesql", engineName: "sqlite", startedAt: date, durationMs: 20, files: files)))
    }

    func history(of revision: String) -> [String] {
        var ids: [String] = []
        var next: String? = revision == "HEAD" ? head : revision == "main" ? "m3" : revision
        while let id = next, let commit = commits[id] {
            ids.append(id)
            next = commit.parent
        }
        return ids
    }

    var summaries: [RunSummaryLine] {
        runs.map { run in
            RunSummaryLine(runId: String(run.metadata.runId), commit: run.metadata.sourceCommit ?? "", branch: run.metadata.branch,
                           suite: run.metadata.suite, passed: run.report.files.filter { $0.status == .pass }.count,
                           total: run.report.files.count, recordedAt: run.metadata.completedAt)
        }
    }

    // MARK: ResultsSource

    func resultsTip() throws -> String? { runs.isEmpty ? nil : "tip-\(runs.count)" }
    func headCommit() throws -> String? { head }
    func warnings() -> [String] { refusedRuns }

    func results(at revision: String?) throws -> ResultsDatabase {
        try ResultsDatabase(dumps: runs.map { ("run-\($0.metadata.runId)", RunRecorder.dump(report: $0.report, metadata: $0.metadata)) },
                            perspective: .history(history(of: revision ?? "HEAD")))
    }

    func latestRunPerBranch() throws -> [RunSummaryLine] {
        var latest: [String: RunSummaryLine] = [:]
        for run in summaries { latest[run.branch ?? ""] = run }
        return latest.values.sorted { $0.recordedAt > $1.recordedAt }
    }

    func recentRuns(limit: Int) throws -> [RunSummaryLine] {
        Array(summaries.reversed().prefix(limit))
    }

    func passRateLog(of revision: String, limit: Int) throws -> [HistoryLogEntry] {
        let history = self.history(of: revision).prefix(limit).compactMap { commits[$0] }
            .map { HistoryCommit(commit: $0.id, date: $0.date, subject: $0.subject) }
        return HistoryLog.entries(history: history, runs: summaries)
    }

    func compare(base: String, head: String) throws -> RunComparison {
        let database = try results(at: nil)
        guard let b = try database.nearestRun(history: history(of: base)), let h = try database.nearestRun(history: history(of: head)),
              let bs = try database.snapshot(b.run.runId), let hs = try database.snapshot(h.run.runId) else {
            throw ResultsServerTestError("no recorded run of \(base) or \(head)")
        }
        return RunComparison(base: bs, head: hs)
    }
}

struct ResultsServerTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
