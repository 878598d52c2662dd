// `log`: the pass rate along a first-parent history, one line per commit, from run summaries
// (commit trailers), with commits that have no run marked and a small chart.
import Foundation

/// A commit of the source history, as `log` shows it.
public struct HistoryCommit: Codable, Equatable, Sendable {
    public var commit: String
    public var date: Date
    public var subject: String
    public init(commit: String, date: Date, subject: String) {
        self.commit = commit
        self.date = date
        self.subject = subject
    }
}

/// A run's summary as the results ref's commit trailers give it.
public struct RunSummaryLine: Codable, Equatable, Sendable {
    public var runId: String
    public var commit: String
    public var branch: String?
    public var suite: String?
    public var passed: Int
    public var total: Int
    public var recordedAt: Date
    public var ciRunId: String?
    /// The shard this run was (its `Shard` and `Shard-Plan` trailers), nil for a whole run.
    public var shard: RunShard?
    /// For a run made of shards (see `combiningShards`): which are recorded.
    public var shards: ShardCoverage?
    public var passRate: Double { total == 0 ? 0 : 100 * Double(passed) / Double(total) }
    /// False for a sharded run with shards missing.
    public var isComplete: Bool { shards?.isComplete ?? true }
    public init(runId: String, commit: String, branch: String?, suite: String?, passed: Int, total: Int, recordedAt: Date,
                ciRunId: String? = nil, shard: RunShard? = nil) {
        self.runId = runId
        self.commit = commit
        self.branch = branch
        self.suite = suite
        self.passed = passed
        self.total = total
        self.recordedAt = recordedAt
        self.ciRunId = ciRunId
        self.shard = shard
    }

    /// A shard from its trailers' values: `Shard` ("K/N") and `Shard-Plan`; nil without them.
    public static func shard(trailer: String?, plan: String?) -> RunShard? {
        guard let parts = trailer?.split(separator: "/"), parts.count == 2,
              let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        return RunShard(index: index, count: count, plan: plan ?? "")
    }

    /// The runs (oldest first) with the shards of each sharded run folded into one line.
    public static func combiningShards(_ runs: [RunSummaryLine]) -> [RunSummaryLine] {
        ShardedRuns.combine(runs, member: { run in
            guard let shard = run.shard, let ci = run.ciRunId else { return nil }
            return ShardedRuns.Member(key: ShardedRunKey(ciRunId: ci, commit: run.commit, suite: run.suite ?? ""),
                                      shard: shard, runId: run.runId)
        }, combine: { shards, coverage in
            var run = shards[shards.count - 1]
            run.runId = coverage.runIds.first ?? run.runId
            run.passed = shards.reduce(0) { $0 + $1.passed }
            run.total = shards.reduce(0) { $0 + $1.total }
            run.shard = nil
            run.shards = coverage
            return run
        })
    }
}

/// One line of `log`.
public struct HistoryLogEntry: Codable, Equatable, Sendable {
    public var commit: String
    public var date: Date
    public var subject: String
    /// The latest run of the commit, nil when it has none.
    public var run: RunSummaryLine?
    public var runCount: Int
    /// Pass-rate points against the next older commit that has a run.
    public var change: Double?
}

public enum HistoryLog {
    /// Joins a history (newest first) with the runs recorded for its commits.
    public static func entries(history: [HistoryCommit], runs: [RunSummaryLine]) -> [HistoryLogEntry] {
        var byCommit: [String: [RunSummaryLine]] = [:]
        let sorted = runs.sorted(by: { ($0.recordedAt, $0.runId) < ($1.recordedAt, $1.runId) })
        for run in RunSummaryLine.combiningShards(sorted) {
            byCommit[run.commit, default: []].append(run)
        }
        var entries = history.map { c -> HistoryLogEntry in
            let all = byCommit[c.commit] ?? []
            return HistoryLogEntry(commit: c.commit, date: c.date, subject: c.subject, run: all.last, runCount: all.count, change: nil)
        }
        var older: Double?
        for index in entries.indices.reversed() {
            // A partial run's rate is over some files only: no change is computed from it.
            guard let run = entries[index].run, run.isComplete else { continue }
            if let older { entries[index].change = run.passRate - older }
            older = run.passRate
        }
        return entries
    }

    /// Runs not tied to one history, newest first (for `log --all`).
    public static func entries(allRuns runs: [RunSummaryLine], subjects: [String: String] = [:]) -> [HistoryLogEntry] {
        let oldestFirst = runs.sorted { ($0.recordedAt, $0.runId) < ($1.recordedAt, $1.runId) }
        let sorted = Array(RunSummaryLine.combiningShards(oldestFirst).reversed())
        var entries = sorted.map {
            HistoryLogEntry(commit: $0.commit, date: $0.recordedAt, subject: subjects[$0.commit] ?? "", run: $0, runCount: 1, change: nil)
        }
        var older: [String: Double] = [:]
        for index in entries.indices.reversed() {
            guard let run = entries[index].run, run.isComplete else { continue }
            let key = run.branch ?? ""
            if let previous = older[key] { entries[index].change = run.passRate - previous }
            older[key] = run.passRate
        }
        return entries
    }

    public static func text(_ entries: [HistoryLogEntry], chart: Bool) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var lines: [String] = []
        for e in entries {
            let head = "\(e.commit.prefix(7))  \(formatter.string(from: e.date))  "
            guard let run = e.run else {
                lines.append(head + "(no run)".padding(toLength: 30, withPad: " ", startingAt: 0) + "  " + e.subject)
                continue
            }
            var figures = "\(run.passed)/\(run.total)".padding(toLength: 9, withPad: " ", startingAt: 0)
            figures += String(format: "%5.1f%%", run.passRate)
            if let change = e.change {
                figures += "  " + (change == 0 ? "   =  " : String(format: "%+5.1f", change))
            } else {
                figures += "        "
            }
            if e.runCount > 1 { figures += " ×\(e.runCount)" }
            lines.append(head + figures.padding(toLength: 30, withPad: " ", startingAt: 0) + "  "
                + (run.branch.map { "[\($0)] " } ?? "") + e.subject
                + (run.shards.map { " (\($0))" } ?? ""))
        }
        if lines.isEmpty { lines.append("(no commits)") }
        if chart {
            let rates = entries.reversed().compactMap { $0.run }.filter(\.isComplete).map(\.passRate)
            if rates.count > 1 { lines += ["", "pass rate, oldest → newest: " + sparkline(rates)] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A one-line chart: ▁ is the lowest rate shown, █ the highest.
    public static func sparkline(_ values: [Double]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        guard let low = values.min(), let high = values.max() else { return "" }
        let chars = values.map { v -> Character in
            high == low ? bars[bars.count - 1] : bars[Int(((v - low) / (high - low) * Double(bars.count - 1)).rounded())]
        }
        return String(chars) + String(format: "  (%.1f%% … %.1f%%)", low, high)
    }

    public static func json(_ entries: [HistoryLogEntry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n"
    }
}
