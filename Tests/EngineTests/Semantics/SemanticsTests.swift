// Behaviour that is easy to get wrong; every expected answer was produced by sqlite3 3.40.
import XCTest
@testable import Engine

final class SemanticsTests: XCTestCase {
    func testIntegerArithmetic() {
        XCTAssertEqual(answer("SELECT 7 / 2, -7 / 2, 7 % -3, -7 % 3, 1 / 0, 1 % 0, 5.5 % 2, 7 / 2.0"),
                       ["3|-3|1|-1|||1.0|3.5"])
        XCTAssertEqual(answer("SELECT 9223372036854775807 + 1, -9223372036854775808 - 1, 4611686018427387904 * 2"),
                       ["9.22337203685478e+18|-9.22337203685478e+18|9.22337203685478e+18"])
        XCTAssertEqual(answer("SELECT -9223372036854775808 / -1, typeof(-9223372036854775808)"), ["9.22337203685478e+18|integer"])
        XCTAssertEqual(answer("SELECT '3' + '4', '3.0' + 1, 'a' + 1, 10 / '3'"), ["7|4.0|1|3"])
        // % reads text operands by their integer prefix once either side is real, as sqlite3VdbeIntValue does.
        XCTAssertEqual(answer("SELECT 2.5 % '1.0e+20', 5 % '2.9', '7e1' % 9, 7 % '3'"), ["0.0|1.0|7.0|1"])
    }

    func testNullInAndNotIn() {
        XCTAssertEqual(answer("SELECT 1 IN (NULL), 1 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (), NULL NOT IN ()"), ["|1||0|1"])
        XCTAssertEqual(answer("CREATE TABLE t(x); INSERT INTO t VALUES(1),(NULL); SELECT 2 IN (SELECT x FROM t), 1 NOT IN (SELECT x FROM t), NULL IN (SELECT x FROM t WHERE 0)"),
                       ["|0|0"])
    }

    func testIsTrueAndIsFalseTestTruth() {
        XCTAssertEqual(answer("SELECT 2 IS TRUE, 0 IS TRUE, NULL IS TRUE, 2 IS FALSE, 0 IS FALSE, NULL IS FALSE, 2 IS NOT TRUE, NULL IS NOT TRUE, NULL IS NOT FALSE, 2 IS 1"),
                       ["1|0|0|0|1|0|0|1|1|0"])
    }

    func testNullLogic() {
        XCTAssertEqual(answer("SELECT NULL AND 0, NULL AND 1, NULL OR 1, NULL OR 0, NOT NULL, NULL = NULL, NULL IS NULL, 1 IS NOT NULL"),
                       ["0||1||||1|1"])
    }

    /// INTEGER and NUMERIC affinity turn an integral real into an integer, except -2^63.
    func testIntegerAffinityLeavesTheSmallestIntegerAReal() {
        XCTAssertEqual(answer("CREATE TABLE t(b INTEGER); INSERT INTO t VALUES(-9223372036854775808.0), ('-9223372036854775808'), (-9223372036854775807.0), (4.0), ('1e3'); SELECT b, typeof(b) FROM t"),
                       ["-9.22337203685478e+18|real", "-9223372036854775808|integer", "-9.22337203685478e+18|real", "4|integer", "1000|integer"])
    }

    func testComparisonAffinity() {
        let setup = "CREATE TABLE t(i INTEGER, t TEXT, b BLOB); INSERT INTO t VALUES(5, '5', '5');"
        XCTAssertEqual(answer(setup + "SELECT i = '5', t = 5, b = 5, b = '5', i < '10', t < 10 FROM t"), ["1|1|0|1|1|0"])
        XCTAssertEqual(answer(setup + "SELECT count(*) FROM t WHERE i IN ('5', 6)"), ["1"])
        XCTAssertEqual(answer(setup + "SELECT typeof(i), typeof(t), typeof(b) FROM t"), ["integer|text|text"])
    }

