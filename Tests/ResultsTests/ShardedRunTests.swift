// Runs split across machines: the shards of one CI run id at one commit read as one run,
// complete or partial, and never mixed with another run's shards.
import Engine
import Foundation
import SQLLogicTest
import XCTest
@testable import Results

final class ShardedRunTests: XCTestCase {
    typealias F = HistoryFixture

    /// The main report of commit `n` split in two: shard 1 has select1 and between, shard 2 the rest.
    func shardDumps(_ n: Int, ci: String, shards: [Int] = [1, 2], plan: String = "p", minute: Double = 0) -> [(source: String, text: String)] {
        let whole = F.mainReport(n)
        let parts = [Array(whole.files.prefix(2)), Array(whole.files.dropFirst(2))]
        return shards.map { index in
            var report = whole
            report.files = parts[index - 1]
            var metadata = F.metadata(n, branch: "main")
            metadata.runId = RunID.make(at: F.day(n).addingTimeInterval(minute * 60 + Double(index)), random: UInt64(index))
            metadata.completedAt = F.day(n).addingTimeInterval(minute * 60 + Double(index) + 5)
            metadata.ciRunId = ci
            metadata.shard = RunShard(index: index, count: 2, plan: plan)
            return ("\(ci)-\(index)", RunRecorder.dump(report: report, metadata: metadata))
        }
    }

    func testTheShardsOfOneRunReadAsOneCompleteRunEqualToTheWholeRun() throws {
        let whole = try ResultsDatabase(dumps: [("whole", RunRecorder.dump(report: F.mainReport(1), metadata: F.metadata(1, branch: "main")))])
        let sharded = try ResultsDatabase(dumps: shardDumps(1, ci: "ci-1"))
        XCTAssertEqual(try sharded.shardRuns().count, 2)
        let runs = try sharded.runs()
        XCTAssertEqual(runs.count, 1)
        let run = try XCTUnwrap(runs.first)
        XCTAssertTrue(run.isComplete)
        XCTAssertEqual(run.shards?.recorded, [1, 2])
        XCTAssertEqual(run.shards?.description, "2 shards")
        XCTAssertEqual(run.ciRunId, "ci-1")
        let expected = try XCTUnwrap(try whole.runs().first)
        XCTAssertEqual([run.passed, run.failed, run.total], [expected.passed, expected.failed, expected.total])
        XCTAssertEqual(run.recordsTotal, expected.recordsTotal)
        let combined = try XCTUnwrap(try sharded.snapshot(run.runId))
        let reference = try XCTUnwrap(try whole.snapshot(expected.runId))
        XCTAssertEqual(combined.files, reference.files)
        XCTAssertEqual(combined.failures, reference.failures)
        // Either shard's id names the whole run.
        let second = try XCTUnwrap(run.shards?.runIds.last.flatMap { Int64($0) })
        XCTAssertEqual(try sharded.run(second)?.runId, run.runId)
        XCTAssertEqual(try sharded.nearestRun(history: [F.commit(1)])?.run.runId, run.runId)
    }

    func testAMissingShardMakesThePartialRunInvisibleToComparisons() throws {
        var dumps = [("old", RunRecorder.dump(report: F.mainReport(1), metadata: F.metadata(1, branch: "main")))]
        dumps += shardDumps(2, ci: "ci-2", shards: [2])
        let db = try ResultsDatabase(dumps: dumps)
        let partial = try XCTUnwrap(try db.runs().last)
        XCTAssertFalse(partial.isComplete)
        XCTAssertEqual(partial.shards?.missing, [1])
        XCTAssertEqual(partial.shards?.description, "partial: shard 1 of 2 missing")
        let nearest = try XCTUnwrap(try db.nearestRun(history: [F.commit(2), F.commit(1)]))
        XCTAssertEqual(nearest.distance, 1, "the partial run at commit 2 is passed over")
        XCTAssertEqual(try db.runsAlong(history: [F.commit(2), F.commit(1)]).map(\.commit), [F.commit(1)])
    }

