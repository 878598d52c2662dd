// Runs split across machines: each machine of a CI matrix records its shard as a run of its own,
// and every reader sees the shards of one CI run id at one commit and suite as one run. It is
// complete when all N shards are recorded (with one plan), partial before that, and a partial
// run is shown as such and never compared as if it were complete.
import Foundation

/// Which shards of a sharded run are recorded. A whole (unsharded) run has none.
public struct ShardCoverage: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The shard count the shards were planned for.
    public var count: Int
    /// The shard indices recorded, ascending.
    public var recorded: [Int]
    /// The recorded runs that make up the run (the latest of each index), in index order.
    public var runIds: [String]
    /// The plan fingerprints the shards recorded; more than one means they split the files
    /// differently and cannot make one run.
    public var plans: [String]

    public init(count: Int, recorded: [Int], runIds: [String], plans: [String]) {
        self.count = count
        self.recorded = recorded
        self.runIds = runIds
        self.plans = plans
    }

    /// The shard indices not recorded (yet).
    public var missing: [Int] { count < 1 ? [] : (1...count).filter { !recorded.contains($0) } }

    public var isComplete: Bool { missing.isEmpty && plans.count <= 1 }

    /// "4 shards", "partial: shards 2, 4 of 4 missing", "partial: shards planned differently".
    public var description: String {
        if isComplete { return "\(count) shard\(count == 1 ? "" : "s")" }
        if !missing.isEmpty {
            let list = missing.map(String.init).joined(separator: ", ")
            return "partial: shard\(missing.count == 1 ? "" : "s") \(list) of \(count) missing"
        }
        return "partial: its shards were planned differently (\(plans.count) plans)"
    }
}

/// What identifies one sharded run: the CI run id, the tested commit and the suite.
public struct ShardedRunKey: Hashable, Sendable {
    public var ciRunId: String
    public var commit: String
    public var suite: String

    public init(ciRunId: String, commit: String, suite: String) {
        self.ciRunId = ciRunId
        self.commit = commit
        self.suite = suite
    }
}

/// Folding the shards of a run into one.
public enum ShardedRuns {
    /// One recorded shard, as a reader's run type describes it.
    public struct Member: Sendable {
        public var key: ShardedRunKey
        public var shard: RunShard
        public var runId: String

        public init(key: ShardedRunKey, shard: RunShard, runId: String) {
            self.key = key
            self.shard = shard
            self.runId = runId
        }
    }

    /// Replaces the shards of each sharded run in `runs` (oldest first) by one run made with
    /// `combine` (the shards, oldest first, and their coverage), placed where its last shard
    /// was. Runs that are not shards stay as they are. A shard recorded again (a re-run of one
    /// CI job) replaces the earlier record of that index.
    public static func combine<Run>(_ runs: [Run], member: (Run) -> Member?,
                                    combine: ([Run], ShardCoverage) -> Run) -> [Run] {
        var groups: [ShardedRunKey: [(Int, Member)]] = [:]
        var lastPosition: [ShardedRunKey: Int] = [:]
        for (position, run) in runs.enumerated() {
            guard let m = member(run) else { continue }
            groups[m.key, default: []].append((position, m))
            lastPosition[m.key] = position
        }
        if groups.isEmpty { return runs }
        var result: [Run] = []
        for (position, run) in runs.enumerated() {
            guard let m = member(run) else {
                result.append(run)
                continue
            }
            guard lastPosition[m.key] == position, let group = groups[m.key] else { continue }
            // The latest record of each index (positions are oldest first).
            var latest: [Int: (Int, Member)] = [:]
            for entry in group { latest[entry.1.shard.index] = entry }
            let chosen = latest.values.sorted { $0.1.shard.index < $1.1.shard.index }
            let count = group.last?.1.shard.count ?? 0
            let coverage = ShardCoverage(
                count: count,
                recorded: chosen.map(\.1.shard.index).filter { $0 >= 1 && $0 <= count },
                runIds: chosen.map(\.1.runId),
                plans: Array(Set(chosen.map { "\($0.1.shard.count) \($0.1.shard.plan)" })).sorted())
            result.append(combine(chosen.sorted { $0.0 < $1.0 }.map { runs[$0.0] }, coverage))
        }
        return result
    }
}
