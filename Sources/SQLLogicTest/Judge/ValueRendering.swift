// Renders result values to the strings the corpus expects, column type by column type.
import Engine

/// Turns values into result lines exactly as the reference runner does with sqlite3_column_*.
public enum ValueRendering {
    /// One value rendered for a column of type `type`. NULL is `NULL` whatever the type.
    public static func render(_ value: Value, as type: ColumnType) -> String {
        if case .null = value { return "NULL" }
        switch type {
        case .integer: return String(Int32(truncatingIfNeeded: integerValue(value)))
        case .real: return SQLiteNumberText.fixed3(realValue(value))
        case .text: return text(value)
        }
    }

    /// sqlite3_column_int64: integers as they are, reals truncated toward zero and clamped,
    /// text and blobs read as their integer prefix. `I` then keeps the low 32 bits.
    static func integerValue(_ value: Value) -> Int64 {
        switch value {
        case .null: return 0
        case .integer(let i): return i
        case .real(let d):
            // matches sqlite3's doubleToInt64: out-of-range reals clamp to the 64-bit limits.
            if d.isNaN { return 0 }
            if d <= -9223372036854775808.0 { return Int64.min }
            if d >= 9223372036854775807.0 { return Int64.max }
            return Int64(d)
        case .text(let s): return SQLiteNumberText.integerPrefix(s.utf8)
        case .invalidText(let b), .blob(let b): return SQLiteNumberText.integerPrefix(b)
        }
    }

    /// sqlite3_column_double: integers widened, text and blobs read as their numeric prefix.
    static func realValue(_ value: Value) -> Double {
        switch value {
        case .null: return 0
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return SQLiteNumberText.realPrefix(s.utf8)
        case .invalidText(let b), .blob(let b): return SQLiteNumberText.realPrefix(b)
        }
    }

    /// sqlite3_column_text as the reference runner prints it: read as a C string (so it ends at
    /// the first NUL byte), `(empty)` when empty, every byte outside 0x20...0x7E shown as `@`.
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return SQLiteNumberText.generic15(d)
        case .text(let s): return printable(s.utf8)
        case .invalidText(let b), .blob(let b): return printable(b)
        }
    }

    private static func printable<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b == 0 { break }
            out.append(b < 0x20 || b > 0x7E ? UInt8(ascii: "@") : b)
        }
        return out.isEmpty ? "(empty)" : String(decoding: out, as: UTF8.self)
    }
}
