// Recording a runner report in the results ref: the metadata of the tested commit and the
// machine, repository-relative paths, record keys over whole files, one dump blob.
import Foundation
import Results
import SQLLogicTest
import VibeGit

struct RunRecording {
    let context: ResultsContext

    /// What the run tested: a commit, its branch, whether the work tree differed.
    struct Source {
        var commit: Commit
        var branch: String?
        var dirty: Bool
    }

    /// The source from HEAD. Fails with a clear message when there is nothing to record against.
    func headSource() throws -> Source {
        switch try context.repository.head() {
        case .unborn(let branch):
            throw CLIError("branch '\(branch)' has no commits yet, so the run cannot be tied to a commit "
                + "(commit first, or use --no-record)")
        case .branch(let name, let commit):
            return Source(commit: try context.repository.commit(commit), branch: name,
                          dirty: try context.repository.isWorkTreeDirty())
        case .detached(let commit):
            return Source(commit: try context.repository.commit(commit), branch: nil,
                          dirty: try context.repository.isWorkTreeDirty())
        }
    }

    /// Rewrites the report's paths relative to `root` (the directory the suite's paths are
    /// relative to), so runs from any directory line up.
    static func relativize(_ report: RunReport, root: String?, cwd: String) -> (RunReport, [String: String]) {
        var originals: [String: String] = [:]
        var copy = report
        let base = root.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        copy.files = report.files.map { file in
            var f = file
            let absolute = URL(fileURLWithPath: file.path, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
                .standardizedFileURL.resolvingSymlinksInPath().path
            if let base, absolute.hasPrefix(base + "/") { f.path = String(absolute.dropFirst(base.count + 1)) }
            originals[f.path] = file.path
            return f
        }
        copy.files.sort { $0.path < $1.path }
        return (copy, originals)
    }

    /// Records a run; returns the run id and the store's answer.
    func record(_ report: RunReport, source: Source, suite: String, ciRunId: String?,
                originals: [String: String], readFrom directory: String? = nil) throws -> (runId: Int64, result: AppendResult) {
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
            host: ProcessInfo.processInfo.hostName, ciRunId: ciRunId)
        let dump = RunRecorder.dump(report: report, metadata: metadata) { path in
            (try? TestFileParser.parse(contentsOf: onDisk(path))).map(RecordKey.records)
        }
        let (summary, trailers) = RunRecorder.summary(report: report, metadata: metadata)
        let run = NewRun(sourceCommit: source.commit.id, runId: String(runId), dump: dump, summary: summary,
                         trailers: trailers.map { Trailer($0.0, $0.1) })
        return (runId, try context.store.append(run, schema: ResultsSchema.sql))
    }
}