    func testShardsOfDifferentRunIdsNeverMix() throws {
        let db = try ResultsDatabase(dumps: shardDumps(1, ci: "ci-a", shards: [1]) + shardDumps(1, ci: "ci-b", shards: [2], minute: 1))
        let runs = try db.runs()
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs.map(\.ciRunId), ["ci-a", "ci-b"])
        XCTAssertEqual(runs.map { $0.shards?.missing ?? [] }, [[2], [1]])
        XCTAssertNil(try db.nearestRun(history: [F.commit(1)]))
    }

    func testShardsPlannedDifferentlyAreNotOneRun() throws {
        let db = try ResultsDatabase(dumps: shardDumps(1, ci: "ci", shards: [1], plan: "p1") + shardDumps(1, ci: "ci", shards: [2], plan: "p2"))
        let run = try XCTUnwrap(try db.runs().first)
        XCTAssertFalse(run.isComplete)
        XCTAssertTrue(run.shards?.description.contains("planned differently") == true, "\(run.shards!)")
    }

    func testARerunShardReplacesItsEarlierRecord() throws {
        let db = try ResultsDatabase(dumps: shardDumps(1, ci: "ci") + shardDumps(1, ci: "ci", shards: [2], minute: 10))
        XCTAssertEqual(try db.shardRuns().count, 3)
        let run = try XCTUnwrap(try db.runs().first)
        XCTAssertEqual(try db.runs().count, 1)
        XCTAssertEqual(run.total, 4, "two shards of two files, the re-run counted once")
        XCTAssertEqual(try db.snapshot(run.runId)?.files.count, 4)
    }

    func testLogShowsOneLinePerShardedRunAndMarksAPartialOne() throws {
        func line(_ id: String, _ commit: String, ci: String?, shard: Int?, passed: Int, at minute: Double) -> RunSummaryLine {
            RunSummaryLine(runId: id, commit: commit, branch: "main", suite: "quick", passed: passed, total: 2,
                           recordedAt: F.day(1).addingTimeInterval(minute * 60), ciRunId: ci,
                           shard: shard.map { RunShard(index: $0, count: 2, plan: "p") })
        }
        let runs = [line("1", "c1", ci: nil, shard: nil, passed: 3, at: 0),
                    line("2", "c2", ci: "ci-2", shard: 2, passed: 2, at: 1),
                    line("3", "c2", ci: "ci-2", shard: 1, passed: 1, at: 2),
                    line("4", "c3", ci: "ci-3", shard: 1, passed: 2, at: 3)]
        let history = ["c3", "c2", "c1"].map { HistoryCommit(commit: $0, date: F.day(1), subject: "s \($0)") }
        let entries = HistoryLog.entries(history: history, runs: runs)
        XCTAssertEqual(entries.map(\.runCount), [1, 1, 1])
        XCTAssertEqual(entries[1].run?.passed, 3)
        XCTAssertEqual(entries[1].run?.total, 4)
        XCTAssertEqual(entries[1].run?.shards?.isComplete, true)
        XCTAssertNil(entries[0].change, "a partial run has no change")
        let text = HistoryLog.text(entries, chart: false)
        XCTAssertTrue(text.contains("(partial: shard 2 of 2 missing)"), text)
        XCTAssertTrue(text.contains("s c2 (2 shards)"), text)
        XCTAssertEqual(HistoryLog.entries(allRuns: runs).count, 3)
        XCTAssertEqual(RunSummaryLine.shard(trailer: "3/4", plan: "x"), RunShard(index: 3, count: 4, plan: "x"))
        XCTAssertNil(RunSummaryLine.shard(trailer: "3", plan: nil))
    }

    func testVersion2DumpsStillLoadAsWholeRuns() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/run-schema-v2.sql")
        let v2 = try String(contentsOf: fixture, encoding: .utf8)
        XCTAssertEqual(RunDumpReader.version(of: v2), 2)
        let db = try ResultsDatabase(dumps: [("v2", v2)] + shardDumps(1, ci: "ci-1"))
        XCTAssertEqual(db.warnings, [])
        let v2Run = try XCTUnwrap(try db.shardRuns().first { $0.ciRunId == "ci-7" })
        XCTAssertNil(v2Run.shard)
        XCTAssertEqual([v2Run.passed, v2Run.total], [1, 2])
        XCTAssertEqual(try db.runs().count, 2)
        XCTAssertEqual(try db.query("SELECT schema_version, shard_index FROM test_runs WHERE ci_run_id = 'ci-7'").rows,
                       [[.integer(2), .null]])
    }

    func testTrailersNameTheShard() {
        var metadata = F.metadata(1, branch: "main")
        metadata.shard = RunShard(index: 2, count: 4, plan: "abc")
        let (line, trailers) = RunRecorder.summary(report: F.mainReport(1), metadata: metadata)
        XCTAssertTrue(line.hasPrefix("quick shard 2/4: "), line)
        XCTAssertTrue(trailers.contains { $0 == ("Shard", "2/4") })
        XCTAssertTrue(trailers.contains { $0 == ("Shard-Plan", "abc") })
    }
}
