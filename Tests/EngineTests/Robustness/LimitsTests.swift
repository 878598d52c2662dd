// SQLite's limits with SQLite's errors, and SQL whose work used to grow exponentially. Every
// expected answer and message was checked against sqlite3 3.40. Deep cases are generated here.
import XCTest
@testable import Engine

final class LimitsTests: XCTestCase {
    /// A database whose statements stop after `seconds`: a regression to exponential work fails
    /// the test with "interrupted" instead of hanging it.
    private func bounded(_ seconds: Int = 20) -> Database {
        let db = Database()
        db.timeLimit = .seconds(seconds)
        return db
    }

    private func rows(_ db: Database, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            return try db.execute(sql).rows.map { $0.map(cliText).joined(separator: "|") }
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return []
        }
    }

    private func message(_ db: Database, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try db.execute(sql)
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let error as SQLError {
            return error.message
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    // MARK: operands computed once

    func testABetweenChainComputesItsOperandOnce() {
        // sqlite3: 1 (in milliseconds); computing x twice per link was 2^40 evaluations.
        let sql = "SELECT 1" + String(repeating: " BETWEEN 0 AND 2", count: 40)
        XCTAssertEqual(rows(bounded(), sql), ["1"])
        XCTAssertEqual(rows(bounded(), "SELECT 5 NOT BETWEEN 1 AND 3, 2 NOT BETWEEN 1 AND 3, NULL BETWEEN 1 AND 3"), ["1|0|"])
    }

    func testACaseBaseIsComputedOnce() {
        var sql = "abs(1)"
        for _ in 0..<40 { sql = "CASE \(sql) WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 3 END" }
        XCTAssertEqual(rows(bounded(), "SELECT " + sql), ["1"])
    }

    func testAnAliasDoesNotNameAnotherResultColumn() {
        let db = bounded()
        try? db.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)")
        XCTAssertEqual(message(db, "SELECT x + 1 AS a, a FROM t"), "no such column: a")
        // A chain of aliases, each the sum of the one before, read from WHERE: no expansion
        // doubles, and the first reference in the result columns is the error, as in sqlite3.
        var columns = ["x AS a0"]
        for i in 1..<40 { columns.append("a\(i - 1) + a\(i - 1) AS a\(i)") }
        let chain = "SELECT \(columns.joined(separator: ", ")) FROM t"
        XCTAssertEqual(message(db, chain), "no such column: a0")
        // From WHERE, the alias expands once and its expression names no other alias (sqlite3
        // names a0, the first bad reference of the result columns; here the one WHERE reached).
        XCTAssertEqual(message(db, chain + " WHERE a39 > 0"), "no such column: a38")
        XCTAssertEqual(rows(db, "SELECT x + 1 AS a FROM t WHERE a > 2 ORDER BY a"), ["3"])
    }

    // MARK: recursion the SQL decides

    func testARecursiveCTEWithMoreValuesThanColumnsFailsBeforeTheJoin() {
        let db = bounded()
        try? db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)")
        XCTAssertEqual(message(db, "WITH RECURSIVE s(x) AS (SELECT 1, 2 UNION ALL SELECT x + 1, 2 FROM s, t WHERE x < 3 AND a = x) SELECT * FROM s"),
                       "table s has 2 values for 1 columns")
        XCTAssertEqual(message(db, "WITH RECURSIVE s(x) AS (SELECT 1, 2 UNION ALL SELECT x + 1 FROM s WHERE x < 3) SELECT * FROM s"),
                       "table s has 2 values for 1 columns")
        XCTAssertEqual(message(db, "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1, 2 FROM s WHERE x < 3) SELECT * FROM s"),
                       "SELECTs to the left and right of UNION ALL do not have the same number of result columns")
    }

    func testACompoundSelectHasAtMost500Terms() {
        let db = bounded()
        let terms = { (n: Int) in "SELECT 1" + String(repeating: " UNION ALL SELECT 1", count: n - 1) }
        XCTAssertEqual(rows(db, "SELECT count(*) FROM (\(terms(500)))"), ["500"])
        XCTAssertEqual(message(db, terms(501)), "too many terms in compound SELECT")
        XCTAssertEqual(message(db, terms(40_000)), "too many terms in compound SELECT")
    }

    // MARK: sizes

    func testStringsAndBlobsStopAtSQLitesLength() {
        let db = bounded(60)
        XCTAssertEqual(message(db, "SELECT zeroblob(1000000001)"), "string or blob too big")
        XCTAssertEqual(message(db, "SELECT randomblob(1000000001)"), "string or blob too big")
        XCTAssertEqual(rows(db, "SELECT length(zeroblob(1000))"), ["1000"])
        // The result's length is known before it is built: nothing of it is allocated.
        XCTAssertEqual(message(db, "SELECT hex(zeroblob(500000001))"), "string or blob too big")
        XCTAssertEqual(rows(db, "SELECT quote('it''s'), hex('ab')"), ["'it''s'|6162"])
    }

    func testPrintfWidthsFollowSQLite() {
        let db = bounded()
        // SQLite reads a width in 32 bits and keeps 31 of them; past the length limit the
        // result is NULL (its accumulator fails), not an error.
        XCTAssertEqual(rows(db, "SELECT length(printf('%200000d', 1)), length(printf('%2147483649d', 1)), length(printf('%4294967297d', 1))"),
                       ["200000|1|1"])
        XCTAssertEqual(rows(db, "SELECT typeof(printf('%1000000001d', 1)), typeof(printf('%*d', 1000000001, 1))"), ["null|null"])
        XCTAssertEqual(rows(db, "SELECT printf('%*d|', -5, 1), printf('%*d|', 2147483648, 1), length(printf('%.5000000000s', 'abc'))"),
                       ["1    ||1||3"])
    }

    func testFunctionArgumentsLikePatternsColumnsAndVariables() {
        let db = bounded()
        let arguments = { (n: Int) in Array(repeating: "1", count: n).joined(separator: ",") }
        XCTAssertEqual(rows(db, "SELECT max(\(arguments(127)))"), ["1"])
        XCTAssertEqual(message(db, "SELECT coalesce(\(arguments(128)))"), "too many arguments on function coalesce")
        XCTAssertEqual(message(db, "SELECT 'a' LIKE '\(String(repeating: "a", count: 50001))'"), "LIKE or GLOB pattern too complex")
        XCTAssertEqual(message(db, "SELECT 'a' GLOB '\(String(repeating: "a", count: 50001))'"), "LIKE or GLOB pattern too complex")
        XCTAssertEqual(rows(db, "SELECT 'a' LIKE '\(String(repeating: "a", count: 50000))'"), ["0"])
        let columns = (0..<2001).map { "c\($0)" }.joined(separator: ", ")
        XCTAssertEqual(message(db, "CREATE TABLE wide(\(columns))"), "too many columns on wide")
        XCTAssertEqual(message(db, "SELECT \(arguments(2001))"), "too many columns in result set")
        XCTAssertEqual(rows(db, "SELECT count(*) FROM (SELECT \(arguments(2000)))"), ["1"])
        // SQLite's default SQLITE_MAX_VARIABLE_NUMBER (Debian builds its sqlite3 with 250000).
        XCTAssertEqual(message(db, "SELECT ?32767"), "variable number must be between ?1 and ?32766")
    }

    func testHexLiteralsAndFrameOffsetsFollowSQLite() {
        let db = bounded()
        XCTAssertEqual(message(db, "SELECT 0x1FFFFFFFFFFFFFFFF"), "hex literal too big: 0x1FFFFFFFFFFFFFFFF")
        XCTAssertEqual(rows(db, "SELECT 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 0x00000000000000000001"), ["-1|-9223372036854775808|1"])
        for offset in ["2147483647", "2147483648", "9223372036854775807", "1.0", "'3'"] {
            XCTAssertEqual(rows(db, "SELECT sum(1) OVER (ROWS \(offset) PRECEDING) FROM (SELECT 1)"), ["1"], offset)
        }
        XCTAssertEqual(message(db, "SELECT sum(1) OVER (ROWS 1e100 PRECEDING) FROM (SELECT 1)"),
                       "frame starting offset must be a non-negative integer")
        XCTAssertEqual(message(db, "SELECT sum(1) OVER (ROWS BETWEEN 1 PRECEDING AND 1.5 FOLLOWING) FROM (SELECT 1)"),
                       "frame ending offset must be a non-negative integer")
        XCTAssertEqual(rows(db, "SELECT group_concat(x) OVER (ORDER BY x ROWS BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING) FROM (SELECT 1 AS x UNION ALL SELECT 2)"),
                       ["1,2", "1,2"])
    }

    // MARK: recursive CTEs

    func testAnOuterLimitStopsARecursiveCTE() {
        let db = bounded()
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        XCTAssertEqual(rows(db, endless + "SELECT x FROM c LIMIT 5"), ["1", "2", "3", "4", "5"])
        XCTAssertEqual(rows(db, endless + "SELECT x * 10 FROM c LIMIT 2 OFFSET 3"), ["40", "50"])
        XCTAssertEqual(rows(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x % 3 + 1 FROM c) SELECT x FROM c LIMIT 10"),
                       ["1", "2", "3"])
        XCTAssertEqual(rows(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3) SELECT x FROM c LIMIT 5"),
                       ["1", "2", "3"])
        XCTAssertEqual(rows(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*), max(x) FROM c"),
                       ["100000|100000"])
    }

    /// sqlite3 streams a recursive CTE through a filter, DISTINCT, a LEFT JOIN, a subquery or a
    /// view, and stops at the outer LIMIT; so does this engine (a growing row budget).
    func testAnOuterLimitStopsARecursiveCTEReadThroughAFilterOrALeftJoin() {
        let db = bounded()
        try? db.execute("CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'p'), (2, 'q'), (3, 'r'), (4, 's')")
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        XCTAssertEqual(rows(db, endless + "SELECT x FROM c WHERE x % 2 = 0 LIMIT 5"), ["2", "4", "6", "8", "10"])
        XCTAssertEqual(rows(db, endless + "SELECT x FROM c WHERE x % 1000 = 0 LIMIT 3 OFFSET 2"), ["3000", "4000", "5000"])
        XCTAssertEqual(rows(db, endless + "SELECT DISTINCT x / 3 FROM c LIMIT 4"), ["0", "1", "2", "3"])
        XCTAssertEqual(rows(db, endless + "SELECT x, t.b FROM c LEFT JOIN t ON t.a = c.x WHERE x > 2 LIMIT 4"),
                       ["3|r", "4|s", "5|", "6|"])
        XCTAssertEqual(rows(db, endless + "SELECT * FROM (SELECT x FROM c WHERE x > 5) LIMIT 2"), ["6", "7"])
        XCTAssertEqual(rows(db, endless + "SELECT y FROM (SELECT x * 2 AS y FROM c WHERE x % 3 = 0) WHERE y % 4 = 0 LIMIT 3"),
                       ["12", "24", "36"])
        XCTAssertEqual(rows(db, endless + "SELECT (SELECT x FROM c WHERE x > 7 LIMIT 1)"), ["8"])
        XCTAssertEqual(rows(db, endless + "SELECT a FROM t WHERE a IN (SELECT x FROM c WHERE x > 2 LIMIT 2)"), ["3", "4"])
        try? db.execute("CREATE VIEW w AS " + endless + "SELECT x FROM c")
        XCTAssertEqual(rows(db, "SELECT x FROM w WHERE x % 5 = 0 LIMIT 3"), ["5", "10", "15"])
    }

    /// The budget never changes the rows of a bounded CTE: joined on the inner side, or with a
    /// LIMIT the filter cannot meet.
    func testABoundedRecursiveCTEGivesTheSameRowsUnderABudget() {
        let db = bounded()
        try? db.execute("CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'p'), (2, 'q'), (3, 'r'), (4, 's')")
        let bounded = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
        XCTAssertEqual(rows(db, bounded + "SELECT a, x FROM t JOIN c ON x = a * 10 LIMIT 3"), ["1|10", "2|20", "3|30"])
        XCTAssertEqual(rows(db, bounded + "SELECT a, x FROM c LEFT JOIN t ON x = a * 10 WHERE x % 10 = 0 LIMIT 3 OFFSET 1"),
                       ["2|20", "3|30", "4|40"])
        XCTAssertEqual(rows(db, bounded + "SELECT x FROM c WHERE x > 97 LIMIT 10"), ["98", "99", "100"])
    }

    /// A fuzzer finding: a minus before more parentheses than the parser buffers looked ahead
    /// for ever (the check for -(9223372036854775808)).
    func testAMinusBeforeManyParenthesesParsesAtOnce() {
        let db = bounded(10)
        let parentheses = String(repeating: "(", count: 40), closing = String(repeating: ")", count: 40)
        XCTAssertEqual(message(db, "SELECT -\(parentheses)x;"), "near \";\": syntax error (expected \")\")")
        XCTAssertEqual(rows(db, "SELECT -\(parentheses)9223372036854775808\(closing), -\(parentheses)1\(closing)"),
                       ["-9223372036854775808|-1"])
        XCTAssertEqual(rows(db, "SELECT typeof(-(9223372036854775808)), typeof(-(9223372036854775808.0)), typeof(-(9223372036854775808 + 0))"),
                       ["integer|real|real"])
    }

    func testASortedEndlessRecursiveCTERunsUntilTheTimeLimit() {
        // sqlite3 runs forever here too: every row must be seen before the first can be known.
        let db = Database()
        db.timeLimit = .milliseconds(300)
        XCTAssertEqual(message(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY x DESC LIMIT 3"),
                       "interrupted")
    }
}
