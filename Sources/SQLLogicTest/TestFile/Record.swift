// The records of a .test file, as the parser reads them: conditions, a header, SQL and expected lines.

/// A `skipif <engine>` or `onlyif <engine>` line in front of a record.
public struct Condition: Sendable, Equatable {
    public enum Kind: String, Sendable { case skipif, onlyif }
    public var kind: Kind
    /// The engine name as written; compared case-insensitively.
    public var engine: String

    public init(_ kind: Kind, _ engine: String) {
        self.kind = kind
        self.engine = engine
    }

    /// True when this condition says the record must be skipped for `engineName`.
    public func skips(engineName: String) -> Bool {
        let matches = engine.lowercased() == engineName.lowercased()
        switch kind {
        case .skipif: return matches
        case .onlyif: return !matches
        }
    }
}

/// The type of one result column: how each of its values is rendered.
public enum ColumnType: Character, Sendable, Equatable {
    case integer = "I"
    case real = "R"
    case text = "T"
}

/// How a query's rendered values are ordered before comparison.
public enum SortMode: String, Sendable, Equatable {
    case nosort, rowsort, valuesort
}

/// A query record: `query <types> [<sort>] [<label>]`, SQL, `----`, expected block.
public struct Query: Sendable, Equatable {
    public var types: [ColumnType]
    public var sort: SortMode
    public var label: String?
    public var sql: String
    /// The lines after `----`: one rendered value per line, or the single line
    /// `<count> values hashing to <md5>` when the result is hashed.
    public var expected: [String]

    public init(types: [ColumnType], sort: SortMode = .nosort, label: String? = nil, sql: String, expected: [String]) {
        self.types = types
        self.sort = sort
        self.label = label
        self.sql = sql
        self.expected = expected
    }
}

/// One record of a file, after its conditions.
public enum RecordKind: Sendable, Equatable {
    /// `statement ok` (expectSuccess) or `statement error`; the SQL may hold several statements.
    case statement(sql: String, expectSuccess: Bool)
    case query(Query)
    case hashThreshold(Int)
    case halt
}

/// A record with the line its header is on and the conditions in front of it.
public struct Record: Sendable, Equatable {
    /// 1-based line of the header (`statement ok`, `query ...`, `halt`, ...).
    public var line: Int
    public var conditions: [Condition]
    public var kind: RecordKind

    public init(line: Int, conditions: [Condition] = [], kind: RecordKind) {
        self.line = line
        self.conditions = conditions
        self.kind = kind
    }

    /// True when any condition skips this record for `engineName`.
    public func isSkipped(engineName: String) -> Bool {
        conditions.contains { $0.skips(engineName: engineName) }
    }

    /// Statements and queries are judged and counted; `hash-threshold` and `halt` are directives.
    public var isJudged: Bool {
        switch kind {
        case .statement, .query: return true
        case .hashThreshold, .halt: return false
        }
    }

    /// The SQL of a statement or query record.
    public var sql: String? {
        switch kind {
        case .statement(let sql, _): return sql
        case .query(let q): return q.sql
        case .hashThreshold, .halt: return nil
        }
    }
}

/// A record the parser could not read; it is reported as a failure at its line and the file goes on.
public struct ParseIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    /// The record's SQL, when the header was readable far enough to find it.
    public var sql: String?
    /// The conditions in front of the broken record: a broken record that the engine skips is skipped.
    public var conditions: [Condition]

    public init(line: Int, message: String, sql: String? = nil, conditions: [Condition] = []) {
        self.line = line
        self.message = message
        self.sql = sql
        self.conditions = conditions
    }

    public var description: String { "line \(line): \(message)" }
}

/// One entry of a parsed file, in file order: a record, or a piece that could not be read.
public enum Entry: Sendable, Equatable {
    case record(Record)
    case malformed(ParseIssue)

    public var line: Int {
        switch self {
        case .record(let r): return r.line
        case .malformed(let m): return m.line
        }
    }
}

/// A parsed .test file.
public struct TestFile: Sendable, Equatable {
    public var path: String
    public var entries: [Entry]

    public init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    public var records: [Record] {
        entries.compactMap { if case .record(let r) = $0 { return r } else { return nil } }
    }

    public var issues: [ParseIssue] {
        entries.compactMap { if case .malformed(let m) = $0 { return m } else { return nil } }
    }
}
