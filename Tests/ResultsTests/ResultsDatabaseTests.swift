import Engine
import Results
import SQLLogicTest
import XCTest

final class ResultsDatabaseTests: XCTestCase {
    func rows(_ db: ResultsDatabase, _ sql: String) throws -> [[String]] {
        try db.query(sql).rows.map { $0.map { v in
            switch v {
            case .null: return "NULL"
            case .integer(let i): return String(i)
            case .real(let d): return String(format: "%.1f", d)
            case .text(let s): return s
            case .invalidText(let b): return String(decoding: b, as: UTF8.self)
            case .blob: return "blob"
            }
        } }
    }

    func testWorkplanQueriesRunUnchangedWithTheRightAnswers() throws {
        let db = try ResultsDatabase(dumps: HistoryFixture.dumps())
        XCTAssertEqual(db.warnings, [])
        XCTAssertEqual(db.runCount, 7)
        XCTAssertEqual(try rows(db, WorkplanQueries.currentStatusSummary), [
            ["index", "1", "1", "0", "0"],
            ["joins", "1", "0", "0", "0"],
            ["random", "1", "1", "0", "0"],
            ["select", "1", "0", "1", "0"],
        ])
        let progress = try rows(db, WorkplanQueries.progressOverTime)
        XCTAssertEqual(progress.count, 7)
        XCTAssertEqual(progress.first, ["2025-01-07", "2", "2", "50.0"])
        XCTAssertEqual(progress.last, ["2025-01-01", "3", "1", "75.0"])
        XCTAssertEqual(try rows(db, WorkplanQueries.mostProblematicFiles), [[HistoryFixture.random, "6"]])
        let recent = try rows(db, WorkplanQueries.recentFailures)
        XCTAssertEqual(recent.count, 7)
        XCTAssertEqual(recent.first?.prefix(3), [HistoryFixture.select1, "select",
                                                 "line 30: wrong result: no such column: 'b' at 17"])
        XCTAssertEqual(recent.last?.prefix(2), [HistoryFixture.random, "random"])
        let branches = try rows(db, WorkplanQueries.progressByBranch)
        XCTAssertEqual(branches.map { Array($0.prefix(3)) }, [["feature-x", "1", "50.0"], ["main", "6", "75.0"]])
        XCTAssertEqual(branches.first?[3], "2025-01-07 10:00:05.000")
        let mainRuns = try rows(db, WorkplanQueries.mainBranchProgress)
        XCTAssertEqual(mainRuns.count, 6)
        XCTAssertEqual(mainRuns.first?[0], String(HistoryFixture.metadata(6, branch: "main").runId))
        XCTAssertEqual(mainRuns.first?.suffix(3), ["3", "1", "75.0"])
        XCTAssertEqual(try rows(db, WorkplanQueries.featureBranchVsMain), [["main", "75.0"], ["feature-x", "50.0"]])
    }

    func testNamedQueries() throws {
        let db = try ResultsDatabase(dumps: HistoryFixture.dumps())
        for query in NamedQueries.all { XCTAssertNoThrow(try db.query(query.sql), query.name) }
        XCTAssertEqual(try rows(db, NamedQueries.named("status")!.sql).map { $0[0] + ":" + $0[4] + ":" + $0[7] },
                       ["index:0:100.0", "joins:1:0.0", "random:0:100.0", "select:0:0.0"])
        XCTAssertEqual(try rows(db, NamedQueries.named("punchlist")!.sql).map { $0[0] + " " + $0[2] },
                       ["\(HistoryFixture.joins) CRASH", "\(HistoryFixture.select1) FAIL"])
        XCTAssertEqual(try rows(db, NamedQueries.named("slowest")!.sql).first?.prefix(3),
                       [HistoryFixture.select1, "7", "314"])
        XCTAssertEqual(try rows(db, NamedQueries.named("failure-patterns")!.sql),
                       [["no such column: '?' at N", "1", "1", RecordKey.make(file: HistoryFixture.select1,
                                                                               sql: HistoryFixture.select1Failure.sql, occurrence: 1)]])
        XCTAssertEqual(try rows(db, NamedQueries.named("branch-vs-main")!.sql).map { $0[0] + " " + $0[3] },
                       ["main 0.0", "feature-x -25.0"])
        XCTAssertEqual(try rows(db, NamedQueries.named("flaky")!.sql), [])
    }

    func testFlakyFilesHaveBothOutcomesOnOneCommit() throws {
        var dumps = HistoryFixture.dumps()
        var rerun = HistoryFixture.metadata(6, branch: "main")
        rerun.runId += 1
        var report = HistoryFixture.mainReport(6)
        report.files[2] = FileReport(path: HistoryFixture.random, status: .pass, records: RecordCounts(run: 4, passed: 4))
        dumps.append(("rerun", RunRecorder.dump(report: report, metadata: rerun)))
        let db = try ResultsDatabase(dumps: dumps)
        XCTAssertEqual(try rows(db, NamedQueries.named("flaky")!.sql), [[HistoryFixture.random, HistoryFixture.commit(6), "1", "1"]])
    }

