// The pre-push hook's checker: materialise the pushed commit, build it with the configured
// command (so the engine tested is the one being pushed, never a stale binary), run the
// configured suite unless that commit and suite are already recorded, record the run, and
// compare it with the nearest recorded run of the baseline branch.
import Foundation
import ArgumentParser
import Results
import SQLLogicTest
import VibeGit

struct RecordingChecker: ConformanceChecker {
    let context: ResultsContext

    func check(_ target: PrePushTarget) throws -> CheckReport {
        let started = Date()
        let suite = target.suite
        if !target.alreadyRecorded {
            let report = try runSuite(target, started: started)
            let branch = target.localRefs.first { $0.hasPrefix("refs/heads/") }.map { String($0.dropFirst("refs/heads/".count)) }
            let source = RunRecording.Source(commit: try context.repository.commit(target.commit), branch: branch, dirty: false)
            _ = try RunRecording(context: context).record(report.report, source: source, suite: suite.name,
                                                          ciRunId: RunMetadata.ciRunId(environment: ProcessInfo.processInfo.environment),
                                                          originals: report.originals, readFrom: report.directory)
            try? FileManager.default.removeItem(atPath: report.directory)
        }
        guard let head = try context.nearestRun(history: [target.commit.hex], suite: suite.name, quiet: true),
              let headSnapshot = try head.database.snapshot(head.run.runId) else {
            throw CLIError("the run of \(target.commit.short) could not be read back from \(context.store.referenceName)")
        }
        var summary = "\(suite.name): \(head.run.passed)/\(head.run.total) files passed (\(String(format: "%.1f", head.run.passRate))%)"
            + (target.alreadyRecorded ? " (already recorded)" : "")
        let baselineName = target.config.baselineBranch
        guard let baselineCommit = ["refs/heads/\(baselineName)", "refs/remotes/origin/\(baselineName)", baselineName]
            .lazy.compactMap({ try? self.context.repository.resolve($0) }).first else {
            return CheckReport(summary: summary + "; no branch \(baselineName) to compare with")
        }
        let history = try context.historyIds(of: baselineCommit.hex)
        guard let base = try context.nearestRun(history: history, suite: suite.name, quiet: true),
              let baseSnapshot = try base.database.snapshot(base.run.runId) else {
            return CheckReport(summary: summary + "; no recorded run on \(baselineName) to compare with")
        }
        summary += "; baseline \(baselineName)@\(base.run.shortCommit): \(base.run.passed)/\(base.run.total)"
        let comparison = RunComparison(base: baseSnapshot, head: headSnapshot)
        var regressions = comparison.regressedFiles.map {
            Regression(file: $0.path, detail: "\($0.before) → \($0.after)" + ($0.detail.map { " (\($0))" } ?? ""))
        }
        regressions += comparison.regressedRecords.map {
            Regression(file: $0.file, recordKey: $0.key,
                       detail: "line \($0.after?.line ?? 0): \($0.after?.message ?? "")" + ($0.after?.error.map { ": \($0)" } ?? ""))
        }
        return CheckReport(summary: summary, regressions: regressions)
    }

    struct SuiteRun {
        var report: RunReport
        var originals: [String: String]
        var directory: String
    }

    /// Exports the commit's tree, builds it if configured, and runs the suite there.
    func runSuite(_ target: PrePushTarget, started: Date) throws -> SuiteRun {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vibesql-pre-push-\(target.commit.short)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let gitDir = context.repository.commonDirectory
        try shell("git --git-dir=\(quote(gitDir)) archive --format=tar \(target.commit.hex) | tar -x -C \(quote(directory))",
                  in: directory, timeout: nil, what: "exporting \(target.commit.short)")
        let budget = target.config.timeBudget.map(Double.init)
        func remaining() -> Double? { budget.map { max(1, $0 - Date().timeIntervalSince(started)) } }
        var fresh: String?
        if let build = target.config.buildCommand {
            try shell(build, in: directory, timeout: remaining(), what: "building \(target.commit.short) (`\(build)`)")
            fresh = ["release", "debug"].map { "\(directory)/.build/\($0)/vibesql-git" }
                .filter { FileManager.default.isExecutableFile(atPath: $0) }
                .max { (modified($0) ?? .distantPast) < (modified($1) ?? .distantPast) }
        }
        let paths = target.suite.paths
        let timeout = min(Double(target.suite.timeout ?? 300), remaining() ?? .infinity)
        let report: RunReport
        if let fresh {
            // The engine being pushed, built from the pushed tree.
            let reportFile = directory + "/.vibesql-report.json"
            try shell(([fresh, "run", "--no-record", "--report-file", reportFile, "--timeout", String(Int(timeout))] + paths)
                        .map(quote).joined(separator: " ") + " >/dev/null 2>&1; test -f \(quote(reportFile))",
                      in: directory, timeout: remaining(), what: "running suite \(target.suite.name) with \(fresh)")
            report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportFile)))
        } else {
            let previous = FileManager.default.currentDirectoryPath
            guard FileManager.default.changeCurrentDirectoryPath(directory) else {
                throw ValidationError("cannot enter \(directory) to run the suite")
            }
            defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
            let worker = WorkerLaunch.currentExecutable.map {
                WorkerLaunch(executable: $0, arguments: ["worker", "--engine", "vibesql", "--engine-name", "sqlite"])
            }
            report = try ConformanceRun.run(RunOptions(paths: paths, worker: worker,
                                                       jobs: worker == nil ? 0 : ProcessInfo.processInfo.activeProcessorCount,
                                                       timeout: timeout))
        }
        let (relative, originals) = RunRecording.relativize(report, root: directory, cwd: directory)
        return SuiteRun(report: relative, originals: originals, directory: directory)
    }

    func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a shell command with git's hook variables removed; fails with its output.
    func shell(_ command: String, in directory: String, timeout: Double?, what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX"] { environment[key] = nil }
        process.environment = environment
        // Output goes to a file: a pipe nobody drains would stall a chatty build.
        let log = directory + "/.vibesql-command.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)  // FileHandle below reports a failure
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while process.isRunning {
            if let deadline, Date() > deadline {
                process.terminate()
                throw CLIError("\(what): over the time budget (\(Int(timeout ?? 0)) s left)")
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(15).joined(separator: "\n")
            throw CLIError("\(what) failed with status \(process.terminationStatus)\n\(text)")
        }
    }
}
