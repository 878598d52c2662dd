// Recording a runner report in the results ref: the metadata of the tested commit and the
// machine, repository-relative paths, record keys over whole files, one dump blob.
import Foundation
import Results
import SQLLogicTest
import VibeGit

/// What a run tested: a commit, its branch, whether the work tree differed from it.
public struct RunSource: Sendable {
    public var commit: Commit
    public var branch: String?
    public var dirty: Bool

    public init(commit: Commit, branch: String?, dirty: Bool) {
        self.commit = commit
        self.branch = branch
        self.dirty = dirty
    }
}

/// A recorded run: its id and where the results ref stands after it.
public struct RecordedRun: Sendable {
    public var runId: Int64
    public var result: AppendResult
}

extension ConformanceHistory {
    /// The source from HEAD. A branch without commits is a usage error saying what to do.
    public func headSource() throws -> RunSource {
        switch try repository.head() {
        case .unborn(let branch):
            throw HistoryError(.usage, "branch '\(branch)' has no commits yet, so the run cannot be tied to a commit "
                + "(commit first, or use --no-record)")
        case .branch(let name, let commit):
            return RunSource(commit: try repository.commit(commit), branch: name, dirty: try repository.isWorkTreeDirty())
        case .detached(let commit):
            return RunSource(commit: try repository.commit(commit), branch: nil, dirty: try repository.isWorkTreeDirty())
        }
    }

    /// Rewrites a report's paths relative to `root` (the directory the suite's paths are
    /// relative to), so runs from any directory line up. Returns the report, sorted by path,
    /// and each relative path's path as run.
    public static func relativize(_ report: RunReport, root: String?, cwd: String) -> (RunReport, [String: String]) {
        var originals: [String: String] = [:]
        var copy = report
        let base = root.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        copy.files = report.files.map { file in
            var f = file
            f.path = relativePath(file.path, base: base, cwd: cwd)
            originals[f.path] = file.path
            return f
        }
        copy.files.sort { $0.path < $1.path }
        return (copy, originals)
    }

    /// A path as run, relative to `base` (a resolved directory) when it lies under it.
    static func relativePath(_ path: String, base: String?, cwd: String) -> String {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
            .standardizedFileURL.resolvingSymlinksInPath().path
        if let base, absolute.hasPrefix(base + "/") { return String(absolute.dropFirst(base.count + 1)) }
        return path
    }

    /// Records a run in the results ref. `originals` maps the report's paths to the paths the
    /// files were run from (relative ones under `directory` when given): the files are read
    /// again for the suite's fingerprint and the record keys.
    public func record(_ report: RunReport, source: RunSource, suite: String, ciRunId: String?,
                       originals: [String: String] = [:], readFrom directory: String? = nil,
                       shard: RunShard? = nil) throws -> RecordedRun {
        let completed = report.startedAt.addingTimeInterval(Double(report.durationMs) / 1000)
        let runId = RunID.make(at: report.startedAt)
        func onDisk(_ path: String) -> String {
            let original = originals[path] ?? path
            if let directory, !original.hasPrefix("/") { return directory + "/" + original }
            return original
        }
        let metadata = RunMetadata(
            runId: runId, startedAt: report.startedAt, completedAt: completed,
            sourceCommit: source.commit.id.hex, parents: source.commit.parents.map(\.hex),
            subject: source.commit.subject, commitTime: source.commit.authorTime, branch: source.branch,
            dirty: source.dirty, suite: suite,
            suiteFingerprint: SuiteFingerprint.of(files: report.files.map { f in
                (f.path, FileManager.default.contents(atPath: onDisk(f.path)).map { [UInt8]($0) } ?? [])
            }),
            host: ProcessInfo.processInfo.hostName, ciRunId: ciRunId, shard: shard)
        let dump = RunRecorder.dump(report: report, metadata: metadata) { path in
            (try? TestFileParser.parse(contentsOf: onDisk(path))).map(RecordKey.records)
        }
        let (summary, trailers) = RunRecorder.summary(report: report, metadata: metadata)
        let run = NewRun(sourceCommit: source.commit.id, runId: String(runId), dump: dump, summary: summary,
                         trailers: trailers.map { Trailer($0.0, $0.1) })
        return RecordedRun(runId: runId, result: try store.append(run, schema: ResultsSchema.sql))
    }

    /// Whether a readable run of `suite` is recorded for `commit`.
    public func hasRun(of commit: ObjectID, suite: String) throws -> Bool {
        let recorded = try runSummaries().runs
            .filter { $0.commit == commit.hex && $0.suite == suite && isReadable($0) }
            .sorted { ($0.recordedAt, $0.runId) < ($1.recordedAt, $1.runId) }
        return RunSummaryLine.combiningShards(recorded).contains { $0.isComplete }
    }
}
