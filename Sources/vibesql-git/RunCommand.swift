// `vibesql-git run`: run SQLLogicTest files in worker processes; one line per file, a summary.
import ArgumentParser
import ConformanceHistory
import Foundation
import Results
import SQLLogicTest
import VibeGit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run SQLLogicTest files against an engine.",
        discussion: """
            Files run in worker processes, largest first; a worker that crashes or exceeds the time \
            limit fails only its file (CRASH, TIMEOUT). Each finished file is appended to a journal \
            (by default under the repository's git directory, vibesql/), so a killed run keeps what \
            it finished and --resume continues it. Exits non-zero when any file did not pass.

            Unless --no-record, the run is recorded in refs/vibesql/results against HEAD: its \
            commit, parents, subject, branch, whether the work tree is dirty, the suite's \
            fingerprint, the host, times, the CI run id, and every file's and failing record's \
            result, as one SQL dump. Without paths, the suite named by --suite (or the hook's \
            suite) in .vibesql/config is run.

            --shard K/N runs the K-th of N parts of the files, as one machine of a CI matrix: \
            every machine computes the same split, balanced by the durations of one recorded run \
            (--plan-basis; by default the nearest complete run of the suite) and by size for files \
            it lacks. Each shard is recorded with the CI run id; readers show the shards of one \
            run id at one commit as one run, partial until all N are recorded.
            """)

    @Option(help: "The engine to test: vibesql or sqlite.")
    var engine: EngineKind = .vibesql

    @Option(name: .customLong("engine-name"), help: "The name skipif/onlyif conditions match.")
    var engineName = "sqlite"

    @Flag(name: [.short, .long], help: "Under each failing file, every failing record: its SQL and a diff of expected and actual output.")
    var verbose = false

    @Flag(help: "Print one JSON object (totals and one entry per file) instead of lines.")
    var json = false

    @Option(help: "Worker processes (default: all cores; 0 runs in this process, without isolation).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Per-file time limit in seconds.")
    var timeout: Double = 300

    @Option(name: .customLong("journal-dir"), help: "Directory for the run journals (default: <git dir>/vibesql; each run's is journals/<id>.jsonl).")
    var journalDir: String?

    @Flag(help: "Continue the newest unfinished run of the same files and engine (an error when there is none).")
    var resume = false

    @Option(help: "Also write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .customLong("no-record"), help: "Do not record the run in refs/vibesql/results.")
    var noRecord = false

    @Option(help: "The suite's name in the record (and, without paths, which .vibesql/config suite to run).")
    var suite: String?

    @Option(name: .customLong("ci-run-id"), help: "The CI run id to record (default: from GITHUB_RUN_ID, CI_PIPELINE_ID, ...).")
    var ciRunId: String?

    @Option(help: ArgumentHelp("Run only shard K of N (e.g. 2/4), recorded as that part of the CI run.",
                               valueName: "K/N"))
    var shard: String?

    @Flag(help: "With --shard: print the plan (every shard's files and expected time) and run nothing.")
    var plan = false

    @Option(name: .customLong("plan-basis"), help: ArgumentHelp(
        "With --shard: the recorded run whose file durations balance the shards, or none (default: the nearest complete run of the suite on HEAD's history).",
        valueName: "RUN"))
    var planBasis: String?

    @Option(name: .customLong("report-file"), help: .hidden)
    var reportFile: String?

    @Argument(help: "Test files or folders (searched recursively for *.test).")
    var paths: [String] = []

    /// The suite's name and paths: the paths given (named by --suite or "custom"), or the
    /// configured suite's.
    func resolveSuite() throws -> (String, [String]) {
        if !paths.isEmpty { return (suite ?? "custom", paths) }
        let repository = try Repository.openFromEnvironment()
        let config = try VibeConfig.load(from: repository)
        guard let chosen = suite.flatMap({ name in config.suites.first { $0.name == name } }) ?? (suite == nil ? config.suiteForHook : nil) else {
            throw ValidationError(suite.map { "no suite '\($0)' in \(VibeConfig.path)" }
                ?? "give test files or folders, or configure a suite in \(VibeConfig.path)")
        }
        let root = repository.workTree ?? "."
        return (chosen.name, chosen.paths.map { $0.hasPrefix("/") ? $0 : root + "/" + $0 })
    }

    func validate() throws {
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 or more") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        // Refused before anything runs: a missing path is a typo, never a failing file.
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: \(TerminalText.escaped(path, keepNewlines: false))")
        }
        if let suite, let problem = RunArguments.problem(suiteName: suite) { throw ValidationError("--suite: \(problem)") }
        if let ciRunId, let problem = RunArguments.problem(ciRunId: ciRunId) { throw ValidationError("--ci-run-id: \(problem)") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error)") }
        } else if plan || planBasis != nil {
            throw ValidationError("--plan and --plan-basis go with --shard K/N")
        }
    }

    func run() throws {
        let (suiteName, suitePaths) = try resolveSuite()
        let ci = ciRunId ?? RunMetadata.ciRunId(environment: ProcessInfo.processInfo.environment)
        var part: ShardPart?
        if let shard {
            part = try ShardPart.plan(try Shard(parsing: shard), suite: suiteName, paths: suitePaths, basis: planBasis)
            if plan {
                print(part?.planText(verbose: verbose) ?? "")
                return
            }
            if !noRecord && ci == nil {
                throw ValidationError("a shard is recorded as part of a CI run: give --ci-run-id (or run in CI, "
                    + "where GITHUB_RUN_ID, CI_PIPELINE_ID, ... name it), or use --no-record")
            }
            if let part, !json { say(part.headline) }
        }
        // Fail before running when the run could not be recorded anyway.
        var recording: (ConformanceHistory, RunSource)?
        if !noRecord {
            let history = try ConformanceHistory.current()
            _ = try history.resultsTip()  // a foreign results ref fails now, not after the run
            recording = (history, try history.headSource())
        }
        let report = try part.map { try $0.run(self) } ?? performRun(paths: suitePaths)
        if let reportFile {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: reportFile))
        }
        if let (history, source) = recording {
            let cwd = FileManager.default.currentDirectoryPath
            let (relative, originals) = ConformanceHistory.relativize(report, root: history.repository.workTree, cwd: cwd)
            let recorded = try history.record(relative, source: source, suite: suiteName, ciRunId: ci, originals: originals,
                                              shard: part?.recordedShard)
            let message = "Recorded run \(recorded.runId) (suite \(suiteName)"
                + (part.map { ", shard \($0.shard) of CI run \(ci ?? "?")" } ?? "") + ") for \(source.commit.id.short) on "
                + (source.branch ?? "detached HEAD") + (source.dirty ? " (dirty work tree)" : "")
                + " in \(history.referenceName) (\(recorded.result.commit.short))."
            if json { printError(message) } else { print(message) }
        }
        if let junit {
            try JUnitReport.xml(report).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(RunSummary(report)), as: UTF8.self))
        } else {
            say(RunText.summary(report))
        }
        if !report.passed { throw ExitCode(1) }
    }

    /// Runs the files and returns the report, printing progress as files finish.
    func performRun(paths: [String]) throws -> RunReport {
        var worker: WorkerLaunch?
        if jobs > 0 {
            guard let exe = WorkerLaunch.currentExecutable else {
                throw ValidationError("cannot find this executable to start workers; use --jobs 0")
            }
            worker = WorkerLaunch(executable: exe,
                                   arguments: ["worker", "--engine", engine.rawValue, "--engine-name", engineName,
                                               "--timeout", String(timeout)])
        }
        let options = RunOptions(paths: paths, engine: engine, engineName: engineName, worker: worker,
                                 jobs: jobs, timeout: timeout,
                                 journalDirectory: journalDir ?? GitDirectory.find().map { $0 + "/vibesql" },
                                 resume: resume)
        let display = ProgressDisplay()
        let report: RunReport
        do {
            report = try ConformanceRun.run(options) { progress in
                if let latest = progress.latest, !json {
                    display.clear()
                    say(RunText.line(latest, verbose: verbose))
                }
                display.update(progress)
            }
        } catch let error as RunnerError {
            display.finish()
            throw ValidationError(error.description)
        }
        display.finish()
        return report
    }
}

