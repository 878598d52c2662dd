// Planning a sharded run: every machine of a CI matrix splits the suite's files the same way,
// balanced by how long each file took in one recorded run (the plan's basis), by size where
// that run has no duration for a file, and runs its own part.
import Foundation
import Results
import SQLLogicTest
import VibeGit

/// The recorded run a shard plan takes file durations from (none: sizes only).
public struct PlanBasis: Sendable {
    public var run: RunInfo?
    /// Milliseconds per repository-relative path.
    public var durations: [String: Int]

    public static let none = PlanBasis(run: nil, durations: [:])
}

/// A plan and how its keys map back to the paths the files are run from.
public struct PlannedShards: Sendable {
    public var plan: ShardPlan
    public var basis: PlanBasis
    /// Each key (repository-relative path) → the path as discovered.
    public var paths: [String: String]

    /// The files one shard runs, as paths to run.
    public func files(of shard: Shard) -> [String] {
        plan.files(of: shard).compactMap { paths[$0] }
    }
}

extension ConformanceHistory {
    /// The basis of a plan for `suite`: the run with id `runId` when given ("none": no run),
    /// else the nearest complete run of the suite along HEAD's first-parent history (a partial
    /// sharded run is passed over), else none.
    public func planBasis(suite: String, runId: String? = nil) throws -> PlanBasis {
        if runId == "none" { return .none }
        if let runId {
            guard let id = Int64(runId), let entry = try store.runs().first(where: { $0.runId == runId }) else {
                throw HistoryError(.usage, "no recorded run \(runId) in \(referenceName) to plan shards from "
                    + "(give a run id that `vibesql-git run --plan` printed, or none)")
            }
            let dumps = try store.runs(for: entry.sourceCommit).map { ($0.path, try store.text(of: $0)) }
            let database = try ResultsDatabase(dumps: dumps)
            noteWarnings(of: database)
            guard let run = try database.run(id) else {
                throw HistoryError(.repository, "the run \(runId) could not be read from \(referenceName)")
            }
            return PlanBasis(run: run, durations: try database.fileDurations(run.runId))
        }
        guard try repository.head().commit != nil, let nearest = try nearestRun(of: "HEAD", suite: suite) else {
            return .none
        }
        return PlanBasis(run: nearest.run, durations: try nearest.database.fileDurations(nearest.run.runId))
    }

    /// Splits `files` (paths as discovered, relative to `cwd` or absolute) into `count` shards
    /// by the basis' durations, keyed by their paths relative to the work tree, so that every
    /// clone computes the same plan.
    public func planShards(files: [String], count: Int, basis: PlanBasis,
                           cwd: String = FileManager.default.currentDirectoryPath) throws -> PlannedShards {
        let base = repository.workTree.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        var paths: [String: String] = [:]
        var items: [ShardItem] = []
        for file in files {
            let key = Self.relativePath(file, base: base, cwd: cwd)
            guard paths[key] == nil else { continue }
            paths[key] = file
            items.append(ShardItem(key: key, bytes: TestDiscovery.size(of: file), recordedMs: basis.durations[key]))
        }
        do {
            return PlannedShards(plan: try ShardPlanner.plan(items, count: count), basis: basis, paths: paths)
        } catch let error as ShardError {
            throw HistoryError(.usage, error.description)
        }
    }
}
