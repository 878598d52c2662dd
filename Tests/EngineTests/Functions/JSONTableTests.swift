// json_each and json_tree: node ids and paths on larger documents, error classes and texts,
// deep documents without traps, and the forms still refused.
import XCTest
@testable import Engine

final class JSONTableTests: XCTestCase {
    func testErrorsAsSQLiteGivesThem() {
        let db = Database()
        assertFails(db, "SELECT * FROM json_each('[1,')", .runtime, "malformed JSON")
        assertFails(db, "SELECT * FROM json_tree('[1]', 'x')", .runtime, "JSON path error near 'x'")
        assertFails(db, "SELECT * FROM json_each('[1]', '$', 3)", .misuse, "too many arguments on json_each() - max 2")
        assertFails(db, "SELECT * FROM json_each(nosuch)", .unknownColumn, "no such column: nosuch")
    }

    func testAnArgumentReadingALaterItemIsRefusedClearly() throws {
        let db = Database()
        _ = try db.execute("CREATE TABLE t(doc)")
        assertFails(db, "SELECT * FROM json_each(t.doc), t", .unknownColumn,
                    "json_each() reads t, which comes after it in FROM: put t first")
    }

    func testIdsCountLabelsAsNodes() throws {
        // {"k0":[0],"k1":[1],...}: each member is a label, an array and its element.
        let members = (0..<50).map { "\"k\($0)\":[\($0)]" }.joined(separator: ",")
        let db = Database()
        assertRows(db, "SELECT id, fullkey FROM json_each('{\(members)}') WHERE key = 'k49'", "149|$.k49")
        assertRows(db, "SELECT id, parent, fullkey, path FROM json_tree('{\(members)}') WHERE atom = 49", "150|149|$.k49[0]|$.k49")
        assertRows(db, "SELECT count(*), max(id) FROM json_tree('{\(members)}')", "101|150")
    }

    func testDeepDocuments() throws {
        let db = Database()
        let depth = 1000
        let doc = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        assertRows(db, "SELECT count(*), max(id) FROM json_tree('\(doc)')", "\(depth + 1)|\(depth)")
        assertRows(db, "SELECT length(fullkey) FROM json_tree('\(doc)') WHERE atom = 1", "\(1 + 3 * depth)")
    }

    func testRowsFromTheLibrary() throws {
        let rows = try JSONTable.rows([.text("{\"a\":[true]}"), .text("$.a")], recursive: false)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0], [.integer(0), .integer(1), .text("true"), .integer(1), .integer(3), .null,
                                 .text("$.a[0]"), .text("$.a"), .text("{\"a\":[true]}"), .text("$.a"), .integer(0)])
        XCTAssertEqual(try JSONTable.rows([.null], recursive: true), [])
        XCTAssertEqual(JSONTable.size(try JSONParser.parse("{\"a\":[1,2],\"b\":{}}")), 7)
    }
}
