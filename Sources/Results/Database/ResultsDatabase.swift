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

/// A loaded results database.
public final class ResultsDatabase {
    public let database: Database
    /// Runs that could not be loaded, one message each (the rest are loaded).
    public private(set) var warnings: [String] = []
    public private(set) var runCount = 0

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
        try self.init()
        for dump in dumps {
            do {
                try add(dump: dump.text, source: dump.source)
            } catch {
                warnings.append("skipped \(error)")
            }
        }
        try deriveFiles(perspective)
        database.packStorage()
    }

    /// Adds one run dump, all or nothing.
    public func add(dump: String, source: String) throws {
        let inserts = try RunDumpReader.currentInserts(of: dump, source: source)
        try database.execute("BEGIN")
        do {
            try database.execute(inserts)
            try database.execute("COMMIT")
        } catch {
            _ = try? database.execute("ROLLBACK")
            throw RunDumpError(source: source, message: "cannot load: \(error)")
        }
        runCount += 1
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
