// A synthetic conformance history: deterministic runs of a corpus-shaped set of files, with
// failures that come and go, on main and a few feature branches. The benchmarks record these
// through the Results library (and the results ref), so what they measure is what the product
// writes and reads.
import Foundation
import Results
import SQLLogicTest

/// SplitMix64: a small, fast, seedable generator, so the same seed gives the same history.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The runs of a synthetic history. Run `i` depends only on the seed and `i`.
struct SyntheticHistory {
    let runCount: Int
    let paths: [String]
    let seed: UInt64
    /// Each file's chance of failing in the first run; it falls as the history goes on.
    private let failureChance: [Double]
    /// The first run's start; runs are an hour apart.
    static let epoch = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01 00:00:00 UTC
    static let branches = ["main", "main", "main", "main", "feature-joins", "feature-window",
                           "fix-affinity", "perf-hash-join", "feature-cte"]

    init(runs: Int, files: Int, seed: UInt64 = 42) {
        runCount = runs
        self.seed = seed
        paths = Self.corpusPaths(count: files)
        var rng = SplitMix64(seed: seed)
        failureChance = paths.map { _ in
            let roll = Double.random(in: 0..<1, using: &rng)
            // Most files always pass; some are flaky; a few are hard and fail most of the time.
            return roll < 0.70 ? 0 : roll < 0.92 ? 0.15 : 0.85
        }
    }

    /// Paths shaped like SQLite's corpus: select, evidence, index/<kind>/<n>, random/<kind>.
    static func corpusPaths(count: Int) -> [String] {
        var paths = (1...5).map { "test/select\($0).test" }
        let evidence = ["in1", "in2", "slt_lang_aggfunc", "slt_lang_createtrigger", "slt_lang_createview",
                        "slt_lang_dropindex", "slt_lang_droptable", "slt_lang_droptrigger", "slt_lang_dropview",
                        "slt_lang_reindex", "slt_lang_replace", "slt_lang_update"]
        paths += evidence.map { "test/evidence/\($0).test" }
        let index = ["between", "commute", "delete", "in", "orderby", "orderby_nosort", "random", "view"]
        let random = ["aggregates", "expr", "groupby", "select"]
        var n = 0
        while paths.count < count {
            if n % 3 == 2 {
                paths.append("test/random/\(random[n % random.count])/slt_good_\(n / 3).test")
            } else {
                let size = [1, 10, 100, 1000][(n / 8) % 4]
                paths.append("test/index/\(index[n % index.count])/\(size)/slt_good_\(n / 32).test")
            }
            n += 1
        }
        return Array(paths.prefix(count)).sorted()
    }

