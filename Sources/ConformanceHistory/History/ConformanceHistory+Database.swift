// The results database: every run of the ref loaded into one VibeSQL database (through the
// results cache), with `test_files` derived as of a revision; and the status by category.
import Engine
import Foundation
import Results
import VibeGit

/// Pass rate of one category of test files (the `status` named query's row).
public struct CategoryStatus: Codable, Equatable, Sendable {
    public var category: String
    public var total: Int
    public var passed: Int
    public var failed: Int
    public var crashed: Int
    public var timedOut: Int
    public var untested: Int
    /// Passed files over all files of the category, in percent.
    public var passRate: Double { total == 0 ? 0 : 100 * Double(passed) / Double(total) }
}

extension ConformanceHistory {
    /// The results database as of `revision`: every recorded run, with `test_files` holding each
    /// file's status in the nearest run along the revision's first-parent history (nil: in the
    /// latest run that tested it). The Engine `Database` behind `results(at:)`.
    public func resultsDatabase(at revision: String? = nil) throws -> Database {
        try results(at: revision).database
    }

    /// `resultsDatabase(at:)` with what the results library knows of it (runs, snapshots).
    public func results(at revision: String? = nil) throws -> ResultsDatabase {
        try results(perspective(at: revision))
    }

    /// The perspective of `--at REV`: the revision's first-parent history, or the latest runs
    /// when nil.
    public func perspective(at revision: String?) throws -> Perspective {
        guard let revision else { return .latest }
        return .history(try historyIds(of: revision))
    }

    /// Loads every run of the ref into one results database through the results cache: reused
    /// as it is when made at the ref's tip, extended with the runs added since otherwise. Runs
    /// that cannot be read are left out with a warning; the others answer.
    public func results(_ perspective: Perspective) throws -> ResultsDatabase {
        guard let tip = try store.checkedTip() else { return try ResultsDatabase(dumps: [], perspective: perspective) }
        var entries: [String: RunEntry] = [:]
        var trailers: [String: [RunTrailerCounts]]?
        let (database, _) = try resultsCache.load(tip: tip.hex, perspective: perspective, runs: {
            let runs = try store.runs()
            for run in runs { entries[run.path] = run }
            return runs.map { CachedRun(path: $0.path, blob: $0.blob.hex) }
        }, read: { run in
            guard let entry = entries[run.path] else {
                throw HistoryError(.repository, "\(run.path) is not in \(self.referenceName)")
            }
            if trailers == nil { trailers = try trailerCounts() }
            return try input(for: entry, trailers: trailers ?? [:])
        })
        noteWarnings(of: database)
        return database
    }

    /// The perspective of a status as of `revision`: HEAD when nil (the latest runs when HEAD
    /// is unborn), with a label naming what it is as of ("HEAD (1a2b3c4)").
    public func statusPerspective(at revision: String?) throws -> (perspective: Perspective, label: String) {
        if let revision { return (try perspective(at: revision), revision) }
        if let head = try repository.head().commit {
            return (.history(try historyIds(of: head.hex)), "HEAD (\(head.short))")
        }
        return (.latest, "the latest runs")
    }

    /// Pass rate by category as of `revision` (HEAD when nil).
    public func statusByCategory(at revision: String? = nil) throws -> [CategoryStatus] {
        try Self.categories(in: results(statusPerspective(at: revision).perspective))
    }

    /// The `status` named query's rows as values.
    public static func categories(in database: ResultsDatabase) throws -> [CategoryStatus] {
        let sql = NamedQueries.named("status")?.sql ?? WorkplanQueries.currentStatusSummary
        return try database.query(sql).rows.map { r in
            CategoryStatus(category: r[0].stringValue ?? "", total: r[1].intValue ?? 0, passed: r[2].intValue ?? 0,
                           failed: r[3].intValue ?? 0, crashed: r[4].intValue ?? 0, timedOut: r[5].intValue ?? 0,
                           untested: r[6].intValue ?? 0)
        }
    }

    /// The failing records of the nearest run of `revision`, by file (files that did not pass
    /// with no failing record, a crash say, map to an empty list).
    public func failuresByFile(at revision: String = "HEAD", suite: String? = nil) throws -> [String: [FailureRow]] {
        guard let nearest = try nearestRun(of: revision, suite: suite) else { return [:] }
        let snapshot = try nearest.snapshot()
        var byFile: [String: [FailureRow]] = [:]
        for file in snapshot.files.values where file.status != "PASS" { byFile[file.path] = [] }
        for failure in snapshot.failures.values { byFile[failure.file, default: []].append(failure) }
        return byFile.mapValues { $0.sorted { $0.line < $1.line } }
    }
}
