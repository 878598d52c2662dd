// Output formats and statement completeness, as the shell uses them.
import XCTest
@testable import Engine

final class ResultFormatterTests: XCTestCase {
    private let result = QueryResult(columns: ["n", "name", "x"],
                                     rows: [[.integer(10), .text("ab"), .null], [.real(2.5), .text("é\"q\n"), .blob([1, 255])]])

    func testTable() {
        XCTAssertEqual(ResultFormatter(format: .table).render(QueryResult(columns: ["n", "name"], rows: [[.integer(10), .text("ab")], [.real(-2.5), .null]])), """
            +------+------+
            | n    | name |
            +------+------+
            |   10 | ab   |
            | -2.5 | NULL |
            +------+------+

            """)
    }

    func testCSV() {
        XCTAssertEqual(ResultFormatter(format: .csv).render(result), "n,name,x\n10,ab,\n2.5,\"é\"\"q\n\",\"\u{1}\u{FFFD}\"\n")
        // sqlite3 -csv: an empty text, a space, a quote or a byte past ASCII is quoted; NULL is nothing.
        let quoting = QueryResult(columns: ["a"], rows: [[.text("")], [.text("a b")], [.text("it's")], [.text("a|b")], [.null], [.blob([0x61, 0x62])]])
        XCTAssertEqual(ResultFormatter(format: .csv).render(quoting), "a\n\"\"\n\"a b\"\n\"it's\"\na|b\n\nab\n")
    }

    func testJSON() {
        XCTAssertEqual(ResultFormatter(format: .json).render(result),
                       "[{\"n\":10,\"name\":\"ab\",\"x\":null},\n{\"n\":2.5,\"name\":\"é\\\"q\\n\",\"x\":\"\\u0001\u{FFFD}\"}]\n")
        XCTAssertEqual(ResultFormatter.jsonString("\u{1}\\"), "\"\\u0001\\\\\"")
        XCTAssertEqual(ResultFormatter.jsonValue(.real(.infinity)), "1e999")
    }

    func testListAndEmpty() {
        XCTAssertEqual(ResultFormatter(format: .list).render(result), "10|ab|\n2.5|é\"q\n|\u{1}\u{FFFD}\n")
        // sqlite3 prints a blob's bytes (up to a NUL), as it prints text; quote() keeps X'..'.
        let blobs = QueryResult(columns: ["b", "c", "e"], rows: [[.blob(Array("abc".utf8)), .blob([0x61, 0, 0x62]), .blob([])]])
        XCTAssertEqual(ResultFormatter(format: .list).render(blobs), "abc|a|\n")
        XCTAssertEqual(ResultFormatter(format: .table).render(QueryResult(columns: ["a"], rows: [])), "")
    }

    func testIsComplete() {
        let cases: [(String, Bool)] = [
            ("SELECT 1;", true), ("SELECT 1", false), ("SELECT 1;  -- done\n", true), ("SELECT ';", false),
            ("SELECT 'a;b'", false), ("SELECT \"x;", false), ("SELECT 1; /* open", false), ("", false), ("  \n", false),
            ("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", false),
            ("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;", true),
            ("SELEC 1;", true), ("SELECT (1;", true), ("SELECT 1; SELECT 2;", true), ("SELECT 1; SELECT 2", false),
        ]
        for (sql, complete) in cases { XCTAssertEqual(Database.isComplete(sql), complete, sql) }
    }

    func testExecuteEachHandsOverEveryResult() throws {
        let db = Database()
        var seen: [QueryResult] = []
        XCTAssertThrowsError(try db.executeEach("CREATE TABLE t (a); INSERT INTO t VALUES (1); SELECT a FROM t; SELECT b FROM t; SELECT 9") {
            seen.append($0)
        })
        XCTAssertEqual(seen.map(\.rows), [[], [], [[.integer(1)]]])
    }
}
