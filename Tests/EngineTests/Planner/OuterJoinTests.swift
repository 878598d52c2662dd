// RIGHT and FULL joins: what the suite file (suite/select/right_full_join.test) cannot say —
// error classes and messages, the forms still refused, unmatched rows at every join path.
import XCTest
@testable import Engine

final class OuterJoinTests: XCTestCase {
    private func database() throws -> Database {
        let db = Database()
        _ = try db.execute("""
            CREATE TABLE a(x INTEGER, y TEXT); CREATE TABLE b(x INTEGER, z TEXT); CREATE TABLE c(x INTEGER PRIMARY KEY, w TEXT);
            INSERT INTO a VALUES(1,'a1'),(2,'a2'),(NULL,'an');
            INSERT INTO b VALUES(2,'b2'),(3,'b3');
            INSERT INTO c VALUES(3,'c3'),(4,'c4'),(1,'c1');
            """)
        return db
    }

    func testUnmatchedRowsOfBothSides() throws {
        let db = try database()
        assertRows(db, "SELECT a.y, b.z FROM a FULL JOIN b ON a.x = b.x ORDER BY a.y, b.z", "|b3\na1|\na2|b2\nan|")
        assertRows(db, "SELECT a.y, b.z FROM a RIGHT JOIN b ON a.x = b.x ORDER BY b.z", "a2|b2\n|b3")
        // The rowid lookup path (c.x is the rowid) and the nested loop (no equality).
        assertRows(db, "SELECT a.y, c.w FROM a RIGHT JOIN c ON c.x = a.x ORDER BY c.w", "a1|c1\n|c3\n|c4")
        assertRows(db, "SELECT count(*) FROM a FULL JOIN c ON c.x > a.x + 5", "6")
        // An ON term on the right side alone decides matches, never which right rows appear.
        assertRows(db, "SELECT a.y, b.z FROM a RIGHT JOIN b ON a.x = b.x AND b.z = 'b3' ORDER BY b.z", "|b2\n|b3")
    }

    func testMergedUsingColumns() throws {
        let db = try database()
        assertRows(db, "SELECT x, a.x, b.x FROM a RIGHT JOIN b USING(x) ORDER BY b.x", "2|2|2\n3||3")
        assertRows(db, "SELECT x FROM a FULL JOIN b USING(x) ORDER BY x", "\n1\n2\n3")
        assertRows(db, "SELECT * FROM a FULL JOIN b USING(x) FULL JOIN c USING(x) ORDER BY x, y",
                   "|an||\n1|a1||c1\n2|a2|b2|\n3||b3|c3\n4|||c4")
        // A correlated subquery reads the merged column of its enclosing query.
        _ = try db.execute("CREATE TABLE d(k INTEGER PRIMARY KEY, w TEXT); INSERT INTO d VALUES(3,'d3'),(4,'d4'),(1,'d1')")
        assertRows(db, "SELECT x, (SELECT w FROM d WHERE d.k = x) FROM a FULL JOIN b USING(x) ORDER BY x", "|\n1|d1\n2|\n3|d3")
    }

    func testErrorsAsSQLiteGivesThem() throws {
        let db = try database()
        assertFails(db, "SELECT * FROM a, b RIGHT JOIN c USING(x)", .ambiguous, "ambiguous reference to x in USING()")
        assertFails(db, "SELECT * FROM a NATURAL FULL JOIN b USING(x)", .syntax, "a NATURAL join may not have an ON or USING clause")
        assertFails(db, "SELECT * FROM a FULL JOIN b USING(y)", .unknownColumn,
                    "cannot join using column y - column not present in both tables")
        assertFails(db, "SELECT * FROM a FULL JOIN b ON a.x = b.x WHERE x = 1", .ambiguous, "ambiguous column name: x")
        // A merged column in * reads as its unqualified name, which another item may share.
        assertFails(db, "SELECT a.* FROM a FULL JOIN b USING(x), c", .ambiguous, "ambiguous column name: x")
    }

    func testAParenthesizedJoinOnTheRightJoinsAsAUnit() throws {
        let db = try database()
        // b and c join first: a's rows with no (b, c) pair keep NULLs for both, as in SQLite.
        assertRows(db, "SELECT a.y, b.z, c.w FROM a LEFT JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x ORDER BY a.y",
                   "a1||\na2||\nan||")
        assertRows(db, "SELECT * FROM a FULL JOIN (b JOIN c USING(x)) USING(x) ORDER BY x", "|an||\n1|a1||\n2|a2||\n3||b3|c3")
        // The parenthesized join's ON sees only its own tables.
        assertFails(db, "SELECT * FROM a LEFT JOIN (b JOIN c ON c.x = a.x) ON 1", .unknownColumn, "no such column: a.x")
    }

    func testFormsStillRefusedSayWhy() throws {
        let db = try database()
        _ = try db.execute("CREATE TABLE t(doc); INSERT INTO t VALUES('[1]')")
        assertFails(db, "SELECT * FROM t RIGHT JOIN json_each(t.doc)", .syntax,
                    "a RIGHT or FULL JOIN to json_each() reading the tables on its left is not supported")
    }
}