extension EngineKind: ExpressibleByArgument {}

/// Checks of `run`'s recorded names, made before the suite runs (they end up in trailers, one
/// line each, and in the results database).
enum RunArguments {
    static func problem(suiteName: String) -> String? {
        let allowed = suiteName.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard !suiteName.isEmpty, suiteName.count <= 100, allowed else {
            return "'\(TerminalText.escaped(suiteName, keepNewlines: false))' is not a suite name (letters, digits, '.', '_' and '-', at most 100)"
        }
        return nil
    }

    static func problem(ciRunId: String) -> String? {
        let printable = ciRunId.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }
        guard !ciRunId.isEmpty, ciRunId.count <= 100, printable else {
            return "'\(TerminalText.escaped(ciRunId, keepNewlines: false))' is not a CI run id (one line of printable characters, at most 100)"
        }
        return nil
    }
}

/// The plain-text lines of `run`.
enum RunText {
    static func line(_ f: FileReport, verbose: Bool = false) -> String {
        let status = f.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        var text = "\(status) \(f.path)"
        switch f.status {
        case .pass:
            text += "  (\(f.records.run) run, \(f.records.skipped) skipped, \(f.durationMs) ms)"
        case .fail:
            if f.records.run > 0 || f.error == nil {
                text += "  (\(f.records.failed) of \(f.records.run) records failed, \(f.records.skipped) skipped)"
            }
            if let e = f.error { text += "\n    \(e)" }
            let shown = verbose ? f.failures.count : 3
            for failure in f.failures.prefix(shown) {
                var detail = "\n    \(f.path):\(failure.line): \(failure.message)"
                if let e = failure.error { detail += ": \(e)" }
                text += detail
                if verbose { text += "\n" + failure.detail() }
            }
            if f.failures.count > shown { text += "\n    ... and \(f.failures.count - shown) more (--verbose shows them all)" }
        case .crash, .timeout:
            let first = f.error?.split(separator: "\n").first.map(String.init) ?? ""
            text += "  \(first)"
        }
        return text
    }

