import XCTest
@testable import VibeGit

final class TrailerTests: XCTestCase {
    func testFormatAndParseRoundTrip() throws {
        let trailers = [Trailer("Source-Commit", "abc"), Trailer("Passed", "10"), Trailer("Branch", "feature/x: y")]
        let message = try TrailerMessage.format(summary: "quick: 10/12 passed", trailers: trailers)
        XCTAssertEqual(message, "quick: 10/12 passed\n\nSource-Commit: abc\nPassed: 10\nBranch: feature/x: y\n")
        let parsed = TrailerMessage.parse(message)
        XCTAssertEqual(parsed.summary, "quick: 10/12 passed")
        XCTAssertEqual(parsed.trailers, trailers)
        XCTAssertEqual(try TrailerMessage.format(summary: "only", trailers: []), "only\n")
    }

    func testParseCases() {
        let cases: [(String, [Trailer])] = [
            ("subject only\n", []),
            ("Key: looks like a trailer but is the subject\n", []),
            ("subject\n\nbody paragraph\n", []),
            ("subject\n\nbody\n\nA: 1\nB-C: two words\n", [Trailer("A", "1"), Trailer("B-C", "two words")]),
            ("subject\n\nA: 1\nnot a trailer\n", []),
            ("subject\n\nSpaced Key: 1\n", []),
        ]
        for (message, expected) in cases { XCTAssertEqual(TrailerMessage.parse(message).trailers, expected, message) }
    }

    func testFormatRejectsForgery() {
        XCTAssertThrowsError(try TrailerMessage.format(summary: "two\nlines", trailers: []))
        XCTAssertThrowsError(try TrailerMessage.format(summary: "", trailers: []))
        XCTAssertThrowsError(try TrailerMessage.format(summary: "s", trailers: [Trailer("Bad Key", "v")])) { error in
            XCTAssertEqual("\(error)", "invalid trailer key 'Bad Key': use letters, digits and '-'")
        }
    }

    func testConflictNames() throws {
        let id = try XCTUnwrap(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
        XCTAssertEqual(Repository.conflictName("run-1.sql", id, digits: 12), "run-1.conflict-0123456789ab.sql")
        XCTAssertEqual(Repository.conflictName("notes", id, digits: 12), "notes.conflict-0123456789ab")
    }

    func testParseTrimsBlanksButNotLineBreaks() {
        let parsed = TrailerMessage.parse("  subject\t\n\nSuite:\t quick \t\nBranch: main\u{00A0}\nEmpty:\n")
        XCTAssertEqual(parsed.summary, "subject")
        XCTAssertEqual(parsed.trailers, [Trailer("Suite", "quick"), Trailer("Branch", "main"), Trailer("Empty", "")])
        XCTAssertEqual(TrailerMessage.parse("s\n\nKey: value\r").trailers, [Trailer("Key", "value\r")])
        XCTAssertEqual(TrailerMessage.trimmedBlanks(" \t "), "")
    }

    func testTrailerLookupIgnoresASCIICaseOnly() {
        let entry = ResultsLogEntry(commit: .zero, parents: [], summary: "s", message: "",
                                    trailers: [Trailer("Source-Commit", "abc"), Trailer("Run-Id", "1")], time: Date())
        XCTAssertEqual(entry.trailer("source-commit"), "abc")
        XCTAssertEqual(entry.trailer("RUN-ID"), "1")
        XCTAssertNil(entry.trailer("Run-I"))
        XCTAssertNil(entry.trailer("Run_Id"))
        XCTAssertNil(entry.trailer("Run\u{0010}Id"))
    }
}
