// Text is bytes: text that is not valid UTF-8 keeps its bytes, compares and hashes by them, and
// stays apart from valid text (sqlite3 3.40 gives the expected answers).
import XCTest
@testable import Engine

final class TextBytesTests: XCTestCase {
    func testBytesBecomeTextOfTheRightCase() {
        XCTAssertEqual(Value.text(bytes: Array("é".utf8)), .text("é"))
        let invalid: [[UInt8]] = [[0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x61, 0xF4, 0x90, 0x80, 0x80]]
        for bytes in invalid {
            guard case .invalidText(let kept) = Value.text(bytes: bytes) else { return XCTFail("\(bytes) is not valid UTF-8") }
            XCTAssertEqual(kept, bytes)
        }
        XCTAssertEqual(Value.text(bytes: [0xFF]).typeName, "text")
        XCTAssertEqual(Value.text(bytes: [0x61, 0xFF]).textBytes, [0x61, 0xFF])
    }

    func testEqualityHashAndOrderFollowTheBytes() {
        let ff = Value.text(bytes: [0xFF]), fe = Value.text(bytes: [0xFE])
        XCTAssertNotEqual(ff, fe)
        XCTAssertEqual(ff, Value.text(bytes: [0xFF]))
        XCTAssertEqual(Set([ff, fe, Value.text(bytes: [0xFF]), .text("\u{FFFD}")]).count, 3)
        XCTAssertNotEqual(ff, .blob([0xFF]))
        // By bytes, in SQLite's class order: numbers < text (valid or not) < blobs.
        let ordered: [Value] = [.integer(1), .text("a"), Value.text(bytes: [0xC3]), .text("é"), fe, ff, .blob([0])]
        for (i, a) in ordered.enumerated() {
            for (j, b) in ordered.enumerated() {
                XCTAssertEqual(Value.compare(a, b).signum(), i < j ? -1 : (i > j ? 1 : 0), "compare(\(a), \(b))")
            }
        }
    }

    func testCollationKeysKeepTheBytes() {
        let upper = Value.text(bytes: [0x41, 0xFF, 0x20, 0x20]), lower = Value.text(bytes: [0x61, 0xFF])
        XCTAssertEqual(upper.collationKey(.nocase).collationKey(.rtrim), lower)
        XCTAssertEqual(Value.compare(upper, lower, collation: .nocase).signum(), 1)
        XCTAssertEqual(Value.compare(Value.text(bytes: [0x61, 0xFF, 0x20]), lower, collation: .rtrim), 0)
        XCTAssertEqual(upper.collationKey(.binary), upper)
    }

    /// sqlite3Utf8Read and SQLITE_SKIP_UTF8 as sqlite3 applies them to such bytes.
    func testCharactersAreReadAsSQLiteReadsThem() {
        let cases: [([UInt8], UInt32, Int)] = [
            ([0xFF], 0xFFFD, 1), ([0xC3], 0xFFFD, 1), ([0xE2, 0x82], 130, 2), ([0x80], 0x80, 1),
            ([0xC3, 0xA9], 0xE9, 2), ([0xEF, 0xBF, 0xBF], 0xFFFD, 3), ([0xC0, 0x80], 0xFFFD, 2),
            ([0xED, 0xA0, 0x80], 0xFFFD, 3),
        ]
        for (bytes, code, width) in cases {
            var k = 0
            XCTAssertEqual(bytes.withUnsafeBufferPointer { readUTF8CodePoint($0, &k) }, code, "\(bytes)")
            XCTAssertEqual(k, width, "\(bytes)")
            var s = 0
            skipUTF8Character(bytes, &s)
            XCTAssertEqual(s, width, "\(bytes)")
        }
        var out: [UInt8] = []
        for c: UInt32 in [0x41, 0xE9, 0xD800, 0x1F600] { appendUTF8(c, to: &out) }
        XCTAssertEqual(out, [0x41, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98, 0x80])
    }

    func testListOutputWritesTheBytes() {
        let result = QueryResult(columns: ["a", "b"], rows: [[Value.text(bytes: [0x41, 0xFF]), .blob([0xFE, 0, 0x61])]])
        XCTAssertEqual(ResultFormatter(format: .list).renderBytes(result), [0x41, 0xFF, 0x7C, 0xFE, 0x0A])
        XCTAssertEqual(ResultFormatter(format: .csv).renderBytes(result), Array("a,b\n\"A".utf8) + [0xFF] + Array("\",\"".utf8) + [0xFE, 0x22, 0x0A])
        XCTAssertEqual(ResultFormatter(format: .json).renderBytes(result),
                       Array("[{\"a\":\"A".utf8) + [0xFF] + Array("\",\"b\":\"".utf8) + [0xFE] + Array("\\u0000a\"}]\n".utf8))
    }
}
