// Reading runs back out of the results database: their summaries, one run's per-file results
// and failing records, and the nearest run along a first-parent history.
import Engine

/// A recorded run's summary (its `test_runs` row).
public struct RunInfo: Codable, Equatable, Sendable {
    public var runId: Int64
    public var sourceCommit: String?
    public var branch: String?
    public var suite: String?
    public var completedAt: String?
    public var passed: Int
    public var failed: Int
    public var total: Int
    public var recordsPassed: Int?
    public var recordsTotal: Int?
    public var dirty: Bool
    public var parents: [String]
    public var subject: String?
    public var ciRunId: String? = nil
    /// The shard this run was, for one shard's own row (see `ResultsDatabase.shardRuns()`).
    public var shard: RunShard? = nil
    /// For a run made of shards: which are recorded. nil for a whole run.
    public var shards: ShardCoverage? = nil

    /// False for a sharded run with shards missing: shown as partial, never compared.
    public var isComplete: Bool { shards?.isComplete ?? true }

    /// Files passed over files run, in percent.
    public var passRate: Double { total == 0 ? 0 : 100 * Double(passed) / Double(total) }
    public var shortCommit: String { sourceCommit.map { String($0.prefix(7)) } ?? "(no commit)" }
}

/// One file's result in a run.
public struct FileResult: Codable, Equatable, Sendable {
    public var path: String
    public var status: String
    public var recordsRun: Int?
    public var recordsFailed: Int?
    public var error: String?
}

/// One failing record in a run.
public struct FailureRow: Codable, Equatable, Sendable {
    public var key: String
    public var file: String
    public var line: Int
    public var kind: String
    public var sql: String
    public var message: String
    public var expected: String?
    public var actual: String?
    public var error: String?
}

/// Everything one run recorded.
public struct RunSnapshot: Equatable, Sendable {
    public var info: RunInfo
    public var files: [String: FileResult]
    public var failures: [String: FailureRow]
}

extension ResultsDatabase {
    static let runColumns = """
        run_id, git_commit, branch_name, suite, completed_at, passed, failed, total_files, records_passed,
        records_total, dirty, commit_parents, commit_subject, ci_run_id, shard_index, shard_count, shard_plan
        """

    /// Every run, oldest first, the shards of a sharded run as one run (see `ShardedRuns`).
    public func runs() throws -> [RunInfo] {
        ShardedRuns.combine(try shardRuns(), member: Self.shardMember, combine: Self.combined)
    }

    /// Every recorded run as recorded, oldest first: each shard of a sharded run on its own.
    public func shardRuns() throws -> [RunInfo] {
        try query("SELECT \(Self.runColumns) FROM test_runs ORDER BY completed_at, run_id").rows.map(Self.runInfo)
    }

    /// The run with this id, nil when not loaded. The id of one shard of a sharded run gives
    /// the whole run (its shards combined).
    public func run(_ id: Int64) throws -> RunInfo? {
        guard let row = try query("SELECT \(Self.runColumns) FROM test_runs WHERE run_id = ?",
                                  parameters: [.integer(id)]).rows.first else { return nil }
        let info = Self.runInfo(row)
        guard info.shard != nil else { return info }
        return try runs().first { $0.shards?.runIds.contains(String(id)) == true } ?? info
    }

    static func runInfo(_ r: [Value]) -> RunInfo {
        var info = RunInfo(runId: Int64(r[0].intValue ?? 0), sourceCommit: r[1].stringValue, branch: r[2].stringValue,
                           suite: r[3].stringValue, completedAt: r[4].stringValue, passed: r[5].intValue ?? 0,
                           failed: r[6].intValue ?? 0, total: r[7].intValue ?? 0, recordsPassed: r[8].intValue,
                           recordsTotal: r[9].intValue, dirty: (r[10].intValue ?? 0) != 0,
                           parents: (r[11].stringValue ?? "").split(separator: " ").map(String.init),
                           subject: r[12].stringValue)
        info.ciRunId = r[13].stringValue
        if let index = r[14].intValue, let count = r[15].intValue {
            info.shard = RunShard(index: index, count: count, plan: r[16].stringValue ?? "")
        }
        return info
    }

    /// A shard's place in its sharded run; nil for a whole run (or a shard without a CI run id
    /// or commit, which nothing could be grouped with).
    static func shardMember(_ run: RunInfo) -> ShardedRuns.Member? {
        guard let shard = run.shard, let ci = run.ciRunId, let commit = run.sourceCommit else { return nil }
        return ShardedRuns.Member(key: ShardedRunKey(ciRunId: ci, commit: commit, suite: run.suite ?? ""),
                                  shard: shard, runId: String(run.runId))
    }

