// Reads run dumps of every schema version as data: `RunDumpParser` takes the text apart, then
// every row is checked against the schema of its version (column count, types, NOT NULL, the
// statuses a file can have) and against the run it must be (the run id and commit the dump's
// path names, what its results commit's trailers say). An older version's rows are migrated to
// the current columns by name. Nothing of a dump is ever executed.
import Engine
import Foundation

/// Why a run dump could not be read.
public struct RunDumpError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where the dump came from (its path in the results ref, or a file).
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }
}

/// What a run dump must be, from outside it: its path in the results ref and the trailers of the
/// results commits that recorded it.
public struct ExpectedRun: Equatable, Sendable {
    /// The run id its file is named for.
    public var runId: Int64
    /// The commit its folder is named for.
    public var sourceCommit: String?
    /// (passed, total) of each results commit recording it; nil when not known to the caller,
    /// empty when no results commit records it.
    public var trailers: [RunTrailerCounts]?

    public init(runId: Int64, sourceCommit: String?, trailers: [RunTrailerCounts]? = nil) {
        self.runId = runId
        self.sourceCommit = sourceCommit
        self.trailers = trailers
    }

    /// What a run's path in the results ref (`runs/ab/<commit>/<run id>.sql`, or a
    /// `.conflict-<blob>.sql` kept beside it by a merge) says it is; nil for another layout.
    public static func from(path: String) -> ExpectedRun? {
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[0] == "runs", parts[3].hasSuffix(".sql") else { return nil }
        var name = parts[3].dropLast(4)
        if let conflict = name.range(of: ".conflict-") { name = name[..<conflict.lowerBound] }
        guard let runId = Int64(name) else { return nil }
        return ExpectedRun(runId: runId, sourceCommit: String(parts[2]))
    }
}

/// The counts a results commit's trailers give for its run.
public struct RunTrailerCounts: Equatable, Sendable {
    public var passed: Int
    public var total: Int

    public init(passed: Int, total: Int) {
        self.passed = passed
        self.total = total
    }
}

/// A run dump read and checked: rows for the current schema's recorded tables.
public struct CheckedRun: Sendable {
    public var runId: Int64
    /// Rows by table, in the current schema's column order.
    public var rows: [String: [[Value]]]
}

/// Reads run dumps.
public enum RunDumpReader {
    /// The largest run dump read (a corpus run with every record failing stays well below).
    public static let defaultSizeLimit = 32 << 20

