// The run dump reader accepts exactly what a recorder writes and refuses the rest, naming the
// run; nothing of a dump is executed.
import Engine
import Foundation
@testable import Results
import SQLLogicTest
import XCTest

final class RunDumpReaderTests: XCTestCase {
    let metadata = HistoryFixture.metadata(3, branch: "main")
    var dump: String { RunRecorder.dump(report: HistoryFixture.mainReport(3), metadata: metadata) }
    var expected: ExpectedRun {
        ExpectedRun(runId: metadata.runId, sourceCommit: metadata.sourceCommit, trailers: [RunTrailerCounts(passed: 3, total: 4)])
    }

    func refusal(_ text: String, expected: ExpectedRun? = nil, sizeLimit: Int = RunDumpReader.defaultSizeLimit) -> String {
        do {
            _ = try RunDumpReader.read(text, source: "runs/xx/run.sql", expected: expected, sizeLimit: sizeLimit)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    func testARecordedDumpReadsWithEveryRowOfItsRun() throws {
        let run = try RunDumpReader.read(dump, source: "r", expected: expected)
        XCTAssertEqual(run.runId, metadata.runId)
        XCTAssertEqual(run.rows["test_runs"]?.count, 1)
        XCTAssertEqual(run.rows["test_results"]?.count, 4)
        XCTAssertEqual(run.rows["test_failures"]?.count, 1)
        XCTAssertEqual(run.rows["test_failures"]?.first?[6], .text(HistoryFixture.randomFailure.sql))
    }

    func testStatementsARecorderNeverWritesAreRefusedWithTheirLine() {
        let cases: [(String, String)] = [
            ("DROP TABLE test_runs;", "not a recorded statement: DROP TABLE test_runs;"),
            ("CREATE TRIGGER t AFTER INSERT ON test_results BEGIN DELETE FROM test_runs; END;",
             "not a recorded statement: CREATE TRIGGER"),
            ("COMMIT; DELETE FROM test_runs; BEGIN;", "a second statement on one line"),
            ("INSERT INTO test_results SELECT * FROM test_results;", "expected  VALUES("),
            ("INSERT INTO test_results VALUES((WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT max(x) FROM c),1);",
             "not a literal value: (WITH RECURSIVE"),
            ("INSERT INTO test_files VALUES('a','b',NULL,'PASS',NULL,NULL,NULL);", "rows of test_files are not recorded"),
            ("INSERT INTO sqlite_master VALUES('x');", "rows of sqlite_master are not recorded"),
            ("INSERT INTO test_runs VALUES(1 + 1);", "not a literal value:  + 1);"),
        ]
        var lines = dump.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let commit = lines.firstIndex(of: "COMMIT;") ?? lines.count
        for (statement, message) in cases {
            var hostile = lines
            hostile.insert(statement, at: commit)
            let text = refusal(hostile.joined(separator: "\n"))
            XCTAssertTrue(text.hasPrefix("runs/xx/run.sql: refused: "), text)
            XCTAssertTrue(text.contains("line \(commit + 1): " + message), "\(statement): \(text)")
        }
        lines.append("DELETE FROM test_runs;")
        XCTAssertTrue(refusal(lines.joined(separator: "\n")).contains("after COMMIT"))
    }

    func testEveryRowIsCheckedAgainstTheSchemaAndTheRun() {
        let runId = String(metadata.runId)
        let cases: [(from: String, to: String, message: String)] = [
            ("'FAIL','2025", "'EXPLODED','2025", "test_results.status is not one of CRASH, FAIL, PASS, TIMEOUT, UNTESTED"),
            ("VALUES(\(runId),'2025", "VALUES(\(metadata.runId - 1),'2025", "the header names run \(runId), its test_runs row run \(metadata.runId - 1)"),
            (",\(runId),'test/select1.test'", ",42,'test/select1.test'", "a test_results row belongs to run 42, not to run \(runId)"),
            (",\(runId),'test/select1.test'", ",'x','test/select1.test'", "test_results.run_id is text, not an integer"),
            ("'test/select1.test','PASS'", "NULL,'PASS'", "test_results.file_path is NULL"),
            ("'test/select1.test','PASS'", "X'00','PASS'", "test_results.file_path is a blob"),
            ("'test/select1.test','PASS'", "1.5,'PASS'", "test_results.file_path is a real"),
        ]
        for (from, to, message) in cases {
            guard let range = dump.range(of: from) else { XCTFail("no \(from) in the dump"); continue }
            let text = refusal(dump.replacingCharacters(in: range, with: to))
            XCTAssertTrue(text.contains(message), "\(to): \(text)")
        }
        let twoRuns = dump.replacingOccurrences(of: "COMMIT;", with: dump.split(separator: "\n").first { $0.hasPrefix("INSERT INTO test_runs") }.map(String.init)! + "\nCOMMIT;")
        XCTAssertTrue(refusal(twoRuns).contains("2 test_runs rows"))
    }

    func testThePathAndTheTrailersMustAgreeWithTheDump() {
        XCTAssertEqual(refusal(dump, expected: expected), "accepted")
        var other = expected
        other.runId += 1
        XCTAssertTrue(refusal(dump, expected: other).contains("the file is named for run \(other.runId)"))
        other = expected
        other.sourceCommit = String(repeating: "a", count: 40)
        XCTAssertTrue(refusal(dump, expected: other).contains("the file is under commit aaaaaaaaaaaa"))
        other = expected
        other.trailers = [RunTrailerCounts(passed: 4, total: 4)]
        XCTAssertTrue(refusal(dump, expected: other).contains("its commit's trailers say 4/4 files passed, the dump 3/4"))
        other.trailers = []
        XCTAssertTrue(refusal(dump, expected: other).contains("no results commit records it"))
    }

    func testARunOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        XCTAssertTrue(refusal(dump, sizeLimit: 100).contains("refused: \(dump.utf8.count) bytes, over the limit of 100"))
    }

    func testAnOlderVersionIsMigratedWithoutRunningIt() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/run-schema-v1.sql")
        let v1 = try String(contentsOf: fixture, encoding: .utf8)
        let run = try RunDumpReader.read(v1, source: "v1", expected: ExpectedRun(runId: 7, sourceCommit: "0123456789abcdef0123456789abcdef01234567"))
        let row = try XCTUnwrap(run.rows["test_runs"]?.first)
        XCTAssertEqual(row.count, RecordedColumns.of("test_runs", version: ResultsSchema.currentVersion)?.count)
        XCTAssertEqual(row[10], .integer(1), "schema_version says what it was written with")
        XCTAssertEqual(run.rows["test_results"]?.count, 2)
        XCTAssertTrue(refusal(v1 + "DROP TABLE test_runs;\n").contains("not a recorded statement: DROP TABLE"))
        // A version 1 dump cannot carry version 2's schema.
        XCTAssertTrue(refusal(v1.replacingOccurrences(of: "    ci_run_id VARCHAR(100)\n", with: "    ci_run_id VARCHAR(100), x INTEGER\n"))
            .contains("not a recorded statement: CREATE TABLE test_runs"))
    }

    func testControlCharactersInARefusalAreEscaped() {
        let text = refusal(dump.replacingOccurrences(of: "COMMIT;", with: "\u{1b}]0;owned\u{07}\nCOMMIT;"))
        XCTAssertFalse(text.contains("\u{1b}"), text)
        XCTAssertTrue(text.contains("\\u{1b}]0;owned\\u{7}"), text)
    }
}
