// Transactions undo rows and DDL; CTEs; schemas, roles and grants live in the catalog.
import XCTest
@testable import Engine

final class TransactionAndSchemaTests: XCTestCase {
    func testRollbackUndoesRowsAndDDL() throws {
        let db = Database()
        try db.execute("CREATE TABLE p (a INTEGER); INSERT INTO p VALUES (1); CREATE TABLE c (b); INSERT INTO c VALUES (2)")
        let before = db.dump()
        try db.execute("""
            BEGIN; INSERT INTO p VALUES (4); UPDATE p SET a = 10 WHERE a = 1; CREATE TABLE tmp (a); INSERT INTO tmp VALUES (1);
            DROP TABLE c; CREATE INDEX p_a ON p (a); ROLLBACK;
            """)
        assertRows(db, "SELECT a FROM p", "1")
        assertFails(db, "SELECT * FROM tmp", .unknownTable, "no such table: tmp")
        assertRows(db, "SELECT b FROM c", "2")
        XCTAssertEqual(db.dump(), before)
        try db.execute("BEGIN; INSERT INTO p VALUES (5); COMMIT")
        assertRows(db, "SELECT a FROM p ORDER BY a", "1\n5")
        assertFails(db, "ROLLBACK", .misuse, "cannot rollback - no transaction is active")
        assertFails(db, "COMMIT", .misuse, "cannot commit - no transaction is active")
    }

    func testFailedStatementInsideTransactionKeepsEarlierWork() throws {
        let db = Database()
        try db.execute("CREATE TABLE t (a UNIQUE); BEGIN; INSERT INTO t VALUES (1)")
        assertFails(db, "INSERT INTO t VALUES (2), (1)", .constraint, "UNIQUE constraint failed: t.a")
        try db.execute("COMMIT")
        assertRows(db, "SELECT a FROM t", "1")
    }

    func testCommonTableExpressions() throws {
        let db = Database()
        try db.execute("CREATE TABLE n (x INTEGER); INSERT INTO n VALUES (1), (2), (4), (NULL)")
        assertRows(db, "WITH RECURSIVE cnt(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM cnt WHERE i < 5) SELECT group_concat(i, ',') FROM cnt",
                   "1,2,3,4,5")
        assertRows(db, "WITH big AS (SELECT x FROM n WHERE x > 1), tot AS (SELECT sum(x) AS s FROM big) SELECT s, (SELECT count(*) FROM big) FROM tot",
                   "6|2")
        try db.execute("WITH src(v) AS (VALUES (7), (8)) INSERT INTO n SELECT v FROM src")
        assertRows(db, "SELECT count(*) FROM n", "6")
    }

    func testSchemasRolesAndGrants() throws {
        let db = Database()
        try db.execute("""
            CREATE SCHEMA reporting; CREATE SCHEMA IF NOT EXISTS reporting;
            CREATE TABLE reporting.daily (d TEXT); INSERT INTO reporting.daily VALUES ('x');
            CREATE ROLE analyst; CREATE ROLE auditor;
            GRANT SELECT, INSERT ON TABLE daily TO analyst; GRANT SELECT ON daily TO auditor WITH GRANT OPTION;
            REVOKE INSERT ON daily FROM analyst;
            """)
        assertRows(db, "SELECT d FROM reporting.daily", "x")
        XCTAssertEqual(db.catalog.schemas, ["reporting"])
        XCTAssertEqual(db.catalog.roles, ["analyst", "auditor"])
        XCTAssertEqual(db.catalog.grants, [
            Grant(privilege: "SELECT", objectKind: "TABLE", object: "daily", role: "analyst", withGrantOption: false),
            Grant(privilege: "SELECT", objectKind: "TABLE", object: "daily", role: "auditor", withGrantOption: true),
        ])
        assertFails(db, "CREATE SCHEMA reporting", .alreadyExists, "schema reporting already exists")
        assertFails(db, "CREATE ROLE analyst", .alreadyExists, "role analyst already exists")
        assertFails(db, "GRANT SELECT ON daily TO nobody", .unknownTable, "no such role: nobody")
        assertFails(db, "GRANT SELECT ON missing TO analyst", .unknownTable, "no such table: missing")
        try db.execute("BEGIN; CREATE ROLE temp_role; GRANT SELECT ON daily TO temp_role; ROLLBACK")
        XCTAssertEqual(db.catalog.roles, ["analyst", "auditor"])
        try db.execute("DROP ROLE auditor")
        XCTAssertEqual(db.catalog.grants.map(\.role), ["analyst"])
    }
}