    /// The schema version a dump names (`-- schema-version: N` in its leading comments);
    /// a dump without one predates versioning and is version 1.
    public static func version(of dump: String) -> Int {
        for line in dump.split(separator: "\n", maxSplits: 8, omittingEmptySubsequences: true).prefix(8) {
            guard line.hasPrefix("--") else { break }
            if let range = line.range(of: "schema-version:") {
                return Int(line[range.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
            }
        }
        return 1
    }

    /// Reads a run dump as data and checks every row; throws a `RunDumpError` naming `source`
    /// for anything a recorder would not have written.
    public static func read(_ dump: String, source: String, expected: ExpectedRun? = nil,
                            sizeLimit: Int = defaultSizeLimit) throws -> CheckedRun {
        guard dump.utf8.count <= sizeLimit else {
            throw RunDumpError(source: source, message: "refused: \(dump.utf8.count) bytes, over the limit of \(sizeLimit)")
        }
        let parsed = try RunDumpParser.parse(dump, source: source)
        func refuse(_ message: String) -> RunDumpError { RunDumpError(source: source, message: "refused: " + message) }
        let runRows = parsed.rows.filter { $0.table == "test_runs" }
        guard runRows.count == 1, let runRow = runRows.first else {
            throw refuse("\(runRows.count) test_runs rows (a run dump has one)")
        }
        guard case .integer(let runId) = runRow.values.first ?? .null else { throw refuse("test_runs.run_id is not an integer") }
        if let header = parsed.headerRunId, header != runId {
            throw refuse("the header names run \(header), its test_runs row run \(runId)")
        }
        if let expected {
            guard expected.runId == runId else { throw refuse("the file is named for run \(expected.runId), its rows are run \(runId)") }
        }
        var rows: [String: [[Value]]] = [:]
        for row in parsed.rows where row.table != "test_files" {
            guard let from = RecordedColumns.of(row.table, version: parsed.version),
                  let to = RecordedColumns.of(row.table, version: ResultsSchema.currentVersion) else {
                throw refuse("rows of \(row.table) are not recorded")
            }
            guard row.values.count == from.count else {
                throw refuse("a \(row.table) row has \(row.values.count) values; schema version \(parsed.version) has \(from.count) columns")
            }
            for (value, column) in zip(row.values, from.columns) {
                if let problem = column.problem(with: value) { throw refuse("\(row.table).\(column.name) \(problem)") }
            }
            guard case .integer(let owner) = row.values[from.runIdIndex], owner == runId else {
                throw refuse("a \(row.table) row belongs to run \(TerminalText.escaped(SQLText.literal(row.values[from.runIdIndex]), keepNewlines: false)), not to run \(runId)")
            }
            rows[row.table, default: []].append(parsed.version == ResultsSchema.currentVersion
                                                ? row.values : from.migrate(row.values, to: to, version: parsed.version))
        }
        let run = rows["test_runs"]?.first ?? []
        if let expected {
            let commit = run.count > 7 ? run[7] : .null
            if let sourceCommit = expected.sourceCommit, commit != .text(sourceCommit) {
                throw refuse("the file is under commit \(sourceCommit.prefix(12)), its run records \(TerminalText.escaped(SQLText.literal(commit), keepNewlines: false))")
            }
            if let trailers = expected.trailers {
                guard !trailers.isEmpty else { throw refuse("no results commit records it (no Source-Commit and Run-Id trailers)") }
                let counts = RunTrailerCounts(passed: run[4].intValue ?? -1, total: run[3].intValue ?? -1)
                guard trailers.contains(counts) else {
                    throw refuse("its commit's trailers say \(trailers[0].passed)/\(trailers[0].total) files passed, "
                        + "the dump \(counts.passed)/\(counts.total)")
                }
            }
        }
        return CheckedRun(runId: runId, rows: rows)
    }
}

/// The columns of a recorded table in one schema version, read from that version's own
/// CREATE TABLE text (trusted: it is this library's).
struct RecordedColumns {
    struct Column {
        enum Kind { case integer, text }
        var name: String
        var kind: Kind
        var notNull: Bool
        /// The only values allowed, when the schema lists them (a CHECK ... IN).
        var allowed: Set<String>?

        /// Why `value` cannot be in this column, nil when it can.
        func problem(with value: Value) -> String? {
            switch value {
            case .null: return notNull ? "is NULL" : nil
            case .integer: return kind == .integer ? nil : "is an integer, not text"
            case .text(let text):
                guard kind == .text else { return "is text, not an integer" }
                if let allowed, !allowed.contains(text) { return "is not one of \(allowed.sorted().joined(separator: ", "))" }
                return nil
            case .real: return "is a real"
            case .invalidText: return "is text that is not UTF-8"
            case .blob: return "is a blob"
            }
        }
    }

    var columns: [Column]
    var count: Int { columns.count }
    var runIdIndex: Int { columns.firstIndex { $0.name == "run_id" } ?? 0 }

    /// The row in another version's columns, matched by name; columns it lacks are NULL, and
    /// `schema_version` says which version the run was written with.
    func migrate(_ row: [Value], to target: RecordedColumns, version: Int) -> [Value] {
        var byName: [String: Value] = [:]
        for (column, value) in zip(columns, row) { byName[column.name] = value }
        byName["schema_version"] = .integer(Int64(version))
        return target.columns.map { byName[$0.name] ?? .null }
    }

    static func of(_ table: String, version: Int) -> RecordedColumns? {
        cache[version]?[table]
    }

    static let cache: [Int: [String: RecordedColumns]] = {
        var result: [Int: [String: RecordedColumns]] = [:]
        for version in 1...ResultsSchema.currentVersion {
            guard let statements = RunDumpParser.schemaStatements(version: version) else { continue }
            for statement in statements where statement.hasPrefix("CREATE TABLE ") {
                let name = statement.dropFirst("CREATE TABLE ".count).prefix { $0 != " " && $0 != "(" }
                result[version, default: [:]][String(name)] = RecordedColumns(columns: parse(statement))
            }
        }
        return result
    }()

    /// One column per line of our own CREATE TABLE text: `name TYPE [NOT NULL] ...`.
    static func parse(_ statement: String) -> [Column] {
        statement.split(separator: "\n").dropFirst().compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 2, let first = words.first, first.first?.isLowercase == true else { return nil }
            let type = words[1].uppercased()
            let isInteger = type.hasPrefix("INTEGER") || type.hasPrefix("BOOLEAN")
            var allowed: Set<String>?
            if let check = line.range(of: "CHECK ("), let open = line[check.upperBound...].range(of: "IN ("),
               let close = line[open.upperBound...].firstIndex(of: ")") {
                allowed = Set(line[open.upperBound..<close].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
                })
            }
            return Column(name: String(first), kind: isInteger ? .integer : .text, notNull: line.contains("NOT NULL"),
                          allowed: allowed)
        }
    }
}
