// Splitting a run's files into N shards that take about the same time, so a CI matrix of N
// machines finishes together. Pure and deterministic: every machine plans from the same inputs
// (repository-relative paths, the durations one recorded run gave them, file sizes) and so
// computes the same plan without talking to the others.
import Foundation

/// Which part of a run this process runs: shard `index` of `count`, written `K/N` (1-based).
public struct Shard: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else {
            throw ShardError("a shard is K/N with 1 ≤ K ≤ N (got \(index)/\(count))")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, e.g. `2/4`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ShardError("a shard is written K/N, e.g. 2/4 (got '\(text)')")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }
}

/// A shard that cannot be planned or parsed, with a message naming the problem.
public struct ShardError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One file to place: its key (a repository-relative path, the same on every machine), its size
/// and, when a recorded run tested it, how long it took there.
public struct ShardItem: Equatable, Sendable {
    public var key: String
    public var bytes: Int
    public var recordedMs: Int?

    public init(key: String, bytes: Int, recordedMs: Int? = nil) {
        self.key = key
        self.bytes = bytes
        self.recordedMs = recordedMs
    }
}

/// The files of every shard, and the cost the planner expected for each.
public struct ShardPlan: Equatable, Sendable {
    /// Keys per shard (index 0 is shard 1), each sorted.
    public let shards: [[String]]
    /// Each shard's expected cost, in milliseconds when durations were known (an estimate from
    /// sizes otherwise).
    public let expectedCost: [Double]
    /// How many files had a recorded duration.
    public let recordedCount: Int

    /// The files of one shard.
    public func files(of shard: Shard) -> [String] {
        shard.index <= shards.count ? shards[shard.index - 1] : []
    }

    /// The largest expected cost over the mean (1.0 is perfectly balanced).
    public var expectedImbalance: Double {
        let mean = expectedCost.reduce(0, +) / Double(max(1, expectedCost.count))
        return mean > 0 ? (expectedCost.max() ?? 0) / mean : 1
    }

    /// MD5 over every shard's keys: two machines that planned the same split have the same
    /// fingerprint, so shards planned from different inputs can be told apart when read back.
    public var fingerprint: String {
        var md5 = MD5()
        for (index, keys) in shards.enumerated() {
            md5.update("shard \(index + 1)\n")
            for key in keys { md5.update(key + "\n") }
        }
        return md5.hexDigest()
    }
}

/// Longest-processing-time-first: files by decreasing cost, each to the shard with the least
/// expected cost so far. Within 4/3 of the best split, and close to even when no one file
/// dominates.
public enum ShardPlanner {
    public static func plan(_ items: [ShardItem], count: Int) throws -> ShardPlan {
        guard count >= 1 else { throw ShardError("the shard count must be 1 or more (got \(count))") }
        var seen = Set<String>()
        for item in items where !seen.insert(item.key).inserted {
            throw ShardError("the file \(item.key) is listed twice")
        }
        let costs = self.costs(items)
        // Decreasing cost; equal costs by key, so the order never depends on the input's.
        let order = items.indices.sorted { a, b in
            costs[a] != costs[b] ? costs[a] > costs[b] : items[a].key < items[b].key
        }
        var shards = Array(repeating: [String](), count: count)
        var load = Array(repeating: 0.0, count: count)
        for index in order {
            // The least loaded shard; among equals the one with fewer files, then the first
            // (so files that cost nothing still spread out).
            var target = 0
            for s in 1..<count where (load[s], shards[s].count) < (load[target], shards[target].count) {
                target = s
            }
            shards[target].append(items[index].key)
            load[target] += costs[index]
        }
        return ShardPlan(shards: shards.map { $0.sorted() }, expectedCost: load,
                         recordedCount: items.filter { $0.recordedMs != nil }.count)
    }

    /// Each item's expected cost in milliseconds. A file without a recorded duration is
    /// estimated from its size at the milliseconds per byte of the files that have one; with
    /// no durations at all, sizes alone rank the files.
    static func costs(_ items: [ShardItem]) -> [Double] {
        let timed = items.filter { $0.recordedMs != nil }
        let timedMs = timed.reduce(0.0) { $0 + Double(max(0, $1.recordedMs ?? 0)) }
        let timedBytes = timed.reduce(0.0) { $0 + Double(max(0, $1.bytes)) }
        let msPerByte = timedMs > 0 && timedBytes > 0 ? timedMs / timedBytes : 1
        return items.map { item in
            if let ms = item.recordedMs { return Double(max(0, ms)) }
            return Double(max(0, item.bytes)) * msPerByte
        }
    }
}
