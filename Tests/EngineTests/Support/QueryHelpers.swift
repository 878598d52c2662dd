// Test support: run SQL on a fresh database and read the answer as text, sqlite3-style.
import XCTest
@testable import Engine

/// The rows of the last statement, each row's values joined with "|" as `sqlite3` prints them.
func answer(_ sql: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    let db = Database()
    do {
        return try db.execute(sql).rows.map { $0.map(cliText).joined(separator: "|") }
    } catch {
        XCTFail("\(sql): \(error)", file: file, line: line)
        return []
    }
}

/// A value as the sqlite3 shell prints it: NULL as empty text.
func cliText(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .blob(let b): return String(decoding: b, as: UTF8.self)
    default: return v.textForm ?? ""
    }
}

/// The error a statement raises, or a failure when it succeeds.
func failure(_ sql: String, file: StaticString = #filePath, line: UInt = #line) -> SQLError? {
    let db = Database()
    do {
        _ = try db.execute(sql)
        XCTFail("expected an error from: \(sql)", file: file, line: line)
        return nil
    } catch let e as SQLError {
        return e
    } catch {
        XCTFail("unexpected error type \(error)", file: file, line: line)
        return nil
    }
}