    /// Two columns compare as they are unless one is numeric; TEXT lends its affinity only to an
    /// operand without any (sqlite3CompareAffinity), and BLOB columns lend nothing.
    func testColumnAgainstColumnAffinity() {
        let setup = "CREATE TABLE t(t TEXT, b BLOB, n INTEGER); INSERT INTO t VALUES('3.0', 3.0, 3);"
        XCTAssertEqual(answer(setup + "SELECT t = b, b = t, n = t, t = 3.0, b = '3.0' FROM t"), ["0|0|1|1|0"])
        XCTAssertEqual(answer(setup + "CREATE TABLE u(z BLOB); INSERT INTO u VALUES(3.0); SELECT count(*) FROM t JOIN u ON t.t = u.z"), ["0"])
    }

    /// `x IN (list)` uses x's affinity alone, unlike `x = item`.
    func testInListUsesTheLeftAffinity() {
        let setup = "CREATE TABLE t(c TEXT, i INTEGER); INSERT INTO t VALUES('3.0', 3);"
        XCTAssertEqual(answer(setup + "SELECT 3.0 IN (c), c IN (3.0), '3' IN (i), i IN ('3'), 3.0 = c FROM t"), ["0|1|0|1|1"])
    }

    /// Debian's SQLite never matches a blob with LIKE or GLOB, not even with NULL on the other side.
    func testLikeAndGlobNeverMatchBlobs() {
        XCTAssertEqual(answer("SELECT x'41' LIKE x'41', x'41' LIKE 'A', 'A' GLOB x'41', quote(NULL LIKE x'41'), x'41' NOT LIKE 'A', like('A', 'a')"),
                       ["0|0|0|0|1|1"])
    }

    func testRecursiveCTEFeedsAnInsert() {
        XCTAssertEqual(answer("CREATE TABLE t(a); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5) INSERT INTO t SELECT i FROM c; SELECT count(*), sum(a) FROM t"),
                       ["5|15"])
    }

    /// DEFAULT takes a literal, a signed number, CURRENT_* or a parenthesized expression only.
    func testDefaultAcceptsOnlyWhatSQLiteAccepts() {
        XCTAssertEqual(failure("CREATE TABLE x(a DEFAULT CURRENT_DATE IS NOT NULL)")?.kind, .syntax)
        XCTAssertEqual(failure("CREATE TABLE x(a DEFAULT 1 + 2)")?.kind, .syntax)
        XCTAssertEqual(answer("CREATE TABLE x(a DEFAULT -5, b DEFAULT (1 + 2), c DEFAULT -9223372036854775808, d DEFAULT 'z'); INSERT INTO x DEFAULT VALUES; SELECT a, b, typeof(c), d FROM x"),
                       ["-5|3|integer|z"])
    }

