import Foundation
import XCTest
@testable import SQLLogicTest

/// Runs the hand-written fixtures on SQLite and checks what is reported, down to the lines.
final class FileRunnerTests: XCTestCase {
    func testFailingRecordsAreReportedAtTheirLinesAndTheFileGoesOn() {
        let report = FileRunner.sqlite().run(path: TestPaths.fixture("failing.test"))
        XCTAssertEqual(report.status, .fail)
        XCTAssertEqual(report.records, RecordCounts(run: 8, passed: 4, failed: 4, skipped: 0))
        XCTAssertEqual(report.failures.map(\.line), [17, 23, 26, 29])
        XCTAssertEqual(report.failures.map(\.message), [
            "wrong result",
            "statement succeeded but an error was expected",
            "statement failed",
            "wrong number of columns: the type string has 2, the query returned 1",
        ])
        XCTAssertEqual(report.failures[0].sql, "SELECT a FROM t1 ORDER BY a")
        XCTAssertEqual(report.failures[0].expected, "1\n3")
        XCTAssertEqual(report.failures[0].actual, "1\n2")
        XCTAssertEqual(report.failures[2].error, "no such table: no_such_table")
    }

    func testMalformedRecordsFailAtTheirLinesAndTheRestRuns() {
        let report = FileRunner.sqlite().run(path: TestPaths.fixture("malformed.test"))
        XCTAssertEqual(report.status, .fail)
        XCTAssertEqual(report.failures.map(\.line), [4, 6, 11, 14])
        XCTAssertEqual(report.failures.map(\.kind), ["malformed", "malformed", "malformed", "malformed"])
        XCTAssertEqual(report.failures[0].message, "malformed record: unknown record type 'frobnicate'")
        // The broken record under `onlyif mysql` is skipped; the last query still runs and passes.
        XCTAssertEqual(report.records, RecordCounts(run: 6, passed: 2, failed: 4, skipped: 1))
    }

    func testConditionsAndHalt() {
        let report = FileRunner.sqlite().run(path: TestPaths.fixture("conditions.test"))
        // Skipped: skipif SQLite, onlyif MySQL, skipif sqlite statement, and the `onlyif mssql` halt.
        // Run: the onlyif sqlite query and SELECT 2; the `onlyif sqlite` halt stops the file.
        XCTAssertEqual(report.records, RecordCounts(run: 2, passed: 2, failed: 0, skipped: 4))
        XCTAssertEqual(report.status, .pass)

        // Another engine name: now `onlyif mssql` + `halt` stops the file right there.
        let mssql = FileRunner.sqlite(engineName: "MSSQL").run(path: TestPaths.fixture("conditions.test"))
        // The `skipif SQLite` query runs (its text reads as 0 in an I column) and the statement that
        // only sqlite and mysql skip runs and fails; both `onlyif` records are skipped.
        XCTAssertEqual(mssql.records, RecordCounts(run: 2, passed: 1, failed: 1, skipped: 2))
        XCTAssertEqual(mssql.failures.map(\.line), [22])
    }

    func testHashingThresholdAndLabels() {
        let report = FileRunner.sqlite().run(path: TestPaths.fixture("nested/hashing.test"))
        XCTAssertEqual(report.records, RecordCounts(run: 8, passed: 7, failed: 1, skipped: 0))
        XCTAssertEqual(report.failures.map(\.line), [36])
        XCTAssertTrue(report.failures[0].message.contains("the first result labeled 'label-nine'"))
    }

    func testRunTimeErrorIsJudgedOnTheRowsBeforeIt() {
        // sum() overflows after the first row; SQLite has returned no row yet, as the corpus expects.
        let text = """
            statement ok
            CREATE TABLE t(x INTEGER)

            statement ok
            INSERT INTO t VALUES(9223372036854775807),(1)

            query I nosort
            SELECT sum(x) FROM t
            ----

            statement error
            SELECT sum(x) FROM t
            """
        let report = FileRunner.sqlite().run(file: TestFileParser.parse(text, path: "overflow.test"))
        XCTAssertEqual(report.records, RecordCounts(run: 4, passed: 4, failed: 0, skipped: 0))
    }

    func testPrepareErrorFailsAQuery() {
        let text = "query I nosort\nSELECT x FROM nowhere\n----\n1\n"
        let report = FileRunner.sqlite().run(file: TestFileParser.parse(text, path: "bad.test"))
        XCTAssertEqual(report.failures.first?.message, "query failed")
        XCTAssertEqual(report.failures.first?.error, "no such table: nowhere")
    }

