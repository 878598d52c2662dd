import XCTest
@testable import Engine

final class LexerTests: XCTestCase {
    private func kinds(_ sql: String) throws -> [TokenKind] {
        try Lexer.tokenize(sql).map(\.kind)
    }

    func testTokenKinds() throws {
        let cases: [(String, [TokenKind])] = [
            ("SELECT a", [.word, .word, .end]),
            ("'it''s'", [.string, .end]),
            ("\"col\" [x] `y`", [.quotedIdentifier, .quotedIdentifier, .quotedIdentifier, .end]),
            ("12 1.5 .5 1e3 0x1F", [.integer, .float, .float, .float, .integer, .end]),
            ("x'0aff'", [.blob, .end]),
            ("? ?2 :name @p $v", [.parameter, .parameter, .parameter, .parameter, .parameter, .end]),
            ("a<=b<>c!=d||e", [.word, .symbol, .word, .symbol, .word, .symbol, .word, .symbol, .word, .end]),
            ("-- comment\nx /* block */ y", [.word, .word, .end]),
        ]
        for (sql, expected) in cases {
            XCTAssertEqual(try kinds(sql), expected, sql)
        }
    }

    func testStringsAreUnescapedAndPositionsAreByteOffsets() throws {
        let tokens = try Lexer.tokenize("SELECT 'a''b', é")
        XCTAssertEqual(tokens[1].text, "a'b")
        XCTAssertEqual(tokens[1].position, 7)
        XCTAssertEqual(tokens[3].text, "é")
        XCTAssertEqual(tokens[3].upper, "é")
    }

    func testErrorsCarryPositions() {
        let cases: [(String, Int, String)] = [
            ("SELECT 'abc", 7, "unterminated string literal"),
            ("SELECT 12abc", 7, "unrecognized token: \"12a\""),
            ("SELECT x'0g'", 7, "malformed blob literal"),
            ("SELECT #", 7, "unrecognized token: \"#\""),
        ]
        for (sql, position, message) in cases {
            XCTAssertThrowsError(try Lexer.tokenize(sql), sql) { error in
                let e = error as? SQLError
                XCTAssertEqual(e?.kind, .syntax, sql)
                XCTAssertEqual(e?.position, position, sql)
                XCTAssertEqual(e?.message, message, sql)
            }
        }
    }
}
