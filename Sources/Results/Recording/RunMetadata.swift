// What a recorded run says about itself beyond the runner's report: which commit it tested,
// where, when, and with which suite. `RunRecorder` writes it into the run's `test_runs` row.
import Foundation
import SQLLogicTest

/// Facts about a run that the runner does not know: the source commit, the machine, the suite.
public struct RunMetadata: Codable, Sendable, Equatable {
    /// Unique across machines without coordination (see `RunID`).
    public var runId: Int64
    public var startedAt: Date
    public var completedAt: Date
    /// The tested commit (40 hex digits), nil outside a repository or on an unborn branch.
    public var sourceCommit: String?
    public var parents: [String]
    public var subject: String?
    public var commitTime: Date?
    /// The branch, nil when HEAD is detached.
    public var branch: String?
    /// The work tree differed from the commit when the run started.
    public var dirty: Bool
    public var suite: String
    /// A hash of the suite's file paths and contents (see `SuiteFingerprint`).
    public var suiteFingerprint: String
    public var host: String
    public var ciRunId: String?
    /// Which part of a run split across machines this is; nil for a whole run.
    public var shard: RunShard?

    public init(runId: Int64, startedAt: Date, completedAt: Date, sourceCommit: String?, parents: [String] = [],
                subject: String? = nil, commitTime: Date? = nil, branch: String?, dirty: Bool = false,
                suite: String, suiteFingerprint: String = "", host: String, ciRunId: String? = nil,
                shard: RunShard? = nil) {
        self.runId = runId
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.sourceCommit = sourceCommit
        self.parents = parents
        self.subject = subject
        self.commitTime = commitTime
        self.branch = branch
        self.dirty = dirty
        self.suite = suite
        self.suiteFingerprint = suiteFingerprint
        self.host = host
        self.ciRunId = ciRunId
        self.shard = shard
    }

    /// The CI's run id from the environment (GitHub Actions, GitLab, Buildkite, Jenkins,
    /// CircleCI, Travis, Azure Pipelines), nil outside CI.
    public static func ciRunId(environment: [String: String]) -> String? {
        let keys = ["GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILDKITE_BUILD_ID", "BUILD_TAG", "CIRCLE_WORKFLOW_ID",
                    "TRAVIS_BUILD_ID", "BUILD_BUILDID"]
        for key in keys {
            if let value = environment[key], !value.isEmpty {
                if key == "GITHUB_RUN_ID", let attempt = environment["GITHUB_RUN_ATTEMPT"], !attempt.isEmpty {
                    return "\(value).\(attempt)"
                }
                return value
            }
        }
        return nil
    }
}

/// One shard of a run split across machines: shard `index` of `count` (1-based), the files of
/// the plan whose fingerprint is `plan`. The shards of one CI run id at one commit and suite
/// together make one run (see `ShardedRuns`).
public struct RunShard: Codable, Sendable, Equatable, Hashable {
    public var index: Int
    public var count: Int
    public var plan: String

    public init(index: Int, count: Int, plan: String) {
        self.index = index
        self.count = count
        self.plan = plan
    }
}

/// Run ids: milliseconds since 1970 shifted left 20 bits, plus 20 random bits. They sort by
/// time, fit in a 63-bit INTEGER PRIMARY KEY, and two machines collide only when they start
/// a run in the same millisecond and draw the same random number (one chance in a million).
public enum RunID {
    public static func make(at date: Date = Date(), random: UInt64 = UInt64.random(in: 0..<(1 << 20))) -> Int64 {
        let ms = Int64(max(0, date.timeIntervalSince1970 * 1000))
        return (ms << 20) | Int64(random & 0xF_FFFF)
    }

    /// The time a run id was made at.
    public static func date(of id: Int64) -> Date {
        Date(timeIntervalSince1970: Double(id >> 20) / 1000)
    }
}

/// A suite's fingerprint: MD5 over each file's path and content, in path order. Two runs with
/// the same fingerprint ran the same test files.
public enum SuiteFingerprint {
    public static func of(files: [(path: String, contents: [UInt8])]) -> String {
        var md5 = MD5()
        for file in files.sorted(by: { $0.path < $1.path }) {
            md5.update(file.path + "\n")
            md5.update(String(file.contents.count) + "\n")
            md5.update(file.contents)
        }
        return md5.hexDigest()
    }

    /// Reads the files and fingerprints them; unreadable files count as empty.
    public static func of(paths: [String], relativeTo base: (String) -> String = { $0 }) -> String {
        of(files: paths.map { path in
            (base(path), FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? [])
        })
    }
}

/// Timestamps as SQLite writes them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), which DATE() and
/// ORDER BY understand.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let ms = min(999, Int((Double(c.nanosecond ?? 0) / 1_000_000).rounded()))
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(msText)"
    }

    /// Parses `YYYY-MM-DD[ HH:MM[:SS[.SSS]]]` (UTC).
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let day = parts.first else { return nil }
        let d = day.split(separator: "-").compactMap { Int($0) }
        guard d.count == 3 else { return nil }
        var seconds = 0.0
        if parts.count > 1 {
            let t = parts[1].split(separator: ":")
            guard t.count >= 2, let h = Double(t[0]), let m = Double(t[1]) else { return nil }
            seconds = h * 3600 + m * 60 + (t.count > 2 ? Double(t[2].trimmingCharacters(in: CharacterSet(charactersIn: "Z"))) ?? 0 : 0)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: DateComponents(year: d[0], month: d[1], day: d[2])) else { return nil }
        return date.addingTimeInterval(seconds)
    }
}

/// FNV-1a, 64-bit, masked to 63 bits: stable row ids derived from their natural keys.
enum StableID {
    static func of(_ text: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