    func testStatusAsOfAHistoryIgnoresOtherBranches() throws {
        let db = try ResultsDatabase(dumps: HistoryFixture.dumps(), perspective: .history(HistoryFixture.mainHistory))
        XCTAssertEqual(try rows(db, "SELECT file_path, status FROM test_files ORDER BY file_path"), [
            [HistoryFixture.joins, "PASS"], [HistoryFixture.between, "PASS"],
            [HistoryFixture.random, "FAIL"], [HistoryFixture.select1, "PASS"],
        ])
        try db.deriveFiles(.history(["unknown"]))
        XCTAssertEqual(try rows(db, "SELECT DISTINCT status FROM test_files"), [["UNTESTED"]])
    }

    func testRunDumpIsDeterministicAndLoadsOnItsOwn() throws {
        let a = RunRecorder.dump(report: HistoryFixture.featureReport(), metadata: HistoryFixture.metadata(7, branch: "x"))
        let b = RunRecorder.dump(report: HistoryFixture.featureReport(), metadata: HistoryFixture.metadata(7, branch: "x"))
        XCTAssertEqual(a, b)
        XCTAssertEqual(RunDumpReader.version(of: a), ResultsSchema.currentVersion)
        let standalone = Database()
        try standalone.execute(a)
        XCTAssertEqual(try standalone.execute("SELECT COUNT(*) FROM test_results").rows, [[.integer(4)]])
        XCTAssertEqual(try standalone.execute("SELECT schema_version, dirty, suite FROM test_runs").rows,
                       [[.integer(Int64(ResultsSchema.currentVersion)), .integer(0), .text("quick")]])
    }

    func testEveryEarlierSchemaVersionIsReadable() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/run-schema-v1.sql")
        let v1 = try String(contentsOf: fixture, encoding: .utf8)
        XCTAssertEqual(RunDumpReader.version(of: v1), 1)
        var dumps = HistoryFixture.dumps()
        dumps.insert(("v1", v1), at: 0)
        let db = try ResultsDatabase(dumps: dumps)
        XCTAssertEqual(db.warnings, [])
        XCTAssertEqual(try rows(db, "SELECT run_id, schema_version, branch_name, ci_run_id, suite FROM test_runs WHERE run_id = 7"),
                       [["7", "1", "main", "ci-41", "NULL"]])
        XCTAssertEqual(try rows(db, "SELECT file_path, status, error_message FROM test_results WHERE run_id = 7 ORDER BY file_path"), [
            ["test/evidence/in1.test", "FAIL", "query result mismatch at line 42"],
            ["test/select1.test", "PASS", "NULL"],
        ])
        // Derived, not copied: the v1 dump's own test_files rows are ignored.
        XCTAssertEqual(try rows(db, "SELECT category, status FROM test_files WHERE file_path = 'test/evidence/in1.test'"),
                       [["evidence", "FAIL"]])
        XCTAssertEqual(try rows(db, WorkplanQueries.progressOverTime).last, ["2024-06-01", "1", "1", "50.0"])
    }

    func testBrokenDumpsAreSkippedWithTheirSource() throws {
        var dumps = HistoryFixture.dumps()
        dumps.append(("runs/ab/abc/1.sql", "-- schema-version: 2\nINSERT INTO test_runs VALUES(1, garbage"))
        dumps.append(("runs/cd/cde/2.sql", "-- schema-version: 99\n"))
        let db = try ResultsDatabase(dumps: dumps)
        XCTAssertEqual(db.runCount, 7)
        XCTAssertEqual(db.warnings.count, 2)
        XCTAssertTrue(db.warnings[0].contains("runs/ab/abc/1.sql: refused: line 2: not a literal value"), db.warnings[0])
        XCTAssertTrue(db.warnings[1].contains("schema version 99"), db.warnings[1])
        XCTAssertEqual(try rows(db, "SELECT COUNT(*) FROM test_runs"), [["7"]])
    }

    func testResultsDumpRoundTrips() throws {
        let db = try ResultsDatabase(dumps: HistoryFixture.dumps())
        let text = try db.dump()
        let reloaded = try Database.load(dump: text)
        XCTAssertEqual("-- VibeSQL results database (7 runs)\n-- schema-version: \(ResultsSchema.currentVersion)\n" + reloaded.dump(), text,
                       "dump → load → dump is byte-identical")
        XCTAssertEqual(try reloaded.execute(WorkplanQueries.currentStatusSummary).rows,
                       try db.query(WorkplanQueries.currentStatusSummary).rows)
        XCTAssertEqual(try reloaded.execute("SELECT COUNT(*) FROM test_failures").rows, [[.integer(7)]])
    }
}
