// The results database: one VibeSQL database holding every loaded run, with `test_files`
// derived from the runs (never merged by hand). This is what queries, comparisons and the
// punchlist read.
import Engine
import Foundation

/// Which runs decide a file's current status in `test_files`.
public enum Perspective: Equatable, Sendable {
    /// Each file's status in the latest run (by completion time) that tested it.
    case latest
    /// As of a commit: each file's status in the run nearest along this first-parent history
    /// (commit ids, newest first) that tested it; files no such run tested are UNTESTED.
    case history([String])
}

/// A run dump to load, with where it comes from and what it must be.
public struct RunDumpInput: Sendable {
    /// Its path in the results ref (named in warnings).
    public var source: String
    public var text: String
    /// The run its path and trailers say it is; nil checks the dump against itself only.
    public var expected: ExpectedRun?
    public var sizeLimit: Int

    public init(source: String, text: String, expected: ExpectedRun? = nil, sizeLimit: Int = RunDumpReader.defaultSizeLimit) {
        self.source = source
        self.text = text
        self.expected = expected
        self.sizeLimit = sizeLimit
    }
}

/// A loaded results database.
public final class ResultsDatabase {
    public let database: Database
    /// Runs that could not be loaded, one message each (the rest are loaded).
    public private(set) var warnings: [String] = []
    public private(set) var runCount = 0
    private var inserts: [String: PreparedStatement] = [:]

    /// An empty results database with the current schema.
    public init() throws {
        database = Database()
        database.foreignKeysEnabled = false
        for statement in ResultsSchema.statements { try database.execute(statement) }
    }

    /// A results database restored from its engine dump (see `ResultsCache`).
    init(restoring dump: String, runCount: Int, warnings: [String], packed: Bool = true) throws {
        database = try Database.load(dump: dump, packed: packed)
        database.foreignKeysEnabled = false
        self.runCount = runCount
        self.warnings = warnings
    }

    /// Loads run dumps (any schema version) and derives `test_files`. A dump that cannot be
    /// read is skipped with a warning naming its source; nothing of it is kept.
    public convenience init(dumps: [(source: String, text: String)], perspective: Perspective = .latest) throws {
        try self.init(runs: dumps.map { RunDumpInput(source: $0.source, text: $0.text) }, perspective: perspective)
    }

    /// Loads run dumps, each checked against what it must be (`RunDumpInput.expected`), and
    /// derives `test_files`. A dump that is refused is skipped with a warning naming its source.
    public convenience init(runs: [RunDumpInput], perspective: Perspective = .latest) throws {
        try self.init()
        for run in runs {
            do {
                try add(run)
            } catch let error as RunDumpError {
                warnings.append("skipped \(error)")
            } catch {
                warnings.append("skipped \(run.source): \(error)")
            }
        }
        try deriveFiles(perspective)
        database.packStorage()
    }

    /// Adds one run dump, all or nothing. It is read as data (see `RunDumpReader`), never run.
    public func add(dump: String, source: String) throws {
        try add(RunDumpInput(source: source, text: dump))
    }

    /// Adds one run dump checked against what it must be, all or nothing; throws `RunDumpError`.
    public func add(_ run: RunDumpInput) throws {
        let checked = try RunDumpReader.read(run.text, source: run.source, expected: run.expected, sizeLimit: run.sizeLimit)
        try database.execute("BEGIN")
        do {
            for table in ResultsSchema.recordedTables {
                guard let rows = checked.rows[table], !rows.isEmpty else { continue }
                let insert = try insertStatement(table, columns: rows[0].count)
                for row in rows { _ = try insert.run(parameters: row) }
            }
            try database.execute("COMMIT")
        } catch {
            _ = try? database.execute("ROLLBACK")
            throw RunDumpError(source: run.source, message: "cannot load: \(error)")
        }
        runCount += 1
    }

    /// One prepared INSERT per recorded table, parsed once.
    private func insertStatement(_ table: String, columns: Int) throws -> PreparedStatement {
        if let prepared = inserts[table] { return prepared }
        let sql = "INSERT INTO \(table) VALUES (" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        guard let prepared = try database.prepare(sql) else {
            throw RunDumpError(source: table, message: "cannot prepare \(sql)")
        }
        inserts[table] = prepared
        return prepared
    }

    /// Notes a problem with a run that was not loaded.
    func warn(_ warning: String) { warnings.append(warning) }

    /// Rebuilds `test_files` from the loaded runs.
    public func deriveFiles(_ perspective: Perspective) throws {
        database.foreignKeysEnabled = false
        try database.execute("DELETE FROM test_files")
        let rows = try database.execute("""
            SELECT r.file_path, r.status, r.tested_at, r.run_id, t.git_commit, t.completed_at
            FROM test_results r JOIN test_runs t ON t.run_id = r.run_id
            ORDER BY t.completed_at, r.run_id
            """).rows
        let rank: [String: Int]
        if case .history(let commits) = perspective {
            rank = Dictionary(commits.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        } else {
            rank = [:]
        }
        struct Current { var status = "UNTESTED"; var lastTested: String?; var lastPassed: String?; var runId: Int64?; var rank = Int.max }
        var files: [String: Current] = [:]
        for row in rows {
            guard let path = row[0].stringValue, let status = row[1].stringValue else { continue }
            var current = files[path] ?? Current()
            let commitRank: Int
            switch perspective {
            case .latest: commitRank = 0
            case .history: commitRank = row[4].stringValue.flatMap { rank[$0] } ?? Int.max
            }
            defer { files[path] = current }
            guard commitRank != Int.max else { continue }
            // Rows come oldest first: a later row at the same or a nearer commit wins.
            if commitRank <= current.rank {
                current.status = status
                current.runId = row[3].intValue.map(Int64.init)
                current.rank = commitRank
                current.lastTested = row[2].stringValue
            }
            if status == "PASS", let at = row[2].stringValue, current.lastPassed.map({ $0 < at }) ?? true {
                current.lastPassed = at
            }
        }
        for (path, current) in files.sorted(by: { $0.key < $1.key }) {
            let (category, subcategory) = PathCategory.of(path)
            try database.execute("INSERT INTO test_files VALUES (?, ?, ?, ?, ?, ?, ?)", parameters: [
                .text(path), .text(category), .text(subcategory), .text(current.status),
                .text(current.lastTested), .text(current.lastPassed), current.runId.map(Value.integer) ?? .null,
            ])
        }
        database.foreignKeysEnabled = true
    }

    /// Runs SQL on the results database.
    @discardableResult
    public func query(_ sql: String, parameters: [Value] = []) throws -> QueryResult {
        try database.execute(sql, parameters: parameters)
    }

    /// The whole results database as one SQL dump, written by the engine's dump writer
    /// (deterministic; `Database.load(dump:)` reads it back), after a header naming the
    /// schema version.
    public func dump() throws -> String {
        "-- VibeSQL results database (\(runCount) runs)\n-- schema-version: \(ResultsSchema.currentVersion)\n"
            + database.dump()
    }
}
