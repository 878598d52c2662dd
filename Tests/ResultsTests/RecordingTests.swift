import Results
import SQLLogicTest
import XCTest

final class RecordingTests: XCTestCase {
    func testCategoriesFromPaths() {
        let cases: [(String, String, String?)] = [
            ("test/index/between/10/slt_good_0.test", "index", "between"),
            ("test/select1.test", "select", nil),
            ("test/random/expr/slt_good_1.test", "random", "expr"),
            ("test/evidence/in1.test", "evidence", nil),
            ("../shared/sqllogictest/test/select5.test", "select", nil),
            ("suite/select/joins.test", "select", nil),
            ("suite/joins/left/outer.test", "joins", "left"),
            ("quick/joins.test", "joins", nil),
            ("suite/basics.test", "basics", nil),
            ("../suite/null/in_not_in.test", "null", nil),
            ("aggregates.test", "aggregates", nil),
            ("/tmp/x/y/where2.test", "y", nil),
            ("./test/select2.test", "select", nil),
        ]
        for (path, category, subcategory) in cases {
            let result = PathCategory.of(path)
            XCTAssertEqual(result.category, category, path)
            XCTAssertEqual(result.subcategory, subcategory, path)
        }
    }

    func testRecordKeysIgnoreWhitespaceAndCountOccurrences() {
        XCTAssertEqual(RecordKey.normalise("  SELECT a\n  FROM t ;\n"), "SELECT a FROM t")
        XCTAssertEqual(RecordKey.hash("SELECT a FROM t"), RecordKey.hash("SELECT a\nFROM   t;"))
        XCTAssertNotEqual(RecordKey.hash("SELECT a FROM t"), RecordKey.hash("SELECT b FROM t"))
        let records = [(line: 1, sql: "SELECT 1"), (line: 5, sql: "SELECT 2"), (line: 9, sql: "SELECT 1")]
        let failure = RecordFailure(line: 9, kind: "query", sql: "SELECT 1", message: "wrong result")
        let keys = RecordKey.keys(file: "f.test", failures: [failure], records: records)
        XCTAssertEqual(keys, ["f.test#\(RecordKey.hash("SELECT 1")).2"])
        // Lines moved: the key stays the same.
        let moved = [(line: 3, sql: "SELECT 1"), (line: 7, sql: "SELECT 2"), (line: 11, sql: "SELECT 1")]
        var shifted = failure
        shifted.line = 11
        XCTAssertEqual(RecordKey.keys(file: "f.test", failures: [shifted], records: moved), keys)
        // Without the file's records, occurrences count failures.
        XCTAssertEqual(RecordKey.keys(file: "f.test", failures: [failure, failure], records: nil),
                       ["f.test#\(RecordKey.hash("SELECT 1")).1", "f.test#\(RecordKey.hash("SELECT 1")).2"])
    }

    func testErrorPatternsStripLiterals() {
        XCTAssertEqual(ErrorPattern.of("no such column: 'b' at 17"), "no such column: '?' at N")
        XCTAssertEqual(ErrorPattern.of("expected 3 rows, got 12.5"), "expected N rows, got N")
        XCTAssertEqual(ErrorPattern.of("no such table: t1"), "no such table: t1")
        XCTAssertEqual(ErrorPattern.of("near \"FROM\": syntax error"), "near \"?\": syntax error")
    }

    func testRunIdsSortByTimeAndDiffer() {
        let early = RunID.make(at: Date(timeIntervalSince1970: 1_700_000_000), random: 5)
        let late = RunID.make(at: Date(timeIntervalSince1970: 1_700_000_001), random: 0)
        XCTAssertLessThan(early, late)
        XCTAssertGreaterThan(early, 0)
        XCTAssertNotEqual(RunID.make(at: Date(timeIntervalSince1970: 1), random: 1), RunID.make(at: Date(timeIntervalSince1970: 1), random: 2))
        XCTAssertEqual(RunID.date(of: late).timeIntervalSince1970, 1_700_000_001, accuracy: 0.001)
    }

    func testCIRunIdFromEnvironment() {
        XCTAssertEqual(RunMetadata.ciRunId(environment: ["GITHUB_RUN_ID": "99", "GITHUB_RUN_ATTEMPT": "2"]), "99.2")
        XCTAssertEqual(RunMetadata.ciRunId(environment: ["CI_PIPELINE_ID": "7"]), "7")
        XCTAssertNil(RunMetadata.ciRunId(environment: [:]))
    }

    func testTimestampsRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_735_725_600.25)
        XCTAssertEqual(Timestamp.format(date), "2025-01-01 10:00:00.250")
        XCTAssertEqual(Timestamp.parse("2025-01-01 10:00:00.250")?.timeIntervalSince1970 ?? 0, 1_735_725_600.25, accuracy: 0.001)
    }

    func testSummaryTrailers() {
        let (line, trailers) = RunRecorder.summary(report: HistoryFixture.featureReport(),
                                                   metadata: HistoryFixture.metadata(7, branch: "feature-x"))
        XCTAssertEqual(line, "quick: 2/4 files passed (50.0%) on feature-x")
        XCTAssertTrue(trailers.contains { $0 == ("Passed", "2") })
        XCTAssertTrue(trailers.contains { $0 == ("Parents", HistoryFixture.commit(6)) })
    }
}
