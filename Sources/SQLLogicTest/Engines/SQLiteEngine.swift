// Adapter for SQLite through libsqlite3: the reference the corpus was written against.
import CSQLite
import Engine

/// Drives an in-memory SQLite database. Rows are read as their storage class, so the runner
/// renders SQLite's values with the same code that renders VibeSQL's.
public final class SQLiteEngine: SQLEngine {
    private var db: OpaquePointer?

    public init() throws {
        var handle: OpaquePointer?
        let rc = sqlite3_open(":memory:", &handle)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw RunnerError.engine("cannot open SQLite in-memory database: \(message)")
        }
        db = handle
    }

    deinit { sqlite3_close(db) }

    /// The version of the linked library, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    public func executeStatements(_ sql: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &error)
        if rc == SQLITE_OK { return nil }
        defer { sqlite3_free(error) }
        return error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
    }

    public func query(_ sql: String) -> QueryOutcome {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard rc == SQLITE_OK else {
            sqlite3_finalize(statement)
            return .prepareFailed(String(cString: sqlite3_errmsg(db)))
        }
        guard let statement else { return .ran(columnCount: 0, rows: [], error: nil) }
        defer { sqlite3_finalize(statement) }
        let columns = Int(sqlite3_column_count(statement))
        var rows: [[Value]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                return .ran(columnCount: columns, rows: rows, error: String(cString: sqlite3_errmsg(db)))
            }
            var row: [Value] = []
            row.reserveCapacity(columns)
            for i in 0..<Int32(columns) { row.append(value(statement, i)) }
            rows.append(row)
        }
        return .ran(columnCount: columns, rows: rows, error: nil)
    }

    private func value(_ statement: OpaquePointer, _ i: Int32) -> Value {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(statement, i) else { return .text("") }
            let n = Int(sqlite3_column_bytes(statement, i))
            return Value.text(bytes: UnsafeBufferPointer(start: p, count: n))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(statement, i))
            guard n > 0, let p = sqlite3_column_blob(statement, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