    /// A 40-hex-digit commit id for a synthetic run that is not tied to a real repository.
    static func commitID(_ i: Int) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(bitPattern: Int64(i))
        var out = ""
        for _ in 0..<3 {
            h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd
            h = (h ^ (h >> 33)) &* 0xc4ce_b9fe_1a85_ec53
            out += String(h, radix: 16).leftPadded(to: 16)
        }
        return String(out.prefix(40))
    }

    func branch(of i: Int) -> String {
        var rng = SplitMix64(seed: seed &+ 0x1000 &+ UInt64(i))
        return Self.branches[Int(rng.next() % UInt64(Self.branches.count))]
    }

    /// Run `i`: its report (600 files, some failing with 1-3 failing records each) and metadata.
    func run(_ i: Int, sourceCommit: String? = nil, parents: [String] = [], branch: String? = nil)
        -> (report: RunReport, metadata: RunMetadata) {
        var rng = SplitMix64(seed: seed &* 31 &+ UInt64(i) &* 0x9E37_79B9)
        let progress = runCount <= 1 ? 0 : Double(i) / Double(runCount - 1)
        let started = Self.epoch.addingTimeInterval(Double(i) * 3600)
        var files: [FileReport] = []
        files.reserveCapacity(paths.count)
        for (f, path) in paths.enumerated() {
            let records = 50 + (f * 7919) % 2000
            let duration = 5 + Int(rng.next() % 400)
            let chance = failureChance[f] * (1 - 0.6 * progress)
            let roll = Double(rng.next() % 1_000_000) / 1_000_000
            guard roll < chance else {
                files.append(FileReport(path: path, status: .pass,
                                        records: RecordCounts(run: records, passed: records), durationMs: duration))
                continue
            }
            let kindRoll = rng.next() % 100
            if kindRoll < 3 {
                files.append(FileReport(path: path, status: .crash, records: RecordCounts(run: records / 2,
                                        passed: records / 2), durationMs: duration,
                                        error: "worker died with signal 11 (SIGSEGV)", line: 10 + f % 900))
                continue
            }
            if kindRoll < 5 {
                files.append(FileReport(path: path, status: .timeout, records: RecordCounts(run: records / 3,
                                        passed: records / 3), durationMs: 300_000,
                                        error: "time limit of 300 s exceeded", line: 20 + f % 700))
                continue
            }
            let count = 1 + Int(rng.next() % 3)
            let failures = (0..<count).map { k in Self.failure(file: f, k: k, rng: &rng) }
            files.append(FileReport(path: path, status: .fail,
                                    records: RecordCounts(run: records, passed: records - count, failed: count),
                                    durationMs: duration, failures: failures))
        }
        let durationMs = files.reduce(0) { $0 + $1.durationMs } / 2
        let report = RunReport(engine: "vibesql", engineName: "sqlite", startedAt: started, durationMs: durationMs,
                               files: files)
        let commit = sourceCommit ?? Self.commitID(i)
        let metadata = RunMetadata(
            runId: RunID.make(at: started, random: UInt64(i) & 0xF_FFFF), startedAt: started,
            completedAt: started.addingTimeInterval(Double(durationMs) / 1000), sourceCommit: commit,
            parents: parents.isEmpty ? [Self.commitID(i - 1)] : parents, subject: "Synthetic change \(i)",
            commitTime: started.addingTimeInterval(-600), branch: branch ?? self.branch(of: i),
            dirty: i % 17 == 0, suite: "corpus", suiteFingerprint: "0123456789abcdef0123456789abcdef",
            host: "bench-host-\(i % 3)", ciRunId: i % 2 == 0 ? "ci-\(i)" : nil)
        return (report, metadata)
    }

    /// One failing record, shaped like the runner's: a query with a wrong result or an error.
    static func failure(file: Int, k: Int, rng: inout SplitMix64) -> RecordFailure {
        let line = 3 + (file * 13 + k * 101) % 4000
        let table = "t\(1 + (file + k) % 9)"
        switch rng.next() % 4 {
        case 0:
            return RecordFailure(line: line, kind: "query",
                                 sql: "SELECT a + b * \(k + 2), c FROM \(table) WHERE a > \(line % 97) ORDER BY 1",
                                 message: "wrong result", expected: "\(line)\n\(line * 2)\n\(line * 3)",
                                 actual: "\(line)\n\(line * 2)\nNULL")
        case 1:
            return RecordFailure(line: line, kind: "query",
                                 sql: "SELECT CAST(x AS INTEGER) FROM \(table) GROUP BY 1 HAVING COUNT(*) > \(k)",
                                 message: "wrong result hash",
                                 expected: "30 values hashing to 3c8b0d4a1bd4e2ab8d53f1c4c2a0d5e\(k)",
                                 actual: "30 values hashing to 9f1e2a3b4c5d6e7f8091a2b3c4d5e6f\(k)")
        case 2:
            return RecordFailure(line: line, kind: "statement",
                                 sql: "CREATE INDEX \(table)i\(k) ON \(table)(a DESC, b)",
                                 message: "statement failed", error: "no such column: b\(line % 7)")
        default:
            return RecordFailure(line: line, kind: "query",
                                 sql: "SELECT * FROM \(table) AS x JOIN t\(k + 2) AS y USING (a) WHERE y.b IN (\(line), \(k))",
                                 message: "query failed",
                                 error: "ambiguous column name: a (near position \(20 + line % 40))")
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
