// A whole conformance run: find the files, run them (in worker processes or in this process),
// journal each as it finishes, and return the report. The CLI is a thin shell around this.
import Foundation

/// Everything a run needs to know.
public struct RunOptions: Sendable {
    public var paths: [String]
    public var engine: EngineKind
    public var engineName: String
    /// Worker processes to use; nil runs every file in this process (no isolation).
    public var worker: WorkerLaunch?
    public var jobs: Int
    /// Per-file time limit in seconds: the engine stops the statement that passes it (TIMEOUT);
    /// a worker that does not stop is killed a little later.
    public var timeout: Double
    /// Directory for the journal; nil keeps no journal.
    public var journalDirectory: String?
    /// Continue the journal's unfinished run instead of starting over.
    public var resume: Bool

    public init(paths: [String], engine: EngineKind = .vibesql, engineName: String = "sqlite",
                worker: WorkerLaunch? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                timeout: Double = 300, journalDirectory: String? = nil, resume: Bool = false) {
        self.paths = paths
        self.engine = engine
        self.engineName = engineName
        self.worker = worker
        self.jobs = jobs
        self.timeout = timeout
        self.journalDirectory = journalDirectory
        self.resume = resume
    }
}

/// Progress as files finish.
public struct RunProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var recordsDone: Int
    public var failedFiles: Int
    public var failedRecords: Int
    public var elapsed: Double
    /// The file that just finished (nil for the first call, with files resumed from a journal).
    public var latest: FileReport?
}

public enum ConformanceRun {
    /// Runs the files and returns the report, calling `onProgress` after each file (and once at
    /// the start). Each finished file is in the journal before `onProgress` hears of it.
    public static func run(_ options: RunOptions, onProgress: (RunProgress) -> Void = { _ in }) throws -> RunReport {
        let clock = ContinuousClock.now
        let files = TestDiscovery.files(in: options.paths)
        guard !files.isEmpty else { throw RunnerError.noTestFiles(options.paths) }

        var header = JournalHeader(engine: options.engine.rawValue, engineName: options.engineName, files: files)
        var done: [String: FileReport] = [:]
        let journal: RunJournal?
        if options.resume {
            guard let directory = options.journalDirectory else { throw RunnerError.journal("--resume needs a journal directory") }
            let (resumed, contents) = try unfinishedRun(in: directory, like: header)
            header = contents.header
            for f in contents.finished { done[f.path] = f }
            try resumed.reopen()
            journal = resumed
        } else if let directory = options.journalDirectory {
            RunJournal.removeFinished(in: directory)
            journal = RunJournal(directory: directory, runId: header.runId)
            try journal?.start(header)
        } else {
            journal = nil
        }

        var progress = RunProgress(filesDone: 0, filesTotal: files.count, recordsDone: 0, failedFiles: 0,
                                   failedRecords: 0, elapsed: 0, latest: nil)
        func account(_ r: FileReport) {
            progress.filesDone += 1
            progress.recordsDone += r.records.run
            if r.status != .pass { progress.failedFiles += 1 }
            progress.failedRecords += r.records.failed
        }
        for r in done.values { account(r) }
        onProgress(progress)

        var journalError: Error?
        func finished(_ report: FileReport) {
            done[report.path] = report
            do { try journal?.append(report) } catch { journalError = journalError ?? error }
            account(report)
            progress.elapsed = (ContinuousClock.now - clock).seconds
            progress.latest = report
            onProgress(progress)
        }
        let remaining = files.filter { done[$0] == nil }
        if let worker = options.worker {
            let pool = WorkerPool(command: worker, jobs: options.jobs, timeout: options.timeout)
            try pool.run(files: remaining, onFinished: finished)
        } else {
            var runner = FileRunner(engine: options.engine, engineName: options.engineName)
            runner.timeLimit = options.timeout
            for f in remaining { finished(runner.run(path: f)) }
        }
        if let journalError { throw journalError }
        try journal?.finish()
        return RunReport(engine: options.engine.rawValue, engineName: options.engineName,
                         startedAt: header.startedAt, durationMs: clock.elapsedMs,
                         files: files.compactMap { done[$0] })
    }

    /// The newest unfinished run under `directory` of the same files and engine as `header`;
    /// an error that says what is there when there is none.
    static func unfinishedRun(in directory: String, like header: JournalHeader) throws -> (RunJournal, RunJournal.Contents) {
        let journals = RunJournal.all(in: directory)
        let unfinished = journals.filter { !$0.contents.complete }
        let same = unfinished.filter {
            $0.contents.header.engine == header.engine && $0.contents.header.engineName == header.engineName
                && $0.contents.header.files == header.files
        }
        guard let newest = same.max(by: { $0.contents.header.startedAt < $1.contents.header.startedAt }) else {
            if unfinished.isEmpty {
                throw RunnerError.journal("no unfinished run to resume in \(RunJournal.folder(directory))"
                    + (journals.isEmpty ? "" : ": the last run finished") + " (run without --resume)")
            }
            throw RunnerError.journal("no unfinished run of these \(header.files.count) files with engine \(header.engine) "
                + "to resume (\(unfinished.count) unfinished run(s) of other files or engines in \(RunJournal.folder(directory)))")
        }
        return (newest.journal, newest.contents)
    }
}
