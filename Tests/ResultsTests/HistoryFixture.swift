// A small recorded history used by the results tests: six runs on main, then one on a
// feature branch that breaks two files and fixes one.
import Foundation
import Results
import SQLLogicTest

enum HistoryFixture {
    static let select1 = "test/select1.test"
    static let between = "test/index/between/10/slt_good_0.test"
    static let random = "test/random/expr/slt_good_1.test"
    static let joins = "suite/joins.test"

    static func commit(_ n: Int) -> String { String(repeating: String(n % 10), count: 40) }
    static func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_735_725_600 + Double(n - 1) * 86_400) }  // 2025-01-0n 10:00 UTC

    static let randomFailure = RecordFailure(line: 12, kind: "query", sql: "SELECT 1 + 1", message: "wrong result",
                                             expected: "3", actual: "2")
    static let select1Failure = RecordFailure(line: 30, kind: "query", sql: "SELECT a FROM t1  WHERE b > 7;",
                                              message: "wrong result", expected: "1\n2", actual: "1",
                                              error: "no such column: 'b' at 17")

    static func mainReport(_ n: Int) -> RunReport {
        RunReport(engine: "vibesql", engineName: "sqlite", startedAt: day(n), durationMs: 5_000, files: [
            FileReport(path: select1, status: .pass, records: RecordCounts(run: 10, passed: 10), durationMs: 100 * n),
            FileReport(path: between, status: .pass, records: RecordCounts(run: 5, passed: 5), durationMs: 50),
            FileReport(path: random, status: .fail, records: RecordCounts(run: 4, passed: 3, failed: 1),
                       durationMs: 70, failures: [randomFailure]),
            FileReport(path: joins, status: .pass, records: RecordCounts(run: 2, passed: 2), durationMs: 10),
        ])
    }

    static func featureReport() -> RunReport {
        RunReport(engine: "vibesql", engineName: "sqlite", startedAt: day(7), durationMs: 5_000, files: [
            FileReport(path: select1, status: .fail, records: RecordCounts(run: 10, passed: 9, failed: 1),
                       durationMs: 100, failures: [select1Failure]),
            FileReport(path: between, status: .pass, records: RecordCounts(run: 5, passed: 5), durationMs: 50),
            FileReport(path: random, status: .pass, records: RecordCounts(run: 4, passed: 4), durationMs: 70),
            FileReport(path: joins, status: .crash, records: RecordCounts(run: 1, passed: 1), durationMs: 10,
                       error: "worker died: signal 11", line: 8),
        ])
    }

    static func metadata(_ n: Int, branch: String) -> RunMetadata {
        RunMetadata(runId: RunID.make(at: day(n), random: UInt64(n)), startedAt: day(n),
                    completedAt: day(n).addingTimeInterval(5), sourceCommit: commit(n),
                    parents: n > 1 ? [commit(n - 1)] : [], subject: "commit \(n)", commitTime: day(n),
                    branch: branch, dirty: false, suite: "quick", suiteFingerprint: "f", host: "test-host")
    }

    /// The run dumps, oldest first.
    static func dumps() -> [(source: String, text: String)] {
        var result: [(String, String)] = []
        for n in 1...6 { result.append(("main-\(n)", RunRecorder.dump(report: mainReport(n), metadata: metadata(n, branch: "main")))) }
        result.append(("feature", RunRecorder.dump(report: featureReport(), metadata: metadata(7, branch: "feature-x"))))
        return result
    }

    static var mainHistory: [String] { (1...6).reversed().map(commit) }
    static var featureHistory: [String] { (1...7).reversed().map(commit) }
}
