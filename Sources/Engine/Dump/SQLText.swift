// SQL text for names and values, written so that the engine reads back exactly what was written.

/// Renders identifiers and values as SQL source. Every rendering round-trips through the lexer
/// and parser to the same name or the same value (same storage class, same bits).
public enum SQLText {
    /// Words that cannot stand as a bare name: SQLite's keywords plus VibeSQL's own.
    static let keywords: Set<String> = [
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
        "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
        "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
        "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC",
        "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE",
        "EXISTS", "EXPLAIN", "FAIL", "FALSE", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
        "GENERATED", "GLOB", "GRANT", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX",
        "INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY",
        "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL",
        "NULL", "NULLS", "OF", "OFFSET", "ON", "OPTION", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION",
        "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "PRIVILEGES", "QUERY", "RAISE", "RANGE", "RECURSIVE",
        "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "REVOKE",
        "RIGHT", "ROLE", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SCHEMA", "SELECT", "SET", "START", "TABLE",
        "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "TRUE", "UNBOUNDED", "UNION",
        "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH",
        "WITHOUT",
    ]

    /// A name as SQL: bare when it is a plain ASCII word that is not a keyword, else in double
    /// quotes with inner quotes doubled.
    public static func identifier(_ name: String) -> String {
        if isPlainWord(name) && !keywords.contains(asciiUppercased(name)) { return name }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func isPlainWord(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return name.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// A value as a SQL literal expression that evaluates back to the same value. Text that is
    /// not valid UTF-8 is `CAST(X'..' AS TEXT)` of its bytes: sqlite3's `.dump` writes the bytes
    /// raw inside quotes, which a reader of UTF-8 (a text editor, a Swift string) would change.
    public static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return real(d)
        case .text(let s): return text(s)
        case .invalidText(let bytes): return "CAST(" + blob(bytes) + " AS TEXT)"
        case .blob(let bytes): return blob(bytes)
        }
    }

    /// The shortest decimal that reads back as the same double (Swift's `description` is the
    /// shortest round-trip form). Infinities overflow the parser on purpose: 1e999 reads as inf.
    /// It always carries a "." or an exponent, so it reads back as a REAL, never an INTEGER.
    public static func real(_ d: Double) -> String {
        if d.isNaN { return "NULL" }  // SQLite stores NaN as NULL
        if d.isInfinite { return d < 0 ? "-1e999" : "1e999" }
        return d.description
    }

    /// A quoted string with quotes doubled, written as sqlite3's `.dump` writes it where that
    /// reads back exactly: a string whose only control characters are tabs, newlines and carriage
    /// returns is quoted, its newlines and returns spelled as an escape no other part of it
    /// contains and put back by `replace(..., char(10))`, so a dump keeps one statement per line
    /// and survives newline conversion. A string with any other control character (sqlite3
    /// writes those raw and cuts a string at NUL) is `CAST(X'..' AS TEXT)` of its UTF-8 bytes.
    /// Each form is an expression of fixed depth, whatever the string's length.
    public static func text(_ s: String) -> String {
        var newlines = false
        var returns = false
        for byte in s.utf8 {
            switch byte {
            case 0x0A: newlines = true
            case 0x0D: returns = true
            case 0x09: continue
            case 0x00..<0x20, 0x7F: return "CAST(" + blob(Array(s.utf8)) + " AS TEXT)"
            default: continue
            }
        }
        if !newlines && !returns { return quoted(s) }
        let newline = newlines ? unusedEscape(in: s, "\\n", "\\012") : ""
        let carriageReturn = returns ? unusedEscape(in: s, "\\r", "\\015") : ""
        var body = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\n": body.append(contentsOf: newline.unicodeScalars)
            case "\r": body.append(contentsOf: carriageReturn.unicodeScalars)
            default: body.append(scalar)
            }
        }
        var out = (newlines ? "replace(" : "") + (returns ? "replace(" : "") + quoted(String(body))
        if returns { out += ",'\(carriageReturn)',char(13))" }
        if newlines { out += ",'\(newline)',char(10))" }
        return out
    }

    /// The first of `first`, `second`, `(first0)`, `(first1)`, ... that `s` does not contain (as
    /// bytes), as sqlite3's shell picks it.
    private static func unusedEscape(in s: String, _ first: String, _ second: String) -> String {
        let bytes = Array(s.utf8)
        if !contains(bytes, first) { return first }
        if !contains(bytes, second) { return second }
        var n = 0
        while contains(bytes, "(\(first)\(n))") { n += 1 }
        return "(\(first)\(n))"
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return pattern.isEmpty }
        for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }

    private static func quoted(_ s: String) -> String {
        "'" + s.replacingAll("'", with: "''") + "'"
    }

    /// X'..' with two lowercase hex digits per byte.
    public static func blob(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "X"), UInt8(ascii: "'")]
        out.reserveCapacity(bytes.count * 2 + 3)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation. Works on scalars, not
    /// Characters: a quote followed by a combining mark is one Character but still a quote.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(target) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}
