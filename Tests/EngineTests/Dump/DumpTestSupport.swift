// Helpers for dump tests: strict value comparison, round trips, a small seeded generator.
import XCTest
@testable import Engine

/// Same storage class and same bits (1 and 1.0 differ, 0.0 and -0.0 differ).
func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.integer(x), .integer(y)): return x == y
    case let (.real(x), .real(y)): return x.bitPattern == y.bitPattern
    case let (.text(x), .text(y)): return Array(x.utf8) == Array(y.utf8)
    case let (.invalidText(x), .invalidText(y)): return x == y
    case let (.blob(x), .blob(y)): return x == y
    default: return false
    }
}

func assertIdentical(_ a: [[Value]], _ b: [[Value]], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "row count", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() {
        XCTAssertEqual(x.count, y.count, "row \(i) width", file: file, line: line)
        for (j, (v, w)) in zip(x, y).enumerated() where !identical(v, w) {
            XCTFail("row \(i) column \(j): \(v) != \(w)", file: file, line: line)
        }
    }
}

/// Dumps, loads the dump into a new database, and checks the second dump is byte-identical.
@discardableResult
func roundTrip(_ db: Database, file: StaticString = #filePath, line: UInt = #line) throws -> (dump: String, loaded: Database) {
    let dump = db.dump()
    let loaded = try Database.load(dump: dump)
    let again = loaded.dump()
    if again != dump {
        XCTFail("dump → load → dump differs:\n--- first\n\(dump)\n--- second\n\(again)", file: file, line: line)
    }
    return (dump, loaded)
}

func rows(_ db: Database, _ sql: String) throws -> [[Value]] {
    try db.execute(sql).rows
}

/// SplitMix64: a tiny deterministic generator, so a failing seed can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
