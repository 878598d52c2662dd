// The results of a run, as stable Codable values: the results database and `--json` read these.
import Foundation

/// A file's outcome. A file passes only when every record that ran passed.
public enum FileStatus: String, Codable, Sendable, CaseIterable {
    case pass = "PASS"
    case fail = "FAIL"
    /// The worker running the file died (a signal, or an unexpected exit).
    case crash = "CRASH"
    /// The file ran past the per-file time limit.
    case timeout = "TIMEOUT"
}

/// Record counts. `run` = `passed` + `failed`; skipped records never count as run or passed.
public struct RecordCounts: Codable, Sendable, Equatable {
    public var run: Int
    public var passed: Int
    public var failed: Int
    public var skipped: Int

    public init(run: Int = 0, passed: Int = 0, failed: Int = 0, skipped: Int = 0) {
        self.run = run
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
    }

    public static func + (a: RecordCounts, b: RecordCounts) -> RecordCounts {
        RecordCounts(run: a.run + b.run, passed: a.passed + b.passed, failed: a.failed + b.failed,
                     skipped: a.skipped + b.skipped)
    }
}

/// One record that failed.
public struct RecordFailure: Codable, Sendable, Equatable {
    /// 1-based line of the record's header in the file.
    public var line: Int
    /// `statement`, `query`, or `malformed` for a record the parser could not read.
    public var kind: String
    public var sql: String
    /// Why it failed, in one line ("wrong result hash", "expected an error", ...).
    public var message: String
    /// The expected block, lines joined with "\n" (nil for statements).
    public var expected: String?
    /// The actual output as compared (rendered lines, or the hash line).
    public var actual: String?
    /// The engine's error message, if there was one.
    public var error: String?

    public init(line: Int, kind: String, sql: String, message: String, expected: String? = nil,
                actual: String? = nil, error: String? = nil) {
        self.line = line
        self.kind = kind
        self.sql = sql
        self.message = message
        self.expected = expected
        self.actual = actual
        self.error = error
    }
}

/// The outcome of one file.
public struct FileReport: Codable, Sendable, Equatable {
    /// The file's path as it was given to the run (relative paths stay relative).
    public var path: String
    public var status: FileStatus
    public var records: RecordCounts
    public var durationMs: Int
    public var failures: [RecordFailure]
    /// A file-level problem: unreadable file, crash signal, time limit.
    public var error: String?
    /// For CRASH and TIMEOUT: the line of the record that was running.
    public var line: Int?

    public init(path: String, status: FileStatus, records: RecordCounts = RecordCounts(), durationMs: Int = 0,
                failures: [RecordFailure] = [], error: String? = nil, line: Int? = nil) {
        self.path = path
        self.status = status
        self.records = records
        self.durationMs = durationMs
        self.failures = failures
        self.error = error
        self.line = line
    }
}

/// File counts over a run. `failed` counts every file that did not pass (FAIL, CRASH, TIMEOUT).
public struct FileCounts: Codable, Sendable, Equatable {
    public var total: Int
    public var passed: Int
    public var failed: Int
    public var crashed: Int
    public var timedOut: Int

    public init(total: Int = 0, passed: Int = 0, failed: Int = 0, crashed: Int = 0, timedOut: Int = 0) {
        self.total = total
        self.passed = passed
        self.failed = failed
        self.crashed = crashed
        self.timedOut = timedOut
    }
}

/// Record counts over a run; `total` = run + skipped.
public struct RecordTotals: Codable, Sendable, Equatable {
    public var total: Int
    public var run: Int
    public var passed: Int
    public var failed: Int
    public var skipped: Int
}

/// A whole run: which engine, which files, what happened to each.
public struct RunReport: Codable, Sendable, Equatable {
    /// `vibesql` or `sqlite`.
    public var engine: String
    /// The name conditions were evaluated against (`sqlite` unless configured).
    public var engineName: String
    public var startedAt: Date
    public var durationMs: Int
    /// Per file, sorted by path.
    public var files: [FileReport]

    public init(engine: String, engineName: String, startedAt: Date, durationMs: Int, files: [FileReport]) {
        self.engine = engine
        self.engineName = engineName
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.files = files.sorted { $0.path < $1.path }
    }

    public var fileCounts: FileCounts {
        var c = FileCounts(total: files.count)
        for f in files {
            switch f.status {
            case .pass: c.passed += 1
            case .fail: c.failed += 1
            case .crash: c.failed += 1; c.crashed += 1
            case .timeout: c.failed += 1; c.timedOut += 1
            }
        }
        return c
    }

    public var recordTotals: RecordTotals {
        let r = files.reduce(RecordCounts()) { $0 + $1.records }
        return RecordTotals(total: r.run + r.skipped, run: r.run, passed: r.passed, failed: r.failed,
                            skipped: r.skipped)
    }

    /// True when every file passed.
    public var passed: Bool { files.allSatisfy { $0.status == .pass } }
}

/// The `--json` summary: totals and one entry per file (without the failing records).
public struct RunSummary: Codable, Sendable, Equatable {
    public struct FileEntry: Codable, Sendable, Equatable {
        public var file: String
        public var status: FileStatus
        public var records: RecordCounts
        public var durationMs: Int
        public var error: String?
    }
    public var engine: String
    public var engineName: String
    public var durationMs: Int
    public var files: FileCounts
    public var records: RecordTotals
    public var results: [FileEntry]

    public init(_ report: RunReport) {
        engine = report.engine
        engineName = report.engineName
        durationMs = report.durationMs
        files = report.fileCounts
        records = report.recordTotals
        results = report.files.map {
            FileEntry(file: $0.path, status: $0.status, records: $0.records, durationMs: $0.durationMs, error: $0.error)
        }
    }
}

/// Errors about the run itself, not about a record.
public enum RunnerError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case noTestFiles([String])
    case engine(String)
    case worker(String)
    case journal(String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path):0: cannot read file"
        case .noTestFiles(let paths): return "no .test files under \(paths.joined(separator: ", "))"
        case .engine(let m): return m
        case .worker(let m): return "worker: \(m)"
        case .journal(let m): return "journal: \(m)"
        }
    }
}
