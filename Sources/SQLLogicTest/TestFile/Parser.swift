// Reads a .test file into records, line for line as SQLite's reference runner reads it.
import Foundation

/// Parses the SQLLogicTest format. Never throws on bad content: a record it cannot read becomes a
/// `ParseIssue` at its line, and parsing goes on with the next record.
public enum TestFileParser {
    /// Reads and parses the file at `path`. Throws only when the file cannot be read.
    public static func parse(contentsOf path: String) throws -> TestFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunnerError.unreadable(path: path)
        }
        return parse(bytes: [UInt8](data), path: path)
    }

    /// Parses the text of a file; `path` is only used in messages.
    public static func parse(_ text: String, path: String = "<memory>") -> TestFile {
        parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses the bytes of a file.
    public static func parse(bytes: [UInt8], path: String) -> TestFile {
        var reader = LineReader(bytes: bytes)
        var entries: [Entry] = []
        while true {
            // Records are separated by one or more blank lines.
            while let line = reader.peek(), line.text.isEmpty { reader.advance() }
            guard let first = reader.peek() else { break }

            var conditions: [Condition] = []
            var current = first
            var broken: ParseIssue?
            while true {
                let tokens = tokenize(current.text)
                guard let keyword = tokens.first, keyword == "skipif" || keyword == "onlyif" else { break }
                if tokens.count < 2 {
                    broken = ParseIssue(line: current.number, message: "'\(keyword)' needs an engine name")
                    break
                }
                conditions.append(Condition(keyword == "skipif" ? .skipif : .onlyif, tokens[1]))
                reader.advance()
                guard let next = reader.peek(), !next.text.isEmpty else {
                    broken = ParseIssue(line: current.number, message: "condition without a record after it",
                                        conditions: conditions)
                    break
                }
                current = next
            }
            if var issue = broken {
                issue.conditions = conditions
                entries.append(.malformed(issue))
                reader.skipRecord()
                continue
            }

            reader.advance()  // past the header
            switch parseRecord(header: current, conditions: conditions, reader: &reader) {
            case .success(let record): entries.append(.record(record))
            case .failure(let issue): entries.append(.malformed(issue))
            }
            reader.skipRecord()
        }
        return TestFile(path: path, entries: entries)
    }

    private static func parseRecord(header: Line, conditions: [Condition],
                                    reader: inout LineReader) -> Result<Record, ParseIssue> {
        let tokens = tokenize(header.text)
        let line = header.number
        func issue(_ message: String, sql: String? = nil) -> Result<Record, ParseIssue> {
            .failure(ParseIssue(line: line, message: message, sql: sql, conditions: conditions))
        }
        switch tokens[0] {
        case "statement":
            let sql = reader.readBlock(stopAtDashes: false).sql
            guard tokens.count >= 2, tokens[1] == "ok" || tokens[1] == "error" else {
                return issue("'statement' must be followed by 'ok' or 'error'", sql: sql)
            }
            if sql.isEmpty { return issue("statement without SQL") }
            return .success(Record(line: line, conditions: conditions,
                                   kind: .statement(sql: sql, expectSuccess: tokens[1] == "ok")))

        case "query":
            let (sql, sawDashes) = reader.readBlock(stopAtDashes: true)
            guard tokens.count >= 2 else { return issue("'query' needs a type string", sql: sql) }
            var types: [ColumnType] = []
            for c in tokens[1] {
                guard let t = ColumnType(rawValue: c) else {
                    return issue("bad type string '\(tokens[1])': '\(c)' is not I, R or T", sql: sql)
                }
                types.append(t)
            }
            var sort = SortMode.nosort
            if tokens.count >= 3 {
                guard let s = SortMode(rawValue: tokens[2]) else {
                    return issue("unknown sort mode '\(tokens[2])' (nosort, rowsort or valuesort)", sql: sql)
                }
                sort = s
            }
            let label = tokens.count >= 4 ? tokens[3] : nil
            if sql.isEmpty { return issue("query without SQL") }
            guard sawDashes else { return issue("query without '----' before its expected results", sql: sql) }
            var expected: [String] = []
            while let l = reader.peek(), !l.text.isEmpty {
                expected.append(l.text)
                reader.advance()
            }
            return .success(Record(line: line, conditions: conditions,
                                   kind: .query(Query(types: types, sort: sort, label: label, sql: sql,
                                                      expected: expected))))

        case "hash-threshold":
            guard tokens.count >= 2, let n = Int(tokens[1]), n >= 0 else {
                return issue("'hash-threshold' needs a number of values")
            }
            return .success(Record(line: line, conditions: conditions, kind: .hashThreshold(n)))

        case "halt":
            return .success(Record(line: line, conditions: conditions, kind: .halt))

        default:
            return issue("unknown record type '\(tokens[0])'")
        }
    }

    /// Splits a header line on whitespace.
    static func tokenize(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

/// One line of a file: its 1-based number and its text without trailing whitespace.
struct Line {
    var number: Int
    var text: String
}

/// Walks a file's lines as the reference runner does: trailing whitespace (including the `\r` of
/// CRLF files) is dropped, and lines starting with `#` are comments wherever they appear.
struct LineReader {
    private let bytes: [UInt8]
    private var offset = 0
    private var lineNumber = 0
    private var pending: Line?

    init(bytes: [UInt8]) {
        self.bytes = bytes
        pending = nil
        pending = readLine()
    }

    /// The next non-comment line, or nil at end of file.
    func peek() -> Line? { pending }

    mutating func advance() { pending = readLine() }

    /// Skips to the blank line (or end of file) that ends the current record.
    mutating func skipRecord() {
        while let l = pending, !l.text.isEmpty { advance() }
    }

    /// Reads SQL lines up to a blank line, or up to and including `----` when `stopAtDashes`.
    mutating func readBlock(stopAtDashes: Bool) -> (sql: String, sawDashes: Bool) {
        var lines: [String] = []
        while let l = pending, !l.text.isEmpty {
            advance()
            if stopAtDashes && l.text == "----" { return (lines.joined(separator: "\n"), true) }
            lines.append(l.text)
        }
        return (lines.joined(separator: "\n"), false)
    }

    private mutating func readLine() -> Line? {
        while offset < bytes.count {
            let start = offset
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            offset = end + 1
            lineNumber += 1
            var last = end
            while last > start && isSpace(bytes[last - 1]) { last -= 1 }
            if last > start && bytes[start] == UInt8(ascii: "#") { continue }
            return Line(number: lineNumber, text: String(decoding: bytes[start..<last], as: UTF8.self))
        }
        return nil
    }

    private func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}
