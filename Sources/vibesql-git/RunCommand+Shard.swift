// `vibesql-git run --shard K/N`: plan the split of the suite (the same on every machine), print
// it with --plan, or run this machine's part.
import ConformanceHistory
import Foundation
import Results
import SQLLogicTest

struct ShardPart {
    let shard: Shard
    let planned: PlannedShards
    let suite: String

    /// Plans the suite's files for `shard.count` shards from the basis run (see `planBasis`).
    static func plan(_ shard: Shard, suite: String, paths: [String], basis: String?) throws -> ShardPart {
        let history = try ConformanceHistory.current()
        let files = TestDiscovery.files(in: paths)
        guard !files.isEmpty else { throw CLIError("no .test files in \(paths.joined(separator: ", "))") }
        let planned = try history.planShards(files: files, count: shard.count,
                                             basis: try history.planBasis(suite: suite, runId: basis))
        history.printWarnings()
        return ShardPart(shard: shard, planned: planned, suite: suite)
    }

    var files: [String] { planned.files(of: shard) }

    /// What the record says this run was.
    var recordedShard: RunShard {
        RunShard(index: shard.index, count: shard.count, plan: planned.plan.fingerprint)
    }

    /// Where the durations came from, in words.
    var basisText: String {
        guard let run = planned.basis.run else { return "by file size (no recorded run to take durations from)" }
        let total = planned.paths.count, known = planned.plan.recordedCount
        return "by the durations of run \(run.runId) (\(run.shortCommit), \(known) of \(total) files"
            + (known < total ? "; the rest by size)" : ")")
    }

    var headline: String {
        let expected = planned.plan.expectedCost[shard.index - 1]
        return "Shard \(shard) of suite \(suite): \(files.count) of \(planned.paths.count) files, "
            + (planned.basis.run == nil ? "" : String(format: "expected %.1f s, ", expected / 1000))
            + "planned \(basisText)."
    }

    /// Every shard's size and expected time; with `verbose`, its files.
    func planText(verbose: Bool) -> String {
        let plan = planned.plan
        var lines = ["Plan for \(shard.count) shard\(shard.count == 1 ? "" : "s") of \(planned.paths.count) files "
            + "(suite \(suite)), \(basisText):"]
        for (index, keys) in plan.shards.enumerated() {
            let cost = plan.expectedCost[index]
            lines.append("  shard \(index + 1)/\(shard.count): \(keys.count) files, expected "
                + (planned.basis.run == nil ? "\(Int(cost)) bytes" : String(format: "%.1f s", cost / 1000)))
            if verbose { lines += keys.map { "    \($0)" } }
        }
        lines.append(String(format: "expected imbalance (longest / mean): %.2f", plan.expectedImbalance))
        lines.append("plan-fingerprint: \(plan.fingerprint)")
        lines.append("plan-basis: \(planned.basis.run.map { String($0.runId) } ?? "none")")
        return lines.joined(separator: "\n")
    }

    /// Runs this shard's files; a shard with none is an empty run (still recorded, so the run
    /// it belongs to can be complete).
    func run(_ command: RunCommand) throws -> RunReport {
        if files.isEmpty {
            return RunReport(engine: command.engine.rawValue, engineName: command.engineName, startedAt: Date(),
                             durationMs: 0, files: [])
        }
        return try command.performRun(paths: files)
    }
}
