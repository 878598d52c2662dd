// The glue between the repository (VibeGit) and the results database (Results): load every
// run from refs/vibesql/results, walk first-parent histories (past a shallow boundary through
// the parents each run recorded), find the nearest recorded run, and record new runs.
import Foundation
import Results
import SQLLogicTest
import VibeGit

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A repository and its results ref.
struct ResultsContext {
    let repository: Repository
    let store: ResultsStore
    /// `runSummaries()` of the last tip it was computed at: `compare` needs it for each side.
    let summariesMemo = Memo<(tip: ObjectID?, value: RunSummaries)>()

    final class Memo<T> { var value: T? }

    static func open() throws -> ResultsContext {
        let repository = try Repository.openFromEnvironment()
        return ResultsContext(repository: repository, store: ResultsStore(repository))
    }

    /// The results database cache of this clone (shared by its worktrees).
    var cache: ResultsCache {
        ResultsCache(path: repository.commonDirectory + "/vibesql/results-cache.sql")
    }

    /// Loads every run dump of the ref into one results database, through the cache under the
    /// git directory: reused as it is when it was made at the ref's tip, extended with the runs
    /// added since otherwise. Runs that cannot be read are skipped with a warning on stderr
    /// (the others are still answered from).
    func loadDatabase(_ perspective: Perspective = .latest, quiet: Bool = false) throws -> ResultsDatabase {
        guard let tip = try store.tip() else { return try ResultsDatabase(dumps: [], perspective: perspective) }
        var entries: [String: RunEntry] = [:]
        let (database, _) = try cache.load(tip: tip.hex, perspective: perspective, runs: {
            let runs = try store.runs()
            for run in runs { entries[run.path] = run }
            return runs.map { CachedRun(path: $0.path, blob: $0.blob.hex) }
        }, read: { run in
            guard let entry = entries[run.path] else { throw CLIError("\(run.path) is not in the results ref") }
            return try store.text(of: entry)
        })
        if !quiet {
            for warning in database.warnings { printError("vibesql-git: warning: \(warning)") }
        }
        // Freeing hundreds of thousands of rows one by one at exit takes a sixth of a warm
        // `query`; the process is about to end, so its memory goes back to the system whole.
        ResultsContext.keptUntilExit.append(database)
        return database
    }

    nonisolated(unsafe) static var keptUntilExit: [ResultsDatabase] = []

    /// The run summaries kept between commands (see RunSummariesCache).
    var summariesCache: RunSummariesCache {
        RunSummariesCache(path: repository.commonDirectory + "/vibesql/run-summaries.json")
    }

    /// Summaries of every recorded run, from commit trailers only. Those of the results commits
    /// the cache has already read are taken from it; only the commits since are read.
    func runSummaries() throws -> RunSummaries {
        guard let tip = try store.tip() else { return RunSummaries(tip: "") }
        if let memo = summariesMemo.value, memo.tip == tip { return memo.value }
        let cached = summariesCache.load()
        let value: RunSummaries
        if let cached, cached.tip == tip.hex {
            value = cached
        } else {
            if let cached, let old = ObjectID(hex: cached.tip), (try? repository.isDescendant(tip, of: old)) == true {
                value = cached.extended(with: try readRunSummaries(tip: tip, since: old))
            } else {
                value = try readRunSummaries(tip: tip, since: nil)
            }
            summariesCache.save(value)
        }
        summariesMemo.value = (tip, value)
        return value
    }

    private func readRunSummaries(tip: ObjectID, since old: ObjectID?) throws -> RunSummaries {
        var summaries = RunSummaries(tip: tip.hex)
        for entry in try store.log(hiding: old) where !entry.isMerge {
            guard let commit = entry.trailer(TrailerKey.sourceCommit), let runId = entry.trailer(TrailerKey.runId) else { continue }
            let recordedAt = entry.trailer("Completed-At").flatMap(Timestamp.parse) ?? entry.time
            summaries.runs.append(RunSummaryLine(runId: runId, commit: commit, branch: entry.trailer(TrailerKey.branch),
                                                 suite: entry.trailer(TrailerKey.suite),
                                                 passed: Int(entry.trailer(TrailerKey.passed) ?? "") ?? 0,
                                                 total: Int(entry.trailer(TrailerKey.total) ?? "") ?? 0, recordedAt: recordedAt))
            summaries.parents[commit] = (entry.trailer("Parents") ?? "").split(separator: " ").map(String.init)
            if let s = entry.trailer("Subject") { summaries.subjects[commit] = s }
        }
        return summaries
    }

    /// Resolves a revision to a commit, with messages that say what to do.
    func resolve(_ revision: String) throws -> ObjectID {
        if revision == "HEAD", case .unborn(let branch) = try repository.head() {
            throw CLIError("branch '\(branch)' has no commits yet: commit first, then record a run")
        }
        do {
            return try repository.resolve(revision)
        } catch let error as GitError {
            throw CLIError("unknown revision '\(revision)' (\(error.message))")
        }
    }

    /// First-parent history from `start`, newest first. In a shallow clone the walk goes on
    /// past the boundary through the parents recorded with runs.
    func history(from start: ObjectID, limit: Int = 10_000,
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

    /// The nearest recorded run (of `suite`, when given) along a first-parent history, read from
    /// the runs recorded at the commits along it rather than from the whole results database:
    /// the database holding that commit's runs, the run, and how many commits back it is.
    func nearestRun(history: [String], suite: String?, quiet: Bool = false) throws
        -> (database: ResultsDatabase, run: RunInfo, distance: Int)? {
        for (distance, commit) in history.enumerated() {
            guard let id = ObjectID(hex: commit) else { continue }
            let entries = try store.runs(for: id)
            if entries.isEmpty { continue }
            var dumps: [(source: String, text: String)] = []
            for entry in entries {
                do { dumps.append((entry.path, try store.text(of: entry))) } catch {
                    if !quiet { printError("vibesql-git: warning: skipped \(entry.path): \(error)") }
                }
            }
            let database = try ResultsDatabase(dumps: dumps)
            if !quiet { for warning in database.warnings { printError("vibesql-git: warning: \(warning)") } }
            if let found = try database.nearestRun(history: [commit], suite: suite) {
                return (database, found.run, distance)
            }
        }
        return nil
    }

    /// The history of a revision as commit ids, extended past a shallow boundary.
    func historyIds(of revision: String, limit: Int = 10_000) throws -> [String] {
        let summaries = try runSummaries()
        return try history(from: resolve(revision), limit: limit, recordedParents: summaries.parents,
                           subjects: summaries.subjects).map(\.commit)
    }

    /// The perspective for `--at REV`, or the latest runs when nil.
    func perspective(at revision: String?) throws -> Perspective {
        guard let revision else { return .latest }
        return .history(try historyIds(of: revision))
    }
}

/// A user-facing failure: printed as "Error: message", exit status 1... via ArgumentParser.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