    static func summary(_ r: RunReport) -> String {
        let f = r.fileCounts, t = r.recordTotals
        return """
            Files:   \(f.total) total, \(f.passed) passed, \(f.failed) failed (\(f.crashed) crashed, \(f.timedOut) timed out)
            Records: \(t.run) run, \(t.passed) passed, \(t.failed) failed, \(t.skipped) skipped
            Engine:  \(r.engine) (conditions as '\(r.engineName)'), \(String(format: "%.1f", Double(r.durationMs) / 1000)) s
            """
    }
}

/// Finds the git directory of the repository around the current directory (worktrees included).
enum GitDirectory {
    static func find(from start: String = FileManager.default.currentDirectoryPath) -> String? {
        var dir = URL(fileURLWithPath: start).standardizedFileURL
        let fm = FileManager.default
        while true {
            let dotGit = dir.appendingPathComponent(".git").path
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: dotGit, isDirectory: &isDirectory) {
                if isDirectory.boolValue { return dotGit }
                // A worktree's .git is a file: "gitdir: <path>".
                if let text = try? String(contentsOfFile: dotGit, encoding: .utf8),
                   let line = text.split(separator: "\n").first, line.hasPrefix("gitdir:") {
                    let path = line.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
                    return path.hasPrefix("/") ? path : dir.appendingPathComponent(path).standardizedFileURL.path
                }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }
}
