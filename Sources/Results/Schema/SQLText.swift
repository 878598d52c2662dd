// SQL text for values and rows: what run dumps and the results dump are made of. Output is
// deterministic (same values, same bytes) and loads unchanged in VibeSQL and in sqlite3.
import Engine

/// Writes values as SQL literals and rows as INSERT statements.
public enum SQLText {
    /// A value as a SQL literal: NULL, an integer, a real that reads back to the same double,
    /// a quoted string ('' doubles quotes), or a blob as X'..'.
    public static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d):
            if d.isNaN { return "NULL" }
            if d.isInfinite { return d > 0 ? "1e999" : "-1e999" }
            // Swift's description is the shortest text that reads back to the same double.
            let text = "\(d)"
            return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
        case .text(let s): return quoted(s)
        case .invalidText(let bytes): return "CAST(\(blob(bytes)) AS TEXT)"
        case .blob(let bytes): return blob(bytes)
        }
    }

    /// X'..' of `bytes`.
    private static func blob(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var hex = ""
        hex.reserveCapacity(bytes.count * 2)
        for b in bytes { hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 15)]) }
        return "X'\(hex)'"
    }

    /// A string literal. NUL characters, which no SQL text can hold, become U+FFFD.
    public static func quoted(_ s: String) -> String {
        var out = "'"
        out.reserveCapacity(s.utf8.count + 2)
        for ch in s.unicodeScalars {
            switch ch {
            case "'": out += "''"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "'"
    }

    /// `INSERT INTO table VALUES(...);`
    public static func insert(into table: String, _ row: [Value]) -> String {
        "INSERT INTO \(table) VALUES(" + row.map(literal).joined(separator: ",") + ");"
    }

    /// Every row of `table`, ordered by its first column (the primary key), as INSERTs.
    static func inserts(of table: String, in database: Database) throws -> [String] {
        let result = try database.execute("SELECT * FROM \(table) ORDER BY 1")
        return result.rows.map { insert(into: table, $0) }
    }
}

extension Value {
    /// `.text` or NULL.
    static func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
    /// `.integer` or NULL.
    static func int(_ i: Int?) -> Value { i.map { .integer(Int64($0)) } ?? .null }

    /// The text of a value, nil for NULL (numbers as text).
    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .invalidText(let b), .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// The integer of a value, nil for NULL, non-numbers and reals out of range (never a trap).
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(i)
        case .real(let d): return Int(exactly: d.rounded(.towardZero))
        case .text(let s): return Int(s)
        default: return nil
        }
    }
}
