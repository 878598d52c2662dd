// Revisions and first-parent histories: resolving a revision with messages that say what to do,
// walking first parents (past a shallow clone's boundary through the parents each run
// recorded), the nearest recorded run along a history, and the pass-rate log.
import Foundation
import Results
import VibeGit

/// The nearest recorded run of a revision: the run, the results database holding the runs of
/// its commit (only those), and how many first-parent steps back from the revision it is.
public struct NearestRun {
    public var run: RunInfo
    public var database: ResultsDatabase
    public var distance: Int

    /// Everything the run recorded: its files and failing records.
    public func snapshot() throws -> RunSnapshot {
        guard let snapshot = try database.snapshot(run.runId) else {
            throw HistoryError(.repository, "run \(run.runId) could not be read back")
        }
        return snapshot
    }
}

extension ConformanceHistory {
    /// Default bound of a first-parent walk.
    public static let historyLimit = 10_000

    /// Resolves a revision to a commit; an unknown revision or a branch without commits is a
    /// usage error that says what to do.
    public func resolve(_ revision: String) throws -> ObjectID {
        if revision == "HEAD", case .unborn(let branch) = try repository.head() {
            throw HistoryError(.usage, "branch '\(branch)' has no commits yet: commit first, then record a run")
        }
        do {
            return try repository.resolve(revision)
        } catch let error as GitError {
            throw HistoryError(.usage, "unknown revision '\(revision)' (\(error.message))")
        }
    }

    /// First-parent history from `revision`, newest first, at most `limit` commits. In a shallow
    /// clone the walk goes on past the boundary through the parents recorded with runs.
    public func history(of revision: String, limit: Int = ConformanceHistory.historyLimit) throws -> [HistoryCommit] {
        let summaries = try runSummaries()
        return try history(from: resolve(revision), limit: limit, recordedParents: summaries.parents,
                           subjects: summaries.subjects)
    }

    /// The commit ids of `history(of:limit:)`.
    public func historyIds(of revision: String, limit: Int = ConformanceHistory.historyLimit) throws -> [String] {
        try history(of: revision, limit: limit).map(\.commit)
    }

    /// First-parent history from a commit, newest first (see `history(of:limit:)`).
    public func history(from start: ObjectID, limit: Int = ConformanceHistory.historyLimit,
                        recordedParents: [String: [String]] = [:], subjects: [String: String] = [:]) throws -> [HistoryCommit] {
        let commits = try repository.firstParentHistory(from: start, limit: limit)
        var result = commits.map { HistoryCommit(commit: $0.id.hex, date: $0.authorTime, subject: $0.subject) }
        // libgit2 shows a shallow boundary commit without parents; its recorded run knows them.
        var next = commits.last.flatMap { last in
            last.parents.first?.hex ?? (repository.isShallow ? recordedParents[last.id.hex]?.first : nil)
        }
        var seen = Set(result.map(\.commit))
        while let commit = next, result.count < limit, !seen.contains(commit),
              let parents = recordedParents[commit] {
            // Beyond the shallow boundary: known only from the run recorded for it.
            seen.insert(commit)
            result.append(HistoryCommit(commit: commit, date: Date(timeIntervalSince1970: 0),
                                        subject: subjects[commit] ?? "(beyond the shallow boundary)"))
            next = parents.first
        }
        return result
    }

    /// The nearest recorded run (of `suite`, when given) of a revision along its first-parent
    /// history; nil when no commit of that history has one.
    public func nearestRun(of revision: String, suite: String? = nil) throws -> NearestRun? {
        try nearestRun(history: historyIds(of: revision), suite: suite)
    }

    /// The nearest recorded run along a first-parent history (commit ids, newest first), read
    /// from the runs recorded at the commits along it rather than from the whole results
    /// database. Runs that cannot be read, and sharded runs with shards missing, are passed
    /// over with a warning.
    public func nearestRun(history: [String], suite: String?) throws -> NearestRun? {
        for (distance, commit) in history.enumerated() {
            guard let id = ObjectID(hex: commit) else { continue }
            let entries = try store.runs(for: id)
            if entries.isEmpty { continue }
            let database = try ResultsDatabase(runs: try inputs(for: entries))
            noteWarnings(of: database)
            if let found = try database.nearestRun(history: [commit], suite: suite) {
                return NearestRun(run: found.run, database: database, distance: distance)
            }
            for partial in try database.runs() where !partial.isComplete && (suite == nil || partial.suite == suite) {
                warn(HistoryWarning(source: "", message: "the run of CI \(partial.ciRunId ?? "?") at \(partial.shortCommit) "
                    + "is \(partial.shards.map(\.description) ?? "partial"): not compared"))
            }
        }
        return nil
    }

    /// The pass rate along `revision`'s first-parent history, newest first, one entry per
    /// commit (`run` nil where the commit has none). Read from trailers only.
    public func passRateLog(of revision: String = "HEAD", limit: Int = 20) throws -> [HistoryLogEntry] {
        let summaries = try runSummaries()
        let history = try history(from: resolve(revision), limit: limit, recordedParents: summaries.parents,
                                  subjects: summaries.subjects)
        let commits = Set(history.map(\.commit))
        return HistoryLog.entries(history: history, runs: summaries.runs.filter { commits.contains($0.commit) && isReadable($0) })
    }

    /// Every recorded run on any branch, newest first, at most `limit`, each with its change
    /// from the previous run of the same branch. Runs whose dump is unreadable are left out.
    public func allRunsLog(limit: Int = 20) throws -> [HistoryLogEntry] {
        let summaries = try runSummaries()
        let newestFirst = summaries.runs.sorted { ($0.recordedAt, $0.runId) > ($1.recordedAt, $1.runId) }
        let (shown, older) = readablePrefix(newestFirst, count: limit)
        return Array(HistoryLog.entries(allRuns: shown + older, subjects: summaries.subjects).prefix(max(0, limit)))
    }

    /// The first `count` readable runs of `runs` and the runs after the last of them (unchecked).
    func readablePrefix(_ runs: [RunSummaryLine], count: Int) -> (readable: [RunSummaryLine], rest: [RunSummaryLine]) {
        var readable: [RunSummaryLine] = []
        var index = 0
        while index < runs.count, readable.count < count {
            if isReadable(runs[index]) { readable.append(runs[index]) }
            index += 1
        }
        return (readable, Array(runs[index...]))
    }

    /// Copies a loaded database's warnings (runs it refused) into this history's, once each.
    func noteWarnings(of database: ResultsDatabase) {
        for warning in database.warnings {
            warn(HistoryWarning(source: "", message: warning))
        }
    }
}
