// Run summaries: every recorded run read from the results commits' trailers only (no dump is
// read), kept in the run summaries file and extended with the commits added since.
import Foundation
import Results
import VibeGit

extension ConformanceHistory {
    /// Summaries of every recorded run, from commit trailers only. Those the summaries file
    /// already holds are taken from it; only the results commits added since are read.
    public func runSummaries() throws -> RunSummaries {
        guard let tip = try store.checkedTip() else { return RunSummaries(tip: "") }
        if let memo = summariesMemo, memo.tip == tip { return memo.value }
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
        summariesMemo = (tip, value)
        return value
    }

    /// Every recorded run's summary, newest first; the shards of a sharded run as one run
    /// (see `ShardedRuns`). Each run's dump is checked (once per history, by blob) and runs
    /// whose dump is unreadable are left out with a warning.
    public func runs() throws -> [RunSummaryLine] {
        let oldestFirst = try runSummaries().runs.sorted { ($0.recordedAt, $0.runId) < ($1.recordedAt, $1.runId) }
        return RunSummaryLine.combiningShards(oldestFirst.filter(isReadable)).reversed()
    }

    /// The `limit` most recently recorded runs, newest first.
    public func recentRuns(limit: Int = 20) throws -> [RunSummaryLine] {
        Array(try runs().prefix(max(0, limit)))
    }

    /// The latest run of each branch (runs on a detached HEAD under ""), by branch name.
    public func latestRunPerBranch(suite: String? = nil) throws -> [RunSummaryLine] {
        var latest: [String: RunSummaryLine] = [:]
        for run in try runs() where suite == nil || run.suite == suite {
            let branch = run.branch ?? ""
            if latest[branch] == nil { latest[branch] = run }
        }
        return latest.values.sorted { ($0.branch ?? "") < ($1.branch ?? "") }
    }

    private func readRunSummaries(tip: ObjectID, since old: ObjectID?) throws -> RunSummaries {
        var summaries = RunSummaries(tip: tip.hex)
        for entry in try store.log(hiding: old) where !entry.isMerge {
            guard let commit = entry.trailer(TrailerKey.sourceCommit), let runId = entry.trailer(TrailerKey.runId) else { continue }
            let recordedAt = entry.trailer("Completed-At").flatMap(Timestamp.parse) ?? entry.time
            summaries.runs.append(RunSummaryLine(runId: runId, commit: commit, branch: entry.trailer(TrailerKey.branch),
                                                 suite: entry.trailer(TrailerKey.suite),
                                                 passed: Int(entry.trailer(TrailerKey.passed) ?? "") ?? 0,
                                                 total: Int(entry.trailer(TrailerKey.total) ?? "") ?? 0, recordedAt: recordedAt,
                                                 ciRunId: entry.trailer("CI-Run-Id"),
                                                 shard: RunSummaryLine.shard(trailer: entry.trailer("Shard"),
                                                                             plan: entry.trailer("Shard-Plan"))))
            summaries.parents[commit] = (entry.trailer("Parents") ?? "").split(separator: " ").map(String.init)
            if let s = entry.trailer("Subject") { summaries.subjects[commit] = s }
        }
        return summaries
    }
}
