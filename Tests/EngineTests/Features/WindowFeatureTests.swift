// Window frames (EXCLUDE, RANGE and GROUPS offsets), named windows, windows over grouped rows,
// and the errors SQLite 3.40 raises for windows, with its messages.
import XCTest
@testable import Engine

final class WindowFeatureTests: XCTestCase {
    private func database() throws -> Database {
        let db = Database()
        _ = try db.execute("CREATE TABLE t(a, c)")
        _ = try db.execute("INSERT INTO t VALUES (1, 10), (2, 20), (2, 25), (4, 40), (NULL, 5)")
        return db
    }

    func testExcludeAndRangeOffsets() throws {
        let db = try database()
        assertRows(db, "SELECT a, sum(c) OVER (ORDER BY a, c ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM t",
                   "|10\n1|25\n2|35\n2|60\n4|25")
        assertRows(db, "SELECT a, sum(c) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM t",
                   "|95\n1|90\n2|55\n2|55\n4|60")
        assertRows(db, "SELECT a, sum(c) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM t",
                   "|100\n1|100\n2|75\n2|80\n4|100")
        // NULL is its own peer group; 1 PRECEDING of 2 reaches 1, not NULL.
        assertRows(db, "SELECT a, sum(c) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t",
                   "|5\n1|55\n2|55\n2|55\n4|40")
        assertRows(db, "SELECT a, count(*) OVER (ORDER BY a DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t",
                   "4|1\n2|3\n2|3\n1|3\n|1")
        assertRows(db, "SELECT a, count(*) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) FROM t",
                   "|1\n1|3\n2|2\n2|2\n4|2")
    }

    func testSlidingSumKeepsSQLitesRounding() throws {
        // SQLite takes 1e16 back out of the running sum (xInverse) instead of adding afresh.
        assertRows(Database(), "SELECT total(x) OVER (ORDER BY i ROWS 1 PRECEDING) FROM (SELECT 1 i, 1e16 x UNION ALL SELECT 2, 1.0 UNION ALL SELECT 3, 1.0 UNION ALL SELECT 4, 1.0)",
                   "1.0e+16\n1.0e+16\n1.0\n1.0")
    }

    func testNamedWindowsAndGroupedRows() throws {
        let db = try database()
        assertRows(db, "SELECT a, sum(c) OVER (w ROWS 1 PRECEDING) FROM t WINDOW w AS (ORDER BY a, c)", "|5\n1|15\n2|30\n2|45\n4|65")
        assertRows(Database(), "SELECT count(*), max(a) OVER () FROM (SELECT 1 a, 'x' b UNION ALL SELECT 2, 'y') GROUP BY b", "1|2\n1|2")
        assertRows(Database(), "VALUES(count(*) OVER ())", "1")
        assertRows(db, "SELECT a, lag(c, -1) OVER (ORDER BY a, c), lead(c, 1.5, 'none') OVER (ORDER BY a, c) FROM t",
                   "|10|none\n1|20|none\n2|25|none\n2|40|none\n4||none")
    }

    func testErrors() throws {
        let db = try database()
        let cases: [(String, SQLError.Kind, String)] = [
            ("SELECT sum(c) OVER (ORDER BY a, c RANGE 1 PRECEDING) FROM t", .misuse,
             "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression"),
            ("SELECT sum(c) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t", .syntax, "unsupported frame specification"),
            ("SELECT sum(c) OVER (ORDER BY a ROWS -1 PRECEDING) FROM t", .runtime, "frame starting offset must be a non-negative integer"),
            ("SELECT sum(c) OVER (ORDER BY a ROWS BETWEEN CURRENT ROW AND a FOLLOWING) FROM t", .runtime,
             "frame ending offset must be a non-negative integer"),
            ("SELECT sum(c) OVER (ORDER BY a RANGE 'x' PRECEDING) FROM t", .runtime, "frame starting offset must be a non-negative number"),
            ("SELECT sum(c) OVER (w ORDER BY c) FROM t WINDOW w AS (ORDER BY a)", .syntax, "cannot override ORDER BY clause of window: w"),
            ("SELECT sum(c) OVER (w PARTITION BY c) FROM t WINDOW w AS (ORDER BY a)", .syntax, "cannot override PARTITION clause of window: w"),
            ("SELECT sum(c) OVER (w) FROM t WINDOW w AS (ROWS 1 PRECEDING)", .syntax, "cannot override frame specification of window: w"),
            ("SELECT sum(c) OVER nope FROM t", .syntax, "no such window: nope"),
            ("SELECT count(DISTINCT a) OVER () FROM t", .misuse, "DISTINCT is not supported for window functions"),
            ("SELECT rank() FILTER (WHERE 1) OVER () FROM t", .misuse, "FILTER clause may only be used with aggregate window functions"),
            ("SELECT lag() OVER () FROM t", .unknownFunction, "wrong number of arguments to function lag()"),
            ("SELECT abs(a) OVER () FROM t", .misuse, "abs() may not be used as a window function"),
            ("SELECT ntile(0) OVER () FROM t", .runtime, "argument of ntile must be a positive integer"),
            ("SELECT nth_value(a, 1.5) OVER () FROM t", .runtime, "second argument to nth_value must be a positive integer"),
        ]
        for (sql, kind, message) in cases { assertFails(db, sql, kind, message) }
        // A frame offset that is not constant fails only when there are rows to frame.
        assertRows(db, "SELECT sum(c) OVER (ORDER BY a ROWS a PRECEDING) FROM t WHERE 0", "")
    }

    func testKeywordsAsNames() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE k(end, by, offset, like, window, over, filter, range)")
        _ = try db.execute("INSERT INTO k VALUES (1, 2, 3, 4, 5, 6, 7, 8)")
        assertRows(db, "SELECT end, by, offset, like, window, over, filter, range FROM k", "1|2|3|4|5|6|7|8")
        assertRows(db, "SELECT count(*) filter, sum(over) over FROM k", "1|6")
        assertRows(db, "SELECT sum(over) OVER window FROM k AS over WINDOW window AS (ORDER BY filter)", "6")
    }
}
