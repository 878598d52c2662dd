// Random schemas and rows: every one must survive dump → load → dump byte for byte, value for value.
import XCTest
@testable import Engine

final class DumpPropertyTests: XCTestCase {
    private let types = ["", "INTEGER", "INT", "TEXT", "REAL", "BLOB", "NUMERIC", "VARCHAR(20)", "BOOLEAN", "TIMESTAMP",
                         "DOUBLE PRECISION"]
    private let names = ["a", "b", "Value", "select", "order", "x y", "q\"uote", "ünï", "_7", "group", "col", "rowid_ish"]

    private func randomValue(_ g: inout SeededGenerator) -> Value {
        switch Int.random(in: 0..<9, using: &g) {
        case 0: return .null
        case 1: return .integer([Int64.min, Int64.max, 0, -1, 1][Int.random(in: 0..<5, using: &g)])
        case 2: return .integer(Int64.random(in: -1_000_000...1_000_000, using: &g))
        case 3: return .integer(Int64(bitPattern: g.next()))
        case 4:
            let d = Double(bitPattern: g.next())
            return d.isNaN ? .real(-0.0) : .real(d)
        case 5: return .real(Double(Int.random(in: -1000...1000, using: &g)) / 8)
        case 6:
            let bytes = (0..<Int.random(in: 0..<6, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            return .blob(bytes)
        case 7:
            let alphabet: [Unicode.Scalar] = ["a", "Z", "'", "\"", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "é", "€",
                                              "😀", "\u{301}", " ", ";", "-", "1", "."]
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<10, using: &g) { s.append(alphabet.randomElement(using: &g)!) }
            return .text(String(s))
        default: return .text(["1", "2.5", "-0", "1e5", " 7 ", "0x10", "true", "NaN"][Int.random(in: 0..<8, using: &g)])
        }
    }

    private func randomDatabase(seed: UInt64) throws -> Database {
        var g = SeededGenerator(seed: seed)
        let db = Database()
        for t in 0..<Int.random(in: 1...3, using: &g) {
            let tableName = ["t\(t)", "Table \(t)", "values\(t)"].randomElement(using: &g)!
            let columnCount = Int.random(in: 1...5, using: &g)
            var columns: [String] = []
            var pkDone = false
            for name in names.shuffled(using: &g).prefix(columnCount) {
                var def = SQLText.identifier(name) + " " + types.randomElement(using: &g)!
                if !pkDone && def.hasSuffix(" INTEGER") && Bool.random(using: &g) { def += " PRIMARY KEY"; pkDone = true }
                if Int.random(in: 0..<4, using: &g) == 0 {
                    // A text with control characters is an expression (replace(...), CAST(...)):
                    // DEFAULT takes it in parentheses.
                    let literal = SQLText.literal(randomValue(&g))
                    def += " DEFAULT " + (literal.hasSuffix(")") ? "(\(literal))" : literal)
                }
                if Int.random(in: 0..<6, using: &g) == 0 { def += " COLLATE NOCASE" }
                columns.append(def)
            }
            try db.execute("CREATE TABLE \(SQLText.identifier(tableName)) (\(columns.joined(separator: ", ")))")
            let placeholders = Array(repeating: "?", count: columnCount).joined(separator: ", ")
            for _ in 0..<Int.random(in: 0..<25, using: &g) {
                let values = (0..<columnCount).map { _ in randomValue(&g) }
                do {
                    try db.execute("INSERT OR IGNORE INTO \(SQLText.identifier(tableName)) VALUES (\(placeholders))", parameters: values)
                } catch let error as SQLError where error.kind == .mismatch {
                    // a non-integer for the INTEGER PRIMARY KEY: not a row
                }
            }
            if Bool.random(using: &g) {
                try db.execute("DELETE FROM \(SQLText.identifier(tableName)) WHERE rowid % 3 = 0")
            }
        }
        return db
    }

    func testRandomDatabasesRoundTrip() throws {
        for seed in UInt64(1)...60 {
            let db = try randomDatabase(seed: seed)
            let (_, loaded) = try roundTrip(db)
            for name in db.tableNames {
                let sql = "SELECT rowid, * FROM \(SQLText.identifier(name))"
                assertIdentical(try rows(loaded, sql), try rows(db, sql))
            }
        }
    }

    func testRandomRealsRoundTripExactly() throws {
        var g = SeededGenerator(seed: 42)
        var values: [Value] = []
        for _ in 0..<2000 {
            let d = Double(bitPattern: g.next())
            if !d.isNaN { values.append(.real(d)) }
        }
        let db = Database()
        try db.execute("CREATE TABLE r (x REAL)")
        for v in values { try db.execute("INSERT INTO r VALUES (?)", parameters: [v]) }
        let (_, loaded) = try roundTrip(db)
        assertIdentical(try rows(loaded, "SELECT x FROM r"), values.map { [$0] })
    }
}
