// Loading bad dumps: the error names the line, and nothing is half-loaded.
import XCTest
@testable import Engine

final class DumpLoaderTests: XCTestCase {
    private func loadError(_ dump: String, into db: Database = Database(), file: StaticString = #filePath,
                           line: UInt = #line) -> SQLError? {
        do {
            try db.load(dump: dump)
            XCTFail("the dump loaded", file: file, line: line)
            return nil
        } catch let error as SQLError {
            XCTAssertEqual(error.kind, .dump, file: file, line: line)
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testFailingStatementNamesItsLineAndLeavesNothing() {
        let dump = """
            -- VibeSQL SQL dump, format 1
            BEGIN TRANSACTION;
            CREATE TABLE t (
              a INTEGER UNIQUE
            );
            INSERT INTO t VALUES(1);
            INSERT INTO t VALUES(1);
            COMMIT;
            """
        let db = Database()
        let error = loadError(dump, into: db)
        XCTAssertEqual(error?.message, "dump line 7: UNIQUE constraint failed: t.a")
        XCTAssertEqual(error?.lineAndColumn?.line, 7)
        XCTAssertEqual(db.dump(), Database().dump())
        XCTAssertTrue(db.tableNames.isEmpty)
    }

    func testSyntaxErrorPointsAtTheToken() {
        let dump = "BEGIN TRANSACTION;\nCREATE TABLE t (a);\nINSERT INTO t VALUES(1);\nINSERT INTO t VALUES(2,;\nCOMMIT;\n"
        let error = loadError(dump)
        XCTAssertEqual(error?.message, "dump line 4: near \";\": syntax error")
        XCTAssertEqual(error?.lineAndColumn?.line, 4)
        XCTAssertEqual(error?.lineAndColumn?.column, 24)
        XCTAssertTrue(error?.rendered.contains("INSERT INTO t VALUES(2,;") ?? false)
    }

    func testUnknownTableAndUnterminatedString() {
        XCTAssertEqual(loadError("CREATE TABLE t (a);\n\nINSERT INTO nope VALUES(1);\n")?.lineAndColumn?.line, 3)
        XCTAssertEqual(loadError("CREATE TABLE t (a);\nINSERT INTO t VALUES('open\n);\n")?.lineAndColumn?.line, 2)
    }

    func testTruncatedDumpIsRejected() {
        let db = Database()
        try? db.execute("CREATE TABLE t (a); INSERT INTO t VALUES (1), (2), (3)")
        let dump = db.dump()
        let truncated = String(dump.prefix(upTo: dump.range(of: "INSERT INTO t VALUES(3);")!.lowerBound))
        let error = loadError(truncated)
        XCTAssertEqual(error?.lineAndColumn?.line, 2)
        XCTAssertTrue(error?.message.contains("incomplete") ?? false)
    }

    func testLoadingIntoANonEmptyDatabaseLeavesItAlone() throws {
        let db = Database()
        try db.execute("CREATE TABLE keep (a); INSERT INTO keep VALUES (1)")
        let before = db.dump()
        _ = loadError("CREATE TABLE other (b);\n", into: db)
        XCTAssertEqual(db.dump(), before)
    }

    func testStraySavepointAndCommit() {
        XCTAssertEqual(loadError("CREATE TABLE t (a);\nCOMMIT;\n")?.lineAndColumn?.line, 2)
        XCTAssertEqual(loadError("BEGIN;\nSAVEPOINT x;\nCOMMIT;\n")?.lineAndColumn?.line, 2)
    }

    func testLoadedDatabaseIsUsable() throws {
        let db = Database()
        try db.load(dump: "BEGIN TRANSACTION;\nCREATE TABLE t (a);\nINSERT INTO t VALUES(1);\nCOMMIT;\n")
        try db.execute("BEGIN; INSERT INTO t VALUES (2); ROLLBACK")
        assertIdentical(try rows(db, "SELECT a FROM t"), [[.integer(1)]])
    }
}