    /// The shards of one run (oldest first) as that run: counts added up, identified by its
    /// first shard's id, finished when its last shard finished.
    static func combined(_ shards: [RunInfo], _ coverage: ShardCoverage) -> RunInfo {
        let first = shards.min { ($0.shard?.index ?? 0) < ($1.shard?.index ?? 0) } ?? shards[0]
        var run = first
        run.runId = coverage.runIds.first.flatMap { Int64($0) } ?? first.runId
        run.completedAt = shards.compactMap(\.completedAt).max()
        run.passed = shards.reduce(0) { $0 + $1.passed }
        run.failed = shards.reduce(0) { $0 + $1.failed }
        run.total = shards.reduce(0) { $0 + $1.total }
        func sum(_ values: [Int?]) -> Int? { values.contains { $0 == nil } ? nil : values.reduce(0) { $0 + ($1 ?? 0) } }
        run.recordsPassed = sum(shards.map(\.recordsPassed))
        run.recordsTotal = sum(shards.map(\.recordsTotal))
        run.dirty = shards.contains { $0.dirty }
        run.shard = nil
        run.shards = coverage
        return run
    }

    /// One run's files and failing records; for a sharded run, those of all its shards.
    public func snapshot(_ id: Int64) throws -> RunSnapshot? {
        guard let info = try run(id) else { return nil }
        let ids = info.shards.map { $0.runIds.compactMap { Int64($0) } } ?? [info.runId]
        let list = ids.map(String.init).joined(separator: ", ")
        var files: [String: FileResult] = [:]
        for r in try query("""
            SELECT file_path, status, records_run, records_failed, error_message FROM test_results
            WHERE run_id IN (\(list)) ORDER BY run_id
            """).rows {
            let path = r[0].stringValue ?? ""
            files[path] = FileResult(path: path, status: r[1].stringValue ?? "UNTESTED", recordsRun: r[2].intValue,
                                     recordsFailed: r[3].intValue, error: r[4].stringValue)
        }
        var failures: [String: FailureRow] = [:]
        for r in try query("""
            SELECT record_key, file_path, line, kind, sql_text, message, expected, actual, error_message
            FROM test_failures WHERE run_id IN (\(list)) ORDER BY file_path, line
            """).rows {
            let key = r[0].stringValue ?? ""
            failures[key] = FailureRow(key: key, file: r[1].stringValue ?? "", line: r[2].intValue ?? 0,
                                       kind: r[3].stringValue ?? "", sql: r[4].stringValue ?? "",
                                       message: r[5].stringValue ?? "", expected: r[6].stringValue,
                                       actual: r[7].stringValue, error: r[8].stringValue)
        }
        return RunSnapshot(info: info, files: files, failures: failures)
    }

    /// How long each file took in a run (in all its shards, for a sharded run), in milliseconds.
    public func fileDurations(_ id: Int64) throws -> [String: Int] {
        guard let info = try run(id) else { return [:] }
        let ids = info.shards.map { $0.runIds.compactMap { Int64($0) } } ?? [info.runId]
        var durations: [String: Int] = [:]
        for r in try query("""
            SELECT file_path, duration_ms FROM test_results WHERE run_id IN (\(ids.map(String.init).joined(separator: ", ")))
            """).rows {
            if let path = r[0].stringValue, let ms = r[1].intValue { durations[path] = ms }
        }
        return durations
    }

    /// The nearest run along a first-parent history (commit ids, newest first): the latest run
    /// of the first commit that has one (of `suite`, when given). Returns the run and how many
    /// commits back it is. A sharded run with shards missing is not a run to compare with and
    /// is passed over.
    public func nearestRun(history: [String], suite: String? = nil) throws -> (run: RunInfo, distance: Int)? {
        var byCommit: [String: [RunInfo]] = [:]
        for run in try runs() where (suite == nil || run.suite == suite) && run.isComplete {
            if let c = run.sourceCommit { byCommit[c, default: []].append(run) }
        }
        for (distance, commit) in history.enumerated() {
            if let latest = byCommit[commit]?.last { return (latest, distance) }
        }
        return nil
    }

    /// Runs along a history, newest commit first (the latest complete run of each commit that
    /// has one).
    public func runsAlong(history: [String], suite: String? = nil) throws -> [(commit: String, run: RunInfo)] {
        var byCommit: [String: RunInfo] = [:]
        for run in try runs() where (suite == nil || run.suite == suite) && run.isComplete {
            if let c = run.sourceCommit { byCommit[c] = run }
        }
        return history.compactMap { commit in byCommit[commit].map { (commit, $0) } }
    }
}
