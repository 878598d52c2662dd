// The pre-push hook's checker: materialise the pushed commit, build it with the configured
// command (so the engine tested is the one being pushed, never a stale binary), run the
// configured suite unless that commit and suite are already recorded, record the run, and
// compare it with the nearest recorded run of the baseline branch.
import Foundation
import Results
import SQLLogicTest
import VibeGit

/// Checks pushed commits against the baseline, recording the runs it makes.
public struct PrePushChecker: ConformanceChecker {
    public let history: ConformanceHistory
    /// How to start workers when no build gives a fresh `vibesql-git` (nil: run in process).
    public var worker: WorkerLaunch?
    /// Where the pushed trees are exported and built (each in a folder of its own, removed after).
    public var temporaryDirectory = FileManager.default.temporaryDirectory.path

    public init(history: ConformanceHistory, worker: WorkerLaunch?) {
        self.history = history
        self.worker = worker
    }

    public func check(_ target: PrePushTarget) throws -> CheckReport {
        let started = Date()
        let suite = target.suite
        if !target.alreadyRecorded {
            let directory = try makeDirectory(for: target)
            // Removed whatever happens: success, failed build, time budget expired.
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let run = try runSuite(target, in: directory, started: started)
            let branch = (target.remoteRefs + target.localRefs).first { $0.hasPrefix("refs/heads/") }
                .map { String($0.dropFirst("refs/heads/".count)) }
            let source = RunSource(commit: try history.repository.commit(target.commit), branch: branch, dirty: false)
            _ = try history.record(run.report, source: source, suite: suite.name,
                                   ciRunId: RunMetadata.ciRunId(environment: ProcessInfo.processInfo.environment),
                                   originals: run.originals, readFrom: directory + "/tree")
        }
        guard let head = try history.nearestRun(history: [target.commit.hex], suite: suite.name) else {
            throw HistoryError(.repository, "the run of \(target.commit.short) could not be read back from \(history.referenceName)")
        }
        let headSnapshot = try head.snapshot()
        var summary = "\(suite.name): \(head.run.passed)/\(head.run.total) files passed (\(String(format: "%.1f", head.run.passRate))%)"
            + (target.alreadyRecorded ? " (already recorded)" : "")
        let baselineName = target.config.baselineBranch
        guard let baselineCommit = ["refs/heads/\(baselineName)", "refs/remotes/origin/\(baselineName)", baselineName]
            .lazy.compactMap({ try? self.history.repository.resolve($0) }).first else {
            return CheckReport(summary: summary + "; no branch \(baselineName) to compare with")
        }
        let baseHistory = try history.historyIds(of: baselineCommit.hex)
        guard let base = try history.nearestRun(history: baseHistory, suite: suite.name) else {
            return CheckReport(summary: summary + "; no recorded run on \(baselineName) to compare with")
        }
        summary += "; baseline \(baselineName)@\(base.run.shortCommit): \(base.run.passed)/\(base.run.total)"
        let comparison = RunComparison(base: try base.snapshot(), head: headSnapshot)
        var regressions = comparison.regressedFiles.map {
            Regression(file: $0.path, detail: "\($0.before) → \($0.after)" + ($0.detail.map { " (\($0))" } ?? ""))
        }
        regressions += comparison.regressedRecords.map {
            Regression(file: $0.file, recordKey: $0.key,
                       detail: "line \($0.after?.line ?? 0): \($0.after?.message ?? "")" + ($0.after?.error.map { ": \($0)" } ?? ""))
        }
        return CheckReport(summary: summary, regressions: regressions)
    }

    /// A run of the suite on the pushed tree, with paths relative to the tree.
    struct SuiteRun {
        var report: RunReport
        var originals: [String: String]
    }

    func makeDirectory(for target: PrePushTarget) throws -> String {
        let directory = temporaryDirectory + "/vibesql-pre-push-\(target.commit.short)-\(UUID().uuidString.prefix(8))"
        for folder in ["tree", "tmp"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        return directory
    }

    /// Exports the commit's tree into `directory`/tree, builds it if configured, and runs the
    /// suite there. The build's own temporary files go to `directory`/tmp.
    func runSuite(_ target: PrePushTarget, in directory: String, started: Date) throws -> SuiteRun {
        let tree = directory + "/tree"
        let gitDir = history.repository.commonDirectory
        try shell("git --git-dir=\(ShellQuote.quote(gitDir)) archive --format=tar \(target.commit.hex) | tar -x -C \(ShellQuote.quote(tree))",
                  in: directory, timeout: nil, what: "exporting \(target.commit.short)")
        let budget = target.config.timeBudget.map(Double.init)
        func remaining() -> Double? { budget.map { max(1, $0 - Date().timeIntervalSince(started)) } }
        var fresh: String?
        if let build = target.config.buildCommand {
            try shell(build, in: tree, timeout: remaining(), what: "building \(target.commit.short) (`\(build)`)", logIn: directory)
            fresh = ["release", "debug"].map { "\(tree)/.build/\($0)/vibesql-git" }
                .filter { FileManager.default.isExecutableFile(atPath: $0) }
                .max { (modified($0) ?? .distantPast) < (modified($1) ?? .distantPast) }
        }
        let paths = target.suite.paths
        let timeout = min(Double(target.suite.timeout ?? 300), remaining() ?? .infinity)
        let report: RunReport
        if let fresh {
            // The engine being pushed, built from the pushed tree.
            let reportFile = directory + "/report.json"
            try shell(([fresh, "run", "--no-record", "--report-file", reportFile, "--timeout", String(Int(timeout))] + paths)
                        .map(ShellQuote.quote).joined(separator: " ") + " >/dev/null 2>&1; test -f \(ShellQuote.quote(reportFile))",
                      in: tree, timeout: remaining(), what: "running suite \(target.suite.name) with \(fresh)", logIn: directory)
            report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportFile)))
        } else {
            let previous = FileManager.default.currentDirectoryPath
            guard FileManager.default.changeCurrentDirectoryPath(tree) else {
                throw HistoryError(.repository, "cannot enter \(tree) to run the suite")
            }
            defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
            report = try ConformanceRun.run(RunOptions(paths: paths, worker: worker,
                                                       jobs: worker == nil ? 0 : ProcessInfo.processInfo.activeProcessorCount,
                                                       timeout: timeout))
        }
        let (relative, originals) = ConformanceHistory.relativize(report, root: tree, cwd: tree)
        return SuiteRun(report: relative, originals: originals)
    }

    func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Runs a shell command in its own process group, with git's hook variables removed and
    /// TMPDIR inside the check's folder; fails with the end of its output. Over `timeout`, the
    /// whole group is ended.
    func shell(_ command: String, in directory: String, timeout: Double?, what: String, logIn logDirectory: String? = nil) throws {
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX"] { environment[key] = nil }
        let home = logDirectory ?? directory
        environment["TMPDIR"] = home + "/tmp"
        environment["LC_ALL"] = "C"
        environment["LANGUAGE"] = ""
        // Output goes to a file: a pipe nobody drains would stall a chatty build.
        let log = home + "/command.log"
        let outcome = try GroupProcess.run(command, in: directory, environment: environment, log: log, timeout: timeout)
        switch outcome {
        case .exited(0):
            return
        case .timedOut:
            throw HistoryError(.repository, "\(what): over the time budget (\(Int(timeout ?? 0)) s left); stopped it")
        case .exited(let status), .signalled(let status):
            let text = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(15).joined(separator: "\n")
            throw HistoryError(.repository, "\(what) failed with status \(status)\n\(text)")
        }
    }
}
