// JSON functions: nesting limits (sqlite3 3.40 takes 2000 levels, refuses 2001), deep or
// broken input as clear errors rather than traps, sqlite3's error texts, paths.
import XCTest
@testable import Engine

final class JSONFunctionsTests: XCTestCase {
    func testNestingLimitAndDeepInput() throws {
        let db = Database()
        func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        assertRows(db, "SELECT json_valid('\(nested(2000))'), json_valid('\(nested(2001))')", "1|0")
        assertFails(db, "SELECT json('\(nested(2001))')", .runtime, "malformed JSON")
        // Far past the limit, and unbalanced: refused, not a crash.
        assertRows(db, "SELECT json_valid('\(String(repeating: "[", count: 200_000))')", "0")
        assertRows(db, "SELECT json_valid('\(String(repeating: "{\"a\":", count: 50_000))1')", "0")
    }

    func testMalformedTextAndPathsGiveSQLiteErrors() {
        let db = Database()
        let cases: [(String, String)] = [
            ("SELECT json('x')", "malformed JSON"),
            ("SELECT json('[1,]')", "malformed JSON"),
            ("SELECT json('\"\\x\"')", "malformed JSON"),
            ("SELECT json('1 2')", "malformed JSON"),
            ("SELECT json_extract('{\"a\":1}', 'a')", "JSON path error near 'a'"),
            ("SELECT json_extract('{\"a\":1}', '$[')", "JSON path error near '['"),
            ("SELECT json_extract('[1]', '$[99999999999999999999]')", "JSON path error near '[99999999999999999999]'"),
            ("SELECT json_array(x'00')", "JSON cannot hold BLOB values"),
            ("SELECT json_object('a')", "json_object() requires an even number of arguments"),
            ("SELECT json_object(1, 2)", "json_object() labels must be TEXT"),
            ("SELECT json_set('{}', '$.a')", "json_set() needs an odd number of arguments"),
        ]
        for (sql, message) in cases { assertFails(db, sql, .runtime, message) }
        assertFails(db, "SELECT json()", .unknownFunction, "wrong number of arguments to function json()")
    }

    func testDocumentModel() throws {
        XCTAssertEqual(try JSONParser.parse(" [1.50, \"\\u0041\", {\"a\" : null}] ").text, "[1.50,\"\\u0041\",{\"a\":null}]")
        XCTAssertEqual(JSONText.unescape("\\u0041\\n\\ud83d\\ude00"), "A\n\u{1F600}")
        XCTAssertEqual(JSONText.escape("a\"b\\\u{01}"), "a\\\"b\\\\\\u0001")
        let path = try JSONPath("$.a[#-1].\"b c\"")
        XCTAssertEqual(path.steps, [.key("a"), .index(1, fromEnd: true), .key("b c")])
        let doc = try JSONParser.parse("{\"a\":[1,{\"b c\":true}]}")
        XCTAssertEqual(path.lookup(in: doc), .bool(true))
        XCTAssertEqual(try JSONPath("$.x.y").applying(.set, .number("1", isInteger: true), to: doc)?.text,
                       "{\"a\":[1,{\"b c\":true}],\"x\":{\"y\":1}}")
    }
}