    func testUnreadableFileIsAFailureNamingIt() {
        let report = FileRunner.sqlite().run(path: "/no/such/dir/x.test")
        XCTAssertEqual(report.status, .fail)
        XCTAssertEqual(report.error, "/no/such/dir/x.test:0: cannot read file")
    }

    func testInProcessRunFindsFilesRecursively() throws {
        let report = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixtures], engine: .sqlite))
        XCTAssertEqual(report.files.map { ($0.path as NSString).lastPathComponent },
                       ["conditions.test", "failing.test", "malformed.test", "hashing.test"])
        XCTAssertEqual(report.fileCounts, FileCounts(total: 4, passed: 1, failed: 3))
        XCTAssertEqual(report.recordTotals.failed, 9)
    }

    func testJSONSummaryShape() throws {
        let report = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixture("failing.test")], engine: .sqlite))
        let data = try JSONEncoder().encode(RunSummary(report))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try XCTUnwrap(object["files"] as? [String: Int])
        XCTAssertEqual(files["total"], 1)
        XCTAssertEqual(files["failed"], 1)
        let records = try XCTUnwrap(object["records"] as? [String: Int])
        XCTAssertEqual(records["total"], 8)
        XCTAssertEqual(records["failed"], 4)
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertEqual(results.first?["status"] as? String, "FAIL")
    }

    /// The development corpus, when it is here: a few files must match the reference counts.
    func testCorpusSampleMatchesReferenceCounts() throws {
        guard let corpus = TestPaths.corpus else {
            print("SKIPPED testCorpusSampleMatchesReferenceCounts: no corpus (set VIBESQL_SLT_CORPUS or provide ../shared/sqllogictest)")
            return
        }
        let select1 = FileRunner.sqlite().run(path: corpus + "/select1.test")
        XCTAssertEqual(select1.records, RecordCounts(run: 1031, passed: 1031, failed: 0, skipped: 0))
        let in1 = FileRunner.sqlite().run(path: corpus + "/evidence/in1.test")
        XCTAssertEqual(in1.records, RecordCounts(run: 214, passed: 214, failed: 0, skipped: 4))
        let aggfunc = FileRunner.sqlite().run(path: corpus + "/evidence/slt_lang_aggfunc.test")
        XCTAssertEqual(aggfunc.status, .pass, "\(aggfunc.failures)")
    }
}

/// The per-file time limit reaches the engine: a runaway query stops itself and the file is a
/// TIMEOUT at that record, with the records before it counted.
final class FileTimeLimitTests: XCTestCase {
    private let text = """
        statement ok
        CREATE TABLE t (x)

        query I
        SELECT 1
        ----
        1

        query I
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c
        ----
        0

        query I
        SELECT 2
        ----
        2
        """

    func testARunawayQueryEndsTheFileAsTimeoutAtItsRecord() {
        var runner = FileRunner(engine: .vibesql)
        runner.timeLimit = 0.5
        let report = runner.run(file: TestFileParser.parse(text, path: "runaway.test"))
        XCTAssertEqual(report.status, .timeout)
        XCTAssertEqual(report.line, 9)
        XCTAssertEqual(report.error, "timed out after 0.5 s while running the record at line 9")
        XCTAssertEqual(report.records, RecordCounts(run: 2, passed: 2, failed: 0, skipped: 0))
    }

    func testAWorkerStopsTheFileItselfBeforeItIsKilled() throws {
        guard let tool = TestPaths.tool else {
            throw XCTSkip("vibesql-git is not built next to the tests; run `swift build` first")
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/runaway.test"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let launch = WorkerLaunch(executable: tool, arguments: ["worker", "--engine", "vibesql", "--timeout", "1"])
        let report = try ConformanceRun.run(RunOptions(paths: [path], engine: .vibesql, worker: launch, jobs: 1, timeout: 1))
        let file = try XCTUnwrap(report.files.first)
        XCTAssertEqual(file.status, .timeout)
        XCTAssertEqual(file.line, 9)
        // Only the worker itself knows the records it finished: a killed worker reports none.
        XCTAssertEqual(file.records, RecordCounts(run: 2, passed: 2, failed: 0, skipped: 0))
    }
}
