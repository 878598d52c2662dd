// Comparing two runs, file by file and record by record: what regressed (passed before, not
// now), what was fixed, what is new or gone, and which failing records now fail differently.
import Foundation

/// A file whose status changed between the two runs.
public struct FileChange: Codable, Equatable, Sendable {
    public var path: String
    public var before: String
    public var after: String
    public var detail: String?
}

/// A record that started or stopped failing, or fails differently.
public struct RecordChange: Codable, Equatable, Sendable {
    public var key: String
    public var file: String
    public var before: FailureRow?
    public var after: FailureRow?
}

/// The differences between a base run and a head run.
public struct RunComparison: Codable, Equatable, Sendable {
    public var base: RunInfo
    public var head: RunInfo
    /// PASS before, not PASS now.
    public var regressedFiles: [FileChange] = []
    /// Not PASS before, PASS now.
    public var fixedFiles: [FileChange] = []
    /// Failing both times with a different status (FAIL → CRASH, ...).
    public var changedFiles: [FileChange] = []
    public var newFiles: [FileResult] = []
    public var removedFiles: [FileResult] = []
    /// Records failing now that did not fail before, in files both runs ran.
    public var regressedRecords: [RecordChange] = []
    public var fixedRecords: [RecordChange] = []
    /// Records failing both times with a different error, output or message.
    public var changedErrors: [RecordChange] = []

    public var passRateChange: Double { head.passRate - base.passRate }
    /// Regressed files or records: what makes `compare` exit 1.
    public var hasRegressions: Bool { !regressedFiles.isEmpty || !regressedRecords.isEmpty }

    /// Compares two runs.
    public init(base: RunSnapshot, head: RunSnapshot) {
        self.base = base.info
        self.head = head.info
        for path in Set(base.files.keys).union(head.files.keys).sorted() {
            switch (base.files[path], head.files[path]) {
            case (let b?, let h?):
                let change = FileChange(path: path, before: b.status, after: h.status, detail: Self.detail(h))
                if b.status == "PASS" && h.status != "PASS" { regressedFiles.append(change) }
                else if b.status != "PASS" && h.status == "PASS" { fixedFiles.append(change) }
                else if b.status != h.status { changedFiles.append(change) }
            case (nil, let h?): newFiles.append(h)
            case (let b?, nil): removedFiles.append(b)
            case (nil, nil): break
            }
        }
        let inBoth = { (file: String) in base.files[file] != nil && head.files[file] != nil }
        for key in Set(base.failures.keys).union(head.failures.keys).sorted() {
            let b = base.failures[key], h = head.failures[key]
            guard let file = (h ?? b)?.file, inBoth(file) else { continue }
            switch (b, h) {
            case (nil, let h?): regressedRecords.append(RecordChange(key: key, file: file, before: nil, after: h))
            case (let b?, nil):
                // A record that no longer fails because its file crashed is not fixed.
                if head.files[file]?.status == "FAIL" || head.files[file]?.status == "PASS" {
                    fixedRecords.append(RecordChange(key: key, file: file, before: b, after: nil))
                }
            case (let b?, let h?):
                if b.error != h.error || b.actual != h.actual || b.message != h.message {
                    changedErrors.append(RecordChange(key: key, file: file, before: b, after: h))
                }
            case (nil, nil): break
            }
        }
    }

    static func detail(_ f: FileResult) -> String? {
        if let failed = f.recordsFailed, let run = f.recordsRun, f.status == "FAIL", run > 0 {
            return "\(failed) of \(run) records failed"
        }
        return f.error.map { String($0.split(separator: "\n").first ?? "") }
    }

    /// The regressions as stable keys: file paths of regressed files and keys of regressed
    /// records, sorted. Same regressions, same keys.
    public var regressionKeys: [String] {
        (regressedFiles.map(\.path) + regressedRecords.map(\.key)).sorted()
    }

    /// A short hash of `regressionKeys`, for recognising an issue already filed.
    public var fingerprint: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in regressionKeys.joined(separator: "\n").utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Where a regression first appeared along the head's history.
public struct FirstBadCommit: Codable, Equatable, Sendable {
    /// The oldest run, in the unbroken streak of runs ending at the head, that has any of the
    /// regressions.
    public var commit: String
    public var run: RunInfo
    /// The newest run before it without them, nil when the streak reaches the history's end.
    public var lastGood: RunInfo?
    /// Commits between the last good run and the first bad one that have no run: the
    /// regression came in one of these or in `commit`.
    public var unrecordedBetween: Int
}

extension ResultsDatabase {
    /// Walks the runs along `history` (commit ids, newest first) and finds the first run that
    /// shows any of the comparison's regressions.
    public func firstBadCommit(for comparison: RunComparison, history: [String]) throws -> FirstBadCommit? {
        let files = Set(comparison.regressedFiles.map(\.path))
        let records = Set(comparison.regressedRecords.map(\.key))
        guard !files.isEmpty || !records.isEmpty else { return nil }
        let along = try runsAlong(history: history, suite: nil)
        let position = Dictionary(history.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var found: FirstBadCommit?
        for (commit, run) in along {
            guard let snapshot = try snapshot(run.runId) else { continue }
            let bad = files.contains { snapshot.files[$0].map { $0.status != "PASS" } ?? false }
                || records.contains { snapshot.failures[$0] != nil }
            if bad {
                found = FirstBadCommit(commit: commit, run: run, lastGood: nil, unrecordedBetween: 0)
            } else {
                if var f = found {
                    f.lastGood = run
                    f.unrecordedBetween = max(0, (position[commit] ?? 0) - (position[f.commit] ?? 0) - 1)
                    found = f
                }
                break
            }
        }
        return found
    }
}