    func testSchemaTableListsTheCatalog() {
        XCTAssertEqual(answer("CREATE TABLE t(a UNIQUE); CREATE INDEX i ON t(a); CREATE VIEW v AS SELECT 1; SELECT type, name, tbl_name, sql IS NULL FROM sqlite_master ORDER BY type, name"),
                       ["index|i|t|0", "index|sqlite_autoindex_t_1|t|1", "table|t|t|0", "view|v|v|0"])
        XCTAssertEqual(answer("CREATE TABLE t(a); SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), ["1"])
    }

    func testTextFormOfReals() {
        XCTAssertEqual(answer("SELECT 0.1 + 0.2, 1.0, 1e20, 2.5e-7, 123456789012345678.0, CAST(1.5 AS TEXT), 1.0 || ''"),
                       ["0.3|1.0|1.0e+20|2.5e-07|1.23456789012346e+17|1.5|1.0"])
    }

    func testCaseCastAndTypeof() {
        XCTAssertEqual(answer("SELECT CASE 1 WHEN 1 THEN 'a' ELSE 'b' END, CASE WHEN NULL THEN 1 END, CAST('12abc' AS INTEGER), CAST(3.9 AS INTEGER), typeof(CAST(1 AS REAL))"),
                       ["a||12|3|real"])
    }

    func testAggregatesAndGrouping() {
        let setup = "CREATE TABLE t(g, x); INSERT INTO t VALUES(1, 2), (1, 2), (2, NULL), (2, 5);"
        XCTAssertEqual(answer(setup + "SELECT g, count(*), count(x), sum(x), sum(DISTINCT x), avg(x), group_concat(x) FROM t GROUP BY g ORDER BY g"),
                       ["1|2|2|4|2|2.0|2,2", "2|2|1|5|5|5.0|5"])
        XCTAssertEqual(answer(setup + "SELECT count(*), sum(x), max(x) FROM t WHERE 0"), ["0||"])
        XCTAssertEqual(answer(setup + "SELECT g FROM t GROUP BY g HAVING sum(x) > 4"), ["2"])
    }

    /// Bare columns of a grouped query come from the group's first row, or, with exactly one
    /// min()/max(), from the row holding the extreme (the last row while it is still NULL).
    func testBareColumnsInAggregates() {
        let setup = "CREATE TABLE t(g, e, f); INSERT INTO t VALUES(2, 4, 'p'), (1, 5, 'q'), (2, 7, 'r'), (1, 3, 's'), (2, 0, 't'), (1, 9, 'u'), (3, NULL, 'v'), (3, NULL, 'w');"
        XCTAssertEqual(answer(setup + "SELECT g, f, count(*) FROM t GROUP BY g ORDER BY g"), ["1|q|3", "2|p|3", "3|v|2"])
        XCTAssertEqual(answer(setup + "SELECT f, count(*) FROM t"), ["p|8"])
        XCTAssertEqual(answer(setup + "SELECT g, f, count(*), max(e) FROM t GROUP BY g ORDER BY g"), ["1|u|3|9", "2|r|3|7", "3|w|2|"])
        XCTAssertEqual(answer(setup + "SELECT g FROM t GROUP BY g HAVING f = 'q'"), ["1"])
    }

    /// Without ORDER BY, groups come out in key order, as from SQLite's sorter.
    func testGroupsComeOutInKeyOrder() {
        XCTAssertEqual(answer("CREATE TABLE t(b); INSERT INTO t VALUES(2), ('a'), (1), (NULL), (1.5), (1); SELECT b, count(*) FROM t GROUP BY b"),
                       ["|1", "1|2", "1.5|1", "2|1", "a|1"])
    }

    /// UNION, INTERSECT and EXCEPT keep the later of two equal rows (1.0 after 1), as SQLite's index does.
    func testCompoundKeepsTheLaterOfEqualRows() {
        XCTAssertEqual(answer("SELECT 1.0 UNION SELECT 1"), ["1"])
        XCTAssertEqual(answer("SELECT 1 UNION SELECT 1.0"), ["1.0"])
        XCTAssertEqual(answer("SELECT 1.0 INTERSECT SELECT 1"), ["1.0"])
        XCTAssertEqual(answer("SELECT 1 UNION ALL SELECT 1.0 EXCEPT SELECT 5"), ["1.0"])
    }

    /// As a value, AND and OR compute both operands (an error on either side is raised) unless
    /// an operand is literally false; as a condition they stop early. coalesce, ifnull and iif
    /// compute only the arguments they need.
    func testWhichOperandsAreComputed() {
        XCTAssertEqual(failure("SELECT 1 OR abs(-9223372036854775808)")?.message, "integer overflow")
        XCTAssertEqual(answer("SELECT 0 AND abs(-9223372036854775808)"), ["0"])
        XCTAssertEqual(answer("CREATE TABLE t(a); INSERT INTO t VALUES(1); SELECT a FROM t WHERE a = 1 OR abs(-9223372036854775808 + a - 1)"), ["1"])
        XCTAssertEqual(answer("SELECT CASE WHEN 1 OR abs(-9223372036854775808) THEN 'y' END, coalesce(1, abs(-9223372036854775808)), ifnull(2, abs(-9223372036854775808)), iif(1, 3, abs(-9223372036854775808))"),
                       ["y|1|2|3"])
        // BETWEEN computes both bounds as a value, and stops at the first failing one as a condition.
        XCTAssertEqual(failure("SELECT -1 BETWEEN 5 AND abs(-9223372036854775808)")?.message, "integer overflow")
        XCTAssertEqual(answer("SELECT 1 WHERE -1 NOT BETWEEN 5 AND abs(-9223372036854775808)"), ["1"])
        XCTAssertEqual(answer("SELECT CASE WHEN 0 BETWEEN 1 AND abs(-9223372036854775808) THEN 1 ELSE 2 END"), ["2"])
    }

    /// `x AND 0` is replaced by 0 while parsing, as SQLite does: the other side is never
    /// name-resolved nor computed. Only an integer literal 0 (in any parentheses) counts.
    func testAndWithALiteralZeroIsZeroBeforeNamesAreResolved() {
        XCTAssertEqual(answer("SELECT 0 AND no_such_column, no_such_column AND (0), (1 AND 0) AND nope, (0 AND nope) + 5, 0x0 AND nope, ((0)) AND nope"),
                       ["0|0|0|5|0|0"])
        let setup = "CREATE TABLE t(a); INSERT INTO t VALUES (-9223372036854775808);"
        XCTAssertEqual(answer(setup + "SELECT abs(a) AND 0 FROM t"), ["0"])
        XCTAssertEqual(failure(setup + "SELECT abs(a) AND 0.0 FROM t")?.message, "integer overflow")
        for notZero in ["FALSE", "-0", "0.0", "(0) + 0"] {
            XCTAssertEqual(failure("SELECT \(notZero) AND nope")?.message, "no such column: nope", notZero)
        }
        XCTAssertEqual(failure("SELECT 0 OR nope")?.message, "no such column: nope")
    }

    /// Which of equal rows (3 and 3.0) a compound keeps: the last without ORDER BY (SQLite's
    /// temporary index), and with one, the first of a side and the right side's for UNION
    /// (SQLite merges the sorted sides).
    func testCompoundKeepsSQLitesRowAmongEqualOnes() {
        let setup = "CREATE TABLE a(x); CREATE TABLE b(y NUMERIC); INSERT INTO a VALUES (3.0), (3), (5), (5.0); INSERT INTO b VALUES (5), ('5.0');"
        XCTAssertEqual(answer(setup + "SELECT x FROM a UNION SELECT y FROM b ORDER BY 1"), ["3.0", "5"])
        XCTAssertEqual(answer(setup + "SELECT x FROM a UNION SELECT y FROM b"), ["3", "5"])
        XCTAssertEqual(answer(setup + "SELECT x FROM a EXCEPT SELECT 7 ORDER BY 1"), ["3.0", "5"])
        XCTAssertEqual(answer(setup + "SELECT x FROM a INTERSECT SELECT y FROM b ORDER BY 1"), ["5"])
    }

    /// A term names an output column only when it is an integer literal within 32 bits, under
    /// any sign (sqlite3ExprIsInteger); a larger integer is a constant.
    func testColumnNumbersInOrderAndGroupBy() {
        let setup = "CREATE TABLE t(a); INSERT INTO t VALUES (2), (1);"
        XCTAssertEqual(answer(setup + "SELECT a FROM t ORDER BY 5000000000"), ["2", "1"])
        XCTAssertEqual(answer(setup + "SELECT a FROM t ORDER BY -9223372036854775808"), ["2", "1"])
        XCTAssertEqual(answer(setup + "SELECT a FROM t ORDER BY +1"), ["1", "2"])
        XCTAssertEqual(answer(setup + "SELECT count(*) FROM t GROUP BY 5000000000"), ["2"])
        XCTAssertNotNil(failure(setup + "SELECT a FROM t ORDER BY -1"))
        XCTAssertNotNil(failure(setup + "SELECT a FROM t GROUP BY -1"))
        XCTAssertNotNil(failure(setup + "SELECT a FROM t ORDER BY 2147483647"))
        XCTAssertNotNil(failure(setup + "SELECT a FROM t UNION SELECT a FROM t ORDER BY 5000000000"))
    }

    /// A single-table scan comes in the order of the index SQLite would read instead of the
    /// table: one holding every column read, narrower by SQLite's width estimates. NOT INDEXED
    /// keeps rowid order; INDEXED BY names the index.
    func testScanOrderFollowsTheCoveringIndexSQLiteWouldRead() {
        let setup = """
            CREATE TABLE t1(a INTEGER, b INTEGER, c TEXT, d REAL, e); CREATE INDEX t1a ON t1(a); CREATE INDEX t1c ON t1(c);
            INSERT INTO t1 VALUES(3,1,'b',1,1),(1,2,'a',2,2),(2,3,'c',3,3),(NULL,4,'a',4,4);
            CREATE TABLE t2(a INTEGER PRIMARY KEY, x VARCHAR(10), y NUMERIC); CREATE INDEX t2x ON t2(x DESC);
            INSERT INTO t2 VALUES(1,'z',1),(2,'a',2),(3,'m',3);
            CREATE TABLE t3(p TEXT, q TEXT); CREATE INDEX t3pq ON t3(p, q); INSERT INTO t3 VALUES('a','2'),('b','1'),('a','1');
            """
        XCTAssertEqual(answer(setup + "SELECT group_concat(c) FROM t1"), ["a,a,b,c"])
        XCTAssertEqual(answer(setup + "SELECT group_concat(a) FROM t1"), ["1,2,3"])
        XCTAssertEqual(answer(setup + "SELECT group_concat(a || '-' || b) FROM t1"), ["3-1,1-2,2-3"])
        XCTAssertEqual(answer(setup + "SELECT group_concat(c) FROM t1 NOT INDEXED"), ["b,a,c,a"])
        XCTAssertEqual(answer(setup + "SELECT group_concat(a) FROM t1 INDEXED BY t1c"), ["1,3,2"])
        XCTAssertEqual(answer(setup + "SELECT group_concat(a || x) FROM t2"), ["1z,3m,2a"])
        // Two TEXT columns and the rowid are as wide as the table: the table is read.
        XCTAssertEqual(answer(setup + "SELECT group_concat(p || q) FROM t3"), ["a2,b1,a1"])
        XCTAssertEqual(failure(setup + "SELECT a FROM t1 INDEXED BY nope")?.message, "no such index: nope")
    }

    /// With ORDER BY and LIMIT, output columns are computed for the kept rows only (as SQLite does).
    func testLimitComputesOutputsOfKeptRowsOnly() {
        let setup = "CREATE TABLE t(a, b); INSERT INTO t VALUES(1, 1), (-9223372036854775808, 2);"
        XCTAssertEqual(answer(setup + "SELECT abs(a) FROM t ORDER BY b LIMIT 1"), ["1"])
        XCTAssertEqual(failure(setup + "SELECT abs(a) FROM t ORDER BY b")?.message, "integer overflow")
        XCTAssertEqual(answer(setup + "SELECT a + 1 AS k FROM t ORDER BY k DESC LIMIT 1 OFFSET 1"), ["-9223372036854775807"])
    }

    func testSumOverflowIsAnError() {
        let e = failure("CREATE TABLE t(x); INSERT INTO t VALUES(9223372036854775807),(1); SELECT sum(x) FROM t")
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertEqual(e?.message, "integer overflow")
    }

    func testRunKeepsRowsBeforeARuntimeError() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES(9223372036854775807),(1)")
        let outcome = try db.run("SELECT sum(x) FROM t")
        XCTAssertEqual(outcome.error?.message, "integer overflow")
        XCTAssertEqual(outcome.result.rows.count, 0)
        XCTAssertEqual(outcome.result.columns, ["sum(x)"])
        XCTAssertThrowsError(try db.run("SELECT nosuch FROM t"))
    }

    func testJoins() {
        let setup = "CREATE TABLE a(x, y); CREATE TABLE b(x, z); INSERT INTO a VALUES(1,'a'),(2,'b'),(3,'c'); INSERT INTO b VALUES(1,'one'),(3,'three'),(3,'drei');"
        XCTAssertEqual(answer(setup + "SELECT a.y, b.z FROM a, b WHERE a.x = b.x ORDER BY 1, 2"), ["a|one", "c|drei", "c|three"])
        XCTAssertEqual(answer(setup + "SELECT a.y, b.z FROM a LEFT JOIN b ON a.x = b.x ORDER BY 1, 2"), ["a|one", "b|", "c|drei", "c|three"])
        XCTAssertEqual(answer(setup + "SELECT count(*) FROM a CROSS JOIN b"), ["9"])
        XCTAssertEqual(answer(setup + "SELECT x, z FROM a JOIN b USING (x) ORDER BY z"), ["3|drei", "1|one", "3|three"])
        XCTAssertEqual(answer(setup + "SELECT a.y FROM a LEFT JOIN b ON a.x = b.x WHERE b.x IS NULL"), ["b"])
    }

    func testCompoundSelectsAreDistinctAndOrdered() {
        XCTAssertEqual(answer("SELECT 3 UNION SELECT 1 UNION SELECT 3"), ["1", "3"])
        XCTAssertEqual(answer("SELECT 1 UNION ALL SELECT 1"), ["1", "1"])
        XCTAssertEqual(answer("SELECT 1 INTERSECT SELECT 1 EXCEPT SELECT 2"), ["1"])
        XCTAssertEqual(answer("SELECT 2 AS k UNION SELECT 1 ORDER BY k DESC LIMIT 1"), ["2"])
    }

    func testCorrelatedSubqueries() {
        let setup = "CREATE TABLE t(a, b); INSERT INTO t VALUES(1, 2), (3, 4), (5, 1);"
        XCTAssertEqual(answer(setup + "SELECT a, (SELECT count(*) FROM t AS x WHERE x.b < t.b) FROM t ORDER BY a"), ["1|1", "3|2", "5|0"])
        XCTAssertEqual(answer(setup + "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t AS x WHERE x.b > t.b) ORDER BY a"), ["1", "5"])
    }

    func testWindowFunctions() {
        let setup = "CREATE TABLE t(g, x); INSERT INTO t VALUES(1,10),(1,20),(2,5),(1,20),(2,7);"
        XCTAssertEqual(answer(setup + "SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x), rank() OVER (PARTITION BY g ORDER BY x), sum(x) OVER (PARTITION BY g ORDER BY x), lag(x) OVER (ORDER BY x), lead(x, 1, -1) OVER (ORDER BY x) FROM t ORDER BY g, x"),
                       ["1|10|1|1|10|7|20", "1|20|2|2|50|10|20", "1|20|3|2|50|20|-1", "2|5|1|1|5||7", "2|7|2|2|12|5|10"])
        XCTAssertEqual(answer(setup + "SELECT x, count(*) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY x"),
                       ["5|2", "7|3", "10|3", "20|3", "20|2"])
    }

    func testIndexesNeverChangeAnswers() {
        var rows: [String] = []
        for i in 0..<200 { rows.append(i % 23 == 0 ? "(NULL, NULL, NULL)" : "(\(i % 17), '\(i)', \(Double(i) / 3))") }
        let data = "CREATE TABLE t(a INTEGER, b TEXT, c REAL); INSERT INTO t VALUES " + rows.joined(separator: ",") + ";"
        let queries = ["SELECT count(*) FROM t WHERE a = 3", "SELECT count(*) FROM t WHERE a IN (1, '2', 3.0)",
                       "SELECT count(*) FROM t WHERE a BETWEEN 4 AND 9", "SELECT count(*) FROM t WHERE a > '5' AND a <= 12",
                       "SELECT count(*) FROM t WHERE b = 10", "SELECT count(*) FROM t WHERE b > '5'",
                       "SELECT count(*) FROM t WHERE c < 20.5", "SELECT count(*) FROM t WHERE rowid BETWEEN 10 AND 20",
                       "SELECT count(*) FROM t WHERE a = NULL", "SELECT count(*) FROM t WHERE a IS NULL",
                       "SELECT count(*) FROM t WHERE a IS 3", "SELECT count(*) FROM t WHERE b IS NOT NULL AND b < '3'"]
        for q in queries {
            let plain = answer(data + q)
            let indexed = answer(data + "CREATE INDEX ia ON t(a); CREATE INDEX ib ON t(b); CREATE INDEX ic ON t(c);" + q)
            XCTAssertEqual(plain, indexed, q)
        }
        XCTAssertEqual(answer(data + "CREATE INDEX ia ON t(a); DELETE FROM t WHERE a = 3; UPDATE t SET a = 3 WHERE a = 4; SELECT count(*) FROM t WHERE a = 3"), ["12"])
    }

    /// ORDER BY on an indexed column reads the index; descending walks it backwards, so rows with
    /// equal keys come out in descending rowid order, as in SQLite.
    func testOrderByServedFromAnIndex() {
        let setup = "CREATE TABLE t(a, c); INSERT INTO t VALUES(1, 5), (2, 5), (3, 7), (4, 5);"
        XCTAssertEqual(answer(setup + "SELECT a FROM t ORDER BY c DESC"), ["3", "1", "2", "4"])
        XCTAssertEqual(answer(setup + "CREATE INDEX tc ON t(c); SELECT a FROM t ORDER BY c DESC"), ["3", "4", "2", "1"])
        XCTAssertEqual(answer(setup + "CREATE INDEX tc ON t(c); SELECT a FROM t ORDER BY c LIMIT 2 OFFSET 1"), ["2", "4"])
        XCTAssertEqual(answer(setup + "SELECT a FROM t WHERE a > 1 ORDER BY rowid DESC"), ["4", "3", "2"])
    }

    /// `x IN (...)`, `x ISNULL` and `x NOT NULL` may be followed by operators that bind tighter.
    func testPostfixOperatorsContinue() {
        XCTAssertEqual(answer("SELECT 1 IN (1, 2) - 5, 2 IN (1) * 3 + 1, NULL ISNULL + 1, 3 NOT NULL || 'x', 1 IN (1) < 2"),
                       ["-4|1|2|1x|1"])
    }

    func testConstraintsAndConflicts() {
        XCTAssertEqual(failure("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE); INSERT INTO t VALUES(1, 1); INSERT INTO t VALUES(2, 1)")?.message,
                       "UNIQUE constraint failed: t.b")
        XCTAssertEqual(failure("CREATE TABLE t(a NOT NULL); INSERT INTO t VALUES(NULL)")?.message, "NOT NULL constraint failed: t.a")
        XCTAssertEqual(failure("CREATE TABLE t(a CHECK (a > 0)); INSERT INTO t VALUES(-1)")?.message, "CHECK constraint failed: a > 0")
        XCTAssertEqual(answer("CREATE TABLE t(a INTEGER PRIMARY KEY, b); INSERT INTO t VALUES(1, 'x'); INSERT OR REPLACE INTO t VALUES(1, 'y'); INSERT OR IGNORE INTO t VALUES(1, 'z'); SELECT * FROM t"),
                       ["1|y"])
        // A failing multi-row INSERT leaves nothing behind.
        XCTAssertEqual(answer("CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES(1); SELECT 1;"), ["1"])
        let db = Database()
        XCTAssertNoThrow(try db.execute("CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES(1)"))
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES(2), (3), (1)"))
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(1)]])
    }

    /// A constraint's ON CONFLICT clause is the resolution when the statement names none.
    func testConstraintConflictClauses() {
        XCTAssertEqual(answer("CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE ON CONFLICT IGNORE, c NOT NULL ON CONFLICT REPLACE DEFAULT 'd'); INSERT INTO t VALUES(1, 'x', 'c1'); INSERT INTO t VALUES(1, 'y', NULL); INSERT INTO t VALUES(2, 'y', 'c2'); SELECT * FROM t"),
                       ["1|y|d"])
        XCTAssertEqual(failure("CREATE TABLE u(a, b, UNIQUE(a, b) ON CONFLICT REPLACE); INSERT INTO u VALUES(1, 1); INSERT INTO u VALUES(1, 1); INSERT OR ABORT INTO u VALUES(1, 1)")?.message,
                       "UNIQUE constraint failed: u.a, u.b")
    }

    /// A column's collation decides equality for DISTINCT, GROUP BY, count(DISTINCT), IN and min/max.
    func testCollationsDecideEqualityEverywhere() {
        let setup = "CREATE TABLE m(v TEXT COLLATE NOCASE); INSERT INTO m VALUES ('a'), ('A'), ('B');"
        XCTAssertEqual(answer(setup + "SELECT count(DISTINCT v) FROM m"), ["2"])
        XCTAssertEqual(answer(setup + "SELECT v, count(*) FROM m GROUP BY v"), ["a|2", "B|1"])
        XCTAssertEqual(answer(setup + "SELECT min(v), max(v) FROM m"), ["a|B"])
        XCTAssertEqual(answer(setup + "SELECT DISTINCT v FROM m"), ["a", "B"])
        XCTAssertEqual(answer("CREATE TABLE m(v); INSERT INTO m VALUES ('a'), ('b'); SELECT v FROM m WHERE v IN (SELECT 'A' COLLATE NOCASE)"), ["a"])
    }

    func testAliasesInWhereAndSubqueryWidth() {
        XCTAssertEqual(answer("CREATE TABLE t(a); INSERT INTO t VALUES (5), (3); SELECT a AS k FROM t WHERE k > 4"), ["5"])
        XCTAssertEqual(failure("SELECT (SELECT 1, 2)")?.message, "sub-select returns 2 columns - expected 1")
    }

    func testReleaseKeepsTheOuterTransaction() throws {
        let db = Database()
        try db.execute("CREATE TABLE u(a); BEGIN; SAVEPOINT sp1; INSERT INTO u VALUES(1); RELEASE sp1")
        try db.execute("ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT count(*) FROM u").rows, [[.integer(0)]])
    }

    func testInsteadOfTriggersOnViews() {
        XCTAssertEqual(answer("CREATE TABLE base(x); CREATE VIEW bv AS SELECT x FROM base; CREATE TRIGGER t INSTEAD OF INSERT ON bv BEGIN INSERT INTO base VALUES (NEW.x * 2); END; CREATE TRIGGER u INSTEAD OF UPDATE ON bv BEGIN UPDATE base SET x = NEW.x WHERE x = OLD.x; END; CREATE TRIGGER d INSTEAD OF DELETE ON bv BEGIN DELETE FROM base WHERE x = OLD.x; END; INSERT INTO bv VALUES (21); INSERT INTO bv VALUES (5); UPDATE bv SET x = x + 1 WHERE x = 10; DELETE FROM bv WHERE x = 42; SELECT * FROM bv"),
                       ["11"])
    }

    func testReturning() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b DEFAULT 'x')")
        let inserted = try db.execute("INSERT INTO t(a) VALUES(1), (2) RETURNING a, b, a * 10")
        XCTAssertEqual(inserted.columns, ["a", "b", "a * 10"])
        XCTAssertEqual(inserted.rows, [[.integer(1), .text("x"), .integer(10)], [.integer(2), .text("x"), .integer(20)]])
        XCTAssertEqual(try db.execute("UPDATE t SET b = 'y' WHERE a = 2 RETURNING *").rows, [[.integer(2), .text("y")]])
        XCTAssertEqual(try db.execute("DELETE FROM t WHERE a = 1 RETURNING rowid, b").rows, [[.integer(1), .text("x")]])
    }

    func testTriggersFire() {
        XCTAssertEqual(answer("CREATE TABLE t(a); CREATE TABLE log(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.a * 10); END; INSERT INTO t VALUES(1), (2); SELECT x FROM log ORDER BY x"),
                       ["10", "20"])
        XCTAssertEqual(answer("CREATE TABLE t(a); CREATE TABLE log(x, y); CREATE TRIGGER tr BEFORE UPDATE ON t WHEN old.a < 5 BEGIN INSERT INTO log VALUES(old.a, new.a); END; INSERT INTO t VALUES(1), (7); UPDATE t SET a = a + 1; SELECT * FROM log"),
                       ["1|2"])
    }

    func testTransactionsRollBack() throws {
        let db = Database()
        try db.execute("CREATE TABLE t(a); INSERT INTO t VALUES(1)")
        try db.execute("BEGIN; INSERT INTO t VALUES(2); CREATE TABLE u(b); DELETE FROM t WHERE a = 1; ROLLBACK")
        XCTAssertEqual(try db.execute("SELECT a FROM t").rows, [[.integer(1)]])
        XCTAssertThrowsError(try db.execute("SELECT * FROM u"))
    }
}
