// The grammar of a run dump, read as data and never executed: header comments, then only the
// statements a recorder writes — `PRAGMA foreign_keys=OFF;`, `BEGIN TRANSACTION;`, the schema
// of its version verbatim, `INSERT INTO <recorded table> VALUES(<literals>);` and `COMMIT;` —
// where a literal is NULL, an integer, a real, a quoted string or X'hex'. Anything else (another
// statement, an expression, a second statement on a line) is refused with where it is.
import Engine
import Foundation

/// One row of a run dump: its table and literal values, in the order the dump gives them.
public struct RunDumpRow: Equatable, Sendable {
    public var table: String
    public var values: [Value]
}

/// A run dump's contents as data.
public struct ParsedRunDump: Equatable, Sendable {
    /// `-- schema-version: N` (1 when the header has none: the first recorder wrote none).
    public var version: Int
    /// `-- run: N` of the header, when present.
    public var headerRunId: Int64?
    public var rows: [RunDumpRow]
}

/// Parses run dumps byte by byte.
public enum RunDumpParser {
    /// Parses `text` under the grammar above; `source` names the run in errors.
    public static func parse(_ text: String, source: String) throws -> ParsedRunDump {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = Scanner(bytes: bytes, source: source)
            return try parser.dump()
        }
    }

    /// The statements a dump of `version` may carry besides its rows (its schema, verbatim).
    static func schemaStatements(version: Int) -> [String]? {
        switch version {
        case 1: return ResultsSchema.version1Statements
        case 2: return ResultsSchema.version2Statements
        case ResultsSchema.currentVersion: return ResultsSchema.statements
        default: return nil
        }
    }

    /// Tables whose rows a dump may carry: the recorded ones, and `test_files` in version 1
    /// (derived now: its rows are read and dropped).
    static func tables(version: Int) -> Set<String> {
        Set(ResultsSchema.recordedTables + (version == 1 ? ["test_files"] : []))
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let source: String
        var position = 0
        var line = 1

        init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
            self.bytes = bytes
            self.source = source
        }

        mutating func dump() throws -> ParsedRunDump {
            var result = ParsedRunDump(version: 1, headerRunId: nil, rows: [])
            try header(&result)
            guard let statements = schemaStatements(version: result.version) else {
                if result.version > ResultsSchema.currentVersion {
                    throw refuse("written with schema version \(result.version); this vibesql-git reads up to "
                        + "\(ResultsSchema.currentVersion) (upgrade it)")
                }
                throw refuse("unknown schema version \(result.version)")
            }
            let tables = tables(version: result.version)
            var began = false, committed = false
            while true {
                skipBlanks()
                guard position < bytes.count else { break }
                if committed { throw unexpected("after COMMIT") }
                if take("INSERT INTO ") {
                    let table = try name()
                    guard tables.contains(table) else { throw unexpected("rows of \(table) are not recorded") }
                    try expect(" VALUES(")
                    result.rows.append(RunDumpRow(table: table, values: try values()))
                    try expect(";")
                    try endOfLine()
                } else if take("PRAGMA foreign_keys=OFF;") {
                    try endOfLine()
                } else if take("BEGIN TRANSACTION;") {
                    if began { throw unexpected("a second BEGIN") }
                    began = true
                    try endOfLine()
                } else if take("COMMIT;") {
                    committed = true
                    try endOfLine()
                } else if let statement = statements.first(where: { matches($0) }) {
                    advance(over: statement)
                    try endOfLine()
                } else {
                    throw unexpected("not a recorded statement")
                }
            }
            return result
        }

        /// Leading `--` lines: the schema version and the run id.
        mutating func header(_ result: inout ParsedRunDump) throws {
            while take("--") {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    .trimmingSpaces()
                if position < bytes.count { position += 1; line += 1 }
                if let value = text.value(after: "schema-version:") {
                    guard let version = Int(value), version >= 1 else { throw refuse("unreadable schema-version line") }
                    result.version = version
                } else if let value = text.value(after: "run:") {
                    guard let id = Int64(value) else { throw refuse("unreadable run line in the header") }
                    result.headerRunId = id
                }
            }
        }

        /// Literals up to the closing parenthesis.
        mutating func values() throws -> [Value] {
            var values: [Value] = []
            values.reserveCapacity(28)
            while true {
                values.append(try literal())
                guard position < bytes.count else { throw unexpected("the row does not end") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: ")") { position += 1; return values }
                throw unexpected("not a literal value")
            }
        }

        mutating func literal() throws -> Value {
            guard position < bytes.count else { throw unexpected("a value is missing") }
            switch bytes[position] {
            case UInt8(ascii: "'"):
                return .text(try quoted())
            case UInt8(ascii: "N"):
                if take("NULL") { return .null }
            case UInt8(ascii: "X"):
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "'") { return try blob() }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try number()
            default:
                break
            }
            throw unexpected("not a literal value")
        }

        /// A string literal: bytes up to the closing quote, `''` for a quote. May span lines.
        mutating func quoted() throws -> String {
            position += 1
            let start = position
            var doubled = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "'") {
                    if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "'") {
                        doubled = true
                        position += 2
                        continue
                    }
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return doubled ? text.replacingOccurrences(of: "''", with: "'") : text
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                position += 1
            }
            throw refuse("a string literal does not end")
        }

        mutating func blob() throws -> Value {
            position += 2
            var bytesOut: [UInt8] = []
            var high: UInt8?
            while position < bytes.count, bytes[position] != UInt8(ascii: "'") {
                guard let digit = hexDigit(bytes[position]) else { throw unexpected("not a hex digit in a blob") }
                if let h = high { bytesOut.append(h << 4 | digit); high = nil } else { high = digit }
                position += 1
            }
            guard position < bytes.count, high == nil else { throw unexpected("a blob does not end") }
            position += 1
            return .blob(bytesOut)
        }

        /// An integer (Int64) or a real (digits with `.` or an exponent).
        mutating func number() throws -> Value {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            var isReal = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    position += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                            || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && isReal) {
                    isReal = true
                    position += 1
                } else {
                    break
                }
                if position - start > 40 { throw unexpected("a number of more than 40 characters") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if !isReal, let integer = Int64(text) { return .integer(integer) }
            if isReal, let real = Double(text) { return .real(real) }
            position = start
            throw unexpected("not a number")
        }

        /// A table name: letters, digits and `_`.
        mutating func name() throws -> String {
            let start = position
            while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
            guard position > start, position - start <= 64 else { throw unexpected("not a table name") }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }

        func hexDigit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            default: return nil
            }
        }

        /// Only blanks may follow a statement on its line: one statement per line.
        mutating func endOfLine() throws {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\r") {
                position += 1
            }
            guard position < bytes.count else { return }
            guard bytes[position] == UInt8(ascii: "\n") else { throw unexpected("a second statement on one line") }
            position += 1
            line += 1
        }

        mutating func skipBlanks() {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\n"): line += 1; position += 1
                case UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
                default: return
                }
            }
        }

        /// Consumes `literal` when the text continues with it.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
            for index in 0..<count where bytes[position + index] != expected[index] { return false }
            position += count
            return true
        }

        mutating func expect(_ literal: StaticString) throws {
            guard take(literal) else { throw unexpected("expected \(literal)") }
        }

        func matches(_ statement: String) -> Bool {
            var index = position
            for byte in statement.utf8 {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
            }
            return true
        }

        mutating func advance(over statement: String) {
            for byte in statement.utf8 {
                if byte == UInt8(ascii: "\n") { line += 1 }
                position += 1
            }
        }

        func refuse(_ message: String) -> RunDumpError {
            RunDumpError(source: source, message: "refused: " + message)
        }

        /// A refusal naming the line and showing the start of the offending text (escaped).
        func unexpected(_ what: String) -> RunDumpError {
            let end = min(bytes.count, position + 60)
            var excerpt = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
            if let newline = excerpt.firstIndex(of: "\n") { excerpt = String(excerpt[..<newline]) }
            return refuse("line \(line): \(what): \(TerminalText.escaped(excerpt, keepNewlines: false))")
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// The text after `key` when this line starts with it.
    func value(after key: String) -> String? {
        guard hasPrefix(key) else { return nil }
        return String(dropFirst(key.count)).trimmingSpaces()
    }
}
