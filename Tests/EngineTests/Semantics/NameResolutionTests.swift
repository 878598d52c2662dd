// Name resolution in wide FROM clauses (looked up through a map of names, see Scope.resolve) and
// comparisons that read a column in place: each answer is sqlite3 3.40's.
import XCTest
@testable import Engine

final class NameResolutionTests: XCTestCase {
    /// Ten tables of three columns each: 30 columns, past the width where names go through a map.
    private let tenTables = (1...10).map { i in
        "CREATE TABLE t\(i)(a\(i) INTEGER, b\(i) TEXT, c INTEGER); INSERT INTO t\(i) VALUES(\(i), 'x\(i)', \(i * 10));"
    }.joined()
    private let tenSources = (1...10).map { "t\($0)" }.joined(separator: ", ")

    func testNamesOfAWideJoinResolveToTheirTables() {
        XCTAssertEqual(answer(tenTables + "SELECT a3, b7, t9.c, t1.rowid FROM \(tenSources)"), ["3|x7|90|1"])
        XCTAssertEqual(answer(tenTables + "SELECT count(*) FROM \(tenSources) WHERE a2 = 2 AND b10 = 'x10' AND t4.c > 30 AND 50 >= t5.c"),
                       ["1"])
    }

    func testANameSeveralTablesOfAWideJoinHaveIsAmbiguous() {
        XCTAssertEqual(failure(tenTables + "SELECT c FROM \(tenSources)")?.message, "ambiguous column name: c")
        XCTAssertEqual(failure(tenTables + "SELECT t1.a1 FROM t1, \(tenSources)")?.message, "ambiguous column name: t1.a1")
        XCTAssertEqual(failure(tenTables + "SELECT a1 FROM t1 AS x, t1 AS y, t2, t3, t4, t5, t6, t7, t8, t9, t10")?.message,
                       "ambiguous column name: a1")
        XCTAssertEqual(answer(tenTables + "SELECT x.a1, y.a1 FROM t1 AS x, t1 AS y, t2, t3, t4, t5, t6, t7, t8, t9, t10"), ["1|1"])
    }

    func testTheRightColumnOfUsingStaysHiddenInAWideJoin() {
        let setup = tenTables + "CREATE TABLE u1(k, v1); CREATE TABLE u2(k, v2); INSERT INTO u1 VALUES(1, 'one'); INSERT INTO u2 VALUES(1, 'uno');"
        XCTAssertEqual(answer(setup + "SELECT k, u2.k, v1, v2, a10 FROM u1 JOIN u2 USING (k), \(tenSources)"), ["1|1|one|uno|10"])
        XCTAssertEqual(answer(setup + "SELECT * FROM u1 JOIN u2 USING (k), t1, t2, t3, t4, t5, t6, t7, t8"),
                       ["1|one|uno|1|x1|10|2|x2|20|3|x3|30|4|x4|40|5|x5|50|6|x6|60|7|x7|70|8|x8|80"])
    }

    func testComparisonsOfAColumnWithAConstantOrAColumnApplyAffinityAndNulls() {
        XCTAssertEqual(answer("""
            CREATE TABLE t(a TEXT, b INTEGER, d); INSERT INTO t VALUES('10', 9, NULL), (NULL, 11, 'z'), ('abc', NULL, 5);
            SELECT a > 9, 9 < a, b = '9', b IS NULL, a IS NOT NULL, b < a, a = b, d IS NULL, d IS NOT 5, 5 IS d, b <> 11, a >= '10'
            FROM t ORDER BY rowid
            """), ["0|0|1|0|1|1|0|1|1|0|1|1", "||0|0|0|||0|1|0|0|", "1|1||1|1|||0|0|1||1"])
    }
}
