// Stable keys for records: the file, a hash of the record's normalised SQL, and its
// occurrence among records of the file with the same SQL. Line numbers are not part of the
// key, so a record keeps its key when lines are inserted above it.
import SQLLogicTest

/// Builds record keys: `<file>#<16 hex digits of MD5(normalised SQL)>.<occurrence>`.
public enum RecordKey {
    /// Whitespace runs become one space; leading/trailing space and a final `;` are dropped.
    public static func normalise(_ sql: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in sql.unicodeScalars {
            if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(ch)
        }
        while out.hasSuffix(";") || out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The hash part of a key.
    public static func hash(_ sql: String) -> String {
        String(MD5.hex(normalise(sql)).prefix(16))
    }

    public static func make(file: String, sql: String, occurrence: Int) -> String {
        "\(file)#\(hash(sql)).\(occurrence)"
    }

    /// Keys for a file's failures. Occurrences count every record of the file with the same
    /// SQL (read from `records`, the file's records as (line, sql) in order); a failure whose
    /// line is not among them counts among the failures alone.
    public static func keys(file: String, failures: [RecordFailure], records: [(line: Int, sql: String)]?) -> [String] {
        var atLine: [Int: (hash: String, occurrence: Int)] = [:]
        var seen: [String: Int] = [:]
        for record in records ?? [] {
            let h = hash(record.sql)
            seen[h, default: 0] += 1
            atLine[record.line] = (h, seen[h] ?? 1)
        }
        var fallback: [String: Int] = [:]
        return failures.map { failure in
            let h = hash(failure.sql)
            if let known = atLine[failure.line], known.hash == h { return "\(file)#\(h).\(known.occurrence)" }
            fallback[h, default: 0] += 1
            return "\(file)#\(h).\(fallback[h] ?? 1)"
        }
    }

    /// The (line, sql) of every judged record of a parsed file, for `keys`.
    public static func records(of file: TestFile) -> [(line: Int, sql: String)] {
        file.entries.compactMap { entry in
            switch entry {
            case .record(let r): return r.sql.map { (r.line, $0) }
            case .malformed(let m): return m.sql.map { (m.line, $0) }
            }
        }
    }
}

/// An error message with its literals stripped, so failures group by what went wrong rather
/// than by which value: quoted strings become '?', numbers become N.
public enum ErrorPattern {
    public static func of(_ message: String) -> String {
        var out = ""
        var chars = Array(message.unicodeScalars)[...]
        var previousIsWord = false
        while let ch = chars.first {
            if ch == "'" || ch == "\"" {
                chars = chars.dropFirst()
                while let c = chars.first, c != ch { chars = chars.dropFirst() }
                chars = chars.dropFirst()
                out += ch == "'" ? "'?'" : "\"?\""
                previousIsWord = false
                continue
            }
            if ch.properties.numericType != nil && ch.isASCII && !previousIsWord {
                while let c = chars.first, c.isASCII, c.properties.numericType != nil || c == "." { chars = chars.dropFirst() }
                out += "N"
                previousIsWord = false
                continue
            }
            previousIsWord = ch.isASCII && (ch.properties.isAlphabetic || ch == "_")
                || (previousIsWord && ch.properties.numericType != nil)
            out.unicodeScalars.append(ch)
            chars = chars.dropFirst()
        }
        return out
    }
}
