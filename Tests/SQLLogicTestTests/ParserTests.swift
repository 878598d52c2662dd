import XCTest
@testable import SQLLogicTest

final class ParserTests: XCTestCase {
    /// Table of single-record files and the record each must give.
    func testRecordKinds() {
        let cases: [(String, String, Record)] = [
            ("statement ok", "statement ok\nCREATE TABLE t(x)\n",
             Record(line: 1, kind: .statement(sql: "CREATE TABLE t(x)", expectSuccess: true))),
            ("statement error, two lines", "statement error\nSELECT\n  nothing\n",
             Record(line: 1, kind: .statement(sql: "SELECT\n  nothing", expectSuccess: false))),
            ("multi-statement", "statement ok\nINSERT INTO t VALUES(1); INSERT INTO t VALUES(2)\n",
             Record(line: 1, kind: .statement(sql: "INSERT INTO t VALUES(1); INSERT INTO t VALUES(2)", expectSuccess: true))),
            ("query, defaults", "query I\nSELECT 1\n----\n1\n",
             Record(line: 1, kind: .query(Query(types: [.integer], sql: "SELECT 1", expected: ["1"])))),
            ("query, sort and label", "query RTI rowsort label-7\nSELECT 1.0, 'a', 2\n----\n1.000\na\n2\n",
             Record(line: 1, kind: .query(Query(types: [.real, .text, .integer], sort: .rowsort, label: "label-7",
                                                sql: "SELECT 1.0, 'a', 2", expected: ["1.000", "a", "2"])))),
            ("query, empty result", "query I valuesort\nSELECT 1 WHERE 0\n----\n",
             Record(line: 1, kind: .query(Query(types: [.integer], sort: .valuesort, sql: "SELECT 1 WHERE 0", expected: [])))),
            ("hash line kept as the expected block", "query I nosort\nSELECT x FROM t\n----\n9 values hashing to abc\n",
             Record(line: 1, kind: .query(Query(types: [.integer], sql: "SELECT x FROM t", expected: ["9 values hashing to abc"])))),
            ("hash-threshold", "hash-threshold 20\n", Record(line: 1, kind: .hashThreshold(20))),
            ("halt with conditions", "onlyif mssql\nhalt\n",
             Record(line: 2, conditions: [Condition(.onlyif, "mssql")], kind: .halt)),
            ("stacked conditions with comments", "skipif mysql # not compatible\nonlyif SQLite\nstatement ok\nSELECT 1\n",
             Record(line: 3, conditions: [Condition(.skipif, "mysql"), Condition(.onlyif, "SQLite")],
                    kind: .statement(sql: "SELECT 1", expectSuccess: true))),
            ("comments and CRLF", "# header\r\n\r\nquery T nosort\r\n# inside\r\nSELECT 'a'\r\n----\r\na  \r\n",
             Record(line: 3, kind: .query(Query(types: [.text], sql: "SELECT 'a'", expected: ["a"])))),
        ]
        for (name, text, want) in cases {
            let file = TestFileParser.parse(text)
            XCTAssertEqual(file.issues, [], name)
            XCTAssertEqual(file.records, [want], name)
        }
    }

    func testRecordsAndLineNumbers() {
        let text = """
            # comment

            statement ok
            CREATE TABLE t(x)


            query I nosort
            SELECT x FROM t
            ----

            hash-threshold 0

            halt
            """
        let file = TestFileParser.parse(text)
        XCTAssertEqual(file.records.map(\.line), [3, 7, 11, 13])
        XCTAssertEqual(file.issues, [])
    }

    /// Malformed records: each is reported at its line with a clear message, and parsing goes on.
    func testMalformedRecords() {
        let cases: [(String, Int, String)] = [
            ("frobnicate\n", 1, "unknown record type 'frobnicate'"),
            ("query X nosort\nSELECT 1\n----\n1\n", 1, "bad type string 'X': 'X' is not I, R or T"),
            ("query I sideways\nSELECT 1\n----\n1\n", 1, "unknown sort mode 'sideways' (nosort, rowsort or valuesort)"),
            ("\n\nquery I nosort\nSELECT 1\n", 3, "query without '----' before its expected results"),
            ("query\nSELECT 1\n", 1, "'query' needs a type string"),
            ("statement maybe\nSELECT 1\n", 1, "'statement' must be followed by 'ok' or 'error'"),
            ("hash-threshold lots\n", 1, "'hash-threshold' needs a number of values"),
            ("skipif\nstatement ok\nSELECT 1\n", 1, "'skipif' needs an engine name"),
            ("onlyif sqlite\n\nstatement ok\nSELECT 1\n", 1, "condition without a record after it"),
        ]
        for (text, line, message) in cases {
            let file = TestFileParser.parse(text + "\nstatement ok\nSELECT 2\n")
            XCTAssertEqual(file.issues.map(\.line), [line], text)
            XCTAssertEqual(file.issues.first?.message, message, text)
            // The record after the broken one is still read.
            XCTAssertEqual(file.records.last?.kind, .statement(sql: "SELECT 2", expectSuccess: true), text)
        }
    }

    func testUnreadableFileNamesThePath() {
        XCTAssertThrowsError(try TestFileParser.parse(contentsOf: "/no/such/file.test")) { error in
            XCTAssertEqual("\(error)", "/no/such/file.test:0: cannot read file")
        }
    }

    func testConditionsMatchCaseInsensitively() {
        XCTAssertTrue(Condition(.skipif, "SQLite").skips(engineName: "sqlite"))
        XCTAssertFalse(Condition(.skipif, "mysql").skips(engineName: "sqlite"))
        XCTAssertTrue(Condition(.onlyif, "MySQL").skips(engineName: "sqlite"))
        XCTAssertFalse(Condition(.onlyif, "SQLITE").skips(engineName: "SQLite"))
    }
}
