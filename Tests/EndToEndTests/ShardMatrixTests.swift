// A CI matrix played on one machine: a bare remote, four clones that each run their shard of the
// suite at the same time and push, then a fresh clone that reads one complete run. Also: a run
// with a shard missing is partial, and shards of different CI run ids never make one run.
import Foundation
import XCTest

final class ShardMatrixTests: XCTestCase {
    var fx: CLIFixture!
    override func setUpWithError() throws {
        fx = try CLIFixture()
        try fx.makeRepository()
        // Ten more files of different sizes; every third fails (its expected value is off by one).
        for n in 1...10 {
            let rows = (1...n).map { "(\($0))" }.joined(separator: ", ")
            let sum = n * (n + 1) / 2 + (n % 3 == 0 ? 1 : 0)
            try fx.write("repo/test/group\(n % 3)/sum_\(n).test", """
                statement ok
                CREATE TABLE t(a INTEGER)

                statement ok
                INSERT INTO t VALUES \(rows)

                query I
                SELECT sum(a) FROM t
                ----
                \(sum)

                query I
                SELECT count(*) FROM t WHERE a > 0
                ----
                \(n)

                """)
        }
        try fx.git("add", "-A")
        try fx.git("commit", "-q", "-m", "more files")
        try fx.git("push", "-q", "--no-verify", "origin", "main")
    }
    override func tearDown() { fx.cleanUp() }

    func csv(_ sql: String, in directory: String) throws -> String {
        let result = try fx.vg("query", sql, "--format", "csv", in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    static let perFile = "SELECT file_path, status, records_run, records_passed, records_failed FROM test_results ORDER BY 1"
    static let failures = "SELECT file_path, line, record_key, message FROM test_failures ORDER BY 1, 2"

    func testFourShardsPushedAtOnceMakeOneCompleteRunEqualToAnUnshardedRun() throws {
        // The reference: the same files in one unsharded run, in a clone that never pushes.
        try fx.git("clone", "-q", fx.path("remote.git"), "whole", in: "")
        _ = try fx.vg("run", "--jobs", "0", in: "whole")
        let wholeFiles = try csv(Self.perFile, in: "whole"), wholeFailures = try csv(Self.failures, in: "whole")
        XCTAssertEqual(wholeFiles.split(separator: "\n").count, 13, wholeFiles)

        // Four machines: each runs its shard and pushes, all at once.
        for k in 1...4 { try fx.git("clone", "-q", fx.path("remote.git"), "shard\(k)", in: "") }
        var processes: [(Process, URL)] = []
        for k in 1...4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\"$VIBESQL_GIT\" run --jobs 0 --shard \(k)/4 --ci-run-id ci-42 >/dev/null; "
                + "\"$VIBESQL_GIT\" push origin"]
            process.currentDirectoryURL = URL(fileURLWithPath: fx.path("shard\(k)"))
            process.environment = fx.environment
            let output = fx.root.appendingPathComponent("shard\(k).out")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes.append((process, output))
        }
        let outputs = try processes.map { process, output -> CommandResult in
            process.waitUntilExit()
            return CommandResult(status: process.terminationStatus, stdout: try String(contentsOf: output, encoding: .utf8), stderr: "")
        }
        for (index, result) in outputs.enumerated() {
            XCTAssertEqual(result.status, 0, "shard \(index + 1): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("Pushed refs/vibesql/results"), "shard \(index + 1): \(result.stdout)")
        }

        // A fresh clone sees one complete run with the unsharded run's per-file results.
        try fx.git("clone", "-q", fx.path("remote.git"), "fresh", in: "")
        XCTAssertEqual(try fx.vg("pull", in: "fresh").status, 0)
        XCTAssertEqual(try csv("SELECT COUNT(*) AS n, COUNT(DISTINCT shard_index) AS shards FROM test_runs", in: "fresh"),
                       "n,shards\n4,4\n")
        XCTAssertEqual(try csv(Self.perFile, in: "fresh"), wholeFiles, "each file ran in exactly one shard, as in the whole run")
        XCTAssertEqual(try csv(Self.failures, in: "fresh"), wholeFailures)

        let log = try fx.vg("log", in: "fresh")
        XCTAssertEqual(log.status, 0, log.stderr)
        let lines = log.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.contains("9/12") == true && lines.first?.contains("(4 shards)") == true, log.stdout)
        XCTAssertFalse(log.stdout.contains("×"), "one run, not four: \(log.stdout)")

        let status = try fx.vg("status", in: "fresh")
        XCTAssertTrue(status.stdout.contains("1 runs recorded, 12 files tested."), status.stdout)
        XCTAssertFalse(status.stdout.contains("partial"), status.stdout)

        let compare = try fx.vg("compare", "main", "HEAD", in: "fresh")
        XCTAssertEqual(compare.status, 0, compare.stdout + compare.stderr)
        XCTAssertTrue(compare.stdout.contains("9/12 files passed"), compare.stdout)
        XCTAssertFalse(compare.stderr.contains("partial"), compare.stderr)
    }

    func testAMissingShardIsPartialAndRunIdsNeverMix() throws {
        func shard(_ spec: String, ci: String) throws {
            let result = try fx.vg("run", "--jobs", "0", "--shard", spec, "--ci-run-id", ci)
            XCTAssertTrue(result.stdout.contains("Recorded run"), result.stdout + result.stderr)
        }
        // Shard 1 of CI run A and shard 2 of CI run B: two partial runs, never one.
        try shard("1/2", ci: "ci-A")
        try shard("2/2", ci: "ci-B")
        let log = try fx.vg("log")
        XCTAssertTrue(log.stdout.contains("(partial: shard 1 of 2 missing)"), log.stdout)
        XCTAssertTrue(log.stdout.contains("×2"), "two runs at the commit: \(log.stdout)")
        let status = try fx.vg("status")
        XCTAssertTrue(status.stdout.contains("2 runs recorded"), status.stdout)
        XCTAssertTrue(status.stdout.contains("The run of CI ci-A (suite quick) at"), status.stdout)
        XCTAssertTrue(status.stdout.contains("is partial: shard 2 of 2 missing"), status.stdout)
        XCTAssertTrue(status.stdout.contains("The run of CI ci-B (suite quick) at"), status.stdout)
        let compare = try fx.vg("compare", "main", "HEAD")
        XCTAssertNotEqual(compare.status, 0)
        XCTAssertTrue(compare.stderr.contains("no recorded run"), compare.stderr)
        XCTAssertTrue(compare.stderr.contains("is partial: shard 2 of 2 missing: not compared"), compare.stderr)

        // Run A's second shard completes it; run B stays partial.
        try shard("2/2", ci: "ci-A")
        let complete = try fx.vg("log")
        XCTAssertTrue(complete.stdout.contains("(2 shards)"), "the latest run of the commit is complete: \(complete.stdout)")
        let all = try fx.vg("log", "--all")
        XCTAssertTrue(all.stdout.contains("(2 shards)"), all.stdout)
        XCTAssertEqual(all.stdout.split(separator: "\n").count, 2, all.stdout)
        let compared = try fx.vg("compare", "main", "HEAD")
        XCTAssertEqual(compared.status, 0, compared.stderr)
        XCTAssertTrue(compared.stdout.contains("9/12 files passed"), compared.stdout)
    }

    func testAShardNeedsACIRunIdToBeRecorded() throws {
        let result = try fx.vg("run", "--jobs", "0", "--shard", "1/2")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("give --ci-run-id"), result.stderr)
        let bad = try fx.vg("run", "--shard", "3/2", "--no-record")
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("1 ≤ K ≤ N"), bad.stderr)
    }

    func testThePlanIsPrintedWithItsBasis() throws {
        let sizes = try fx.vg("run", "--shard", "1/3", "--plan")
        XCTAssertEqual(sizes.status, 0, sizes.stderr)
        XCTAssertTrue(sizes.stdout.contains("by file size"), sizes.stdout)
        XCTAssertTrue(sizes.stdout.hasSuffix("plan-basis: none\n"), sizes.stdout)
        _ = try fx.vg("run", "--jobs", "0")
        let timed = try fx.vg("run", "--shard", "1/3", "--plan", "-v")
        let basis = timed.stdout.split(separator: "\n").last.map { String($0.dropFirst("plan-basis: ".count)) } ?? ""
        XCTAssertNotNil(Int64(basis), timed.stdout)
        XCTAssertTrue(timed.stdout.contains("12 of 12 files"), timed.stdout)
        XCTAssertTrue(timed.stdout.contains("    test/select1.test"), timed.stdout)
        XCTAssertEqual(timed.stdout.components(separatedBy: "\n    test/").count - 1, 12, "every file listed once: \(timed.stdout)")
        let pinned = try fx.vg("run", "--shard", "1/3", "--plan", "--plan-basis", basis)
        XCTAssertTrue(pinned.stdout.contains("plan-basis: \(basis)"), pinned.stdout)
        let unknown = try fx.vg("run", "--shard", "1/3", "--plan", "--plan-basis", "12345")
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("no recorded run 12345"), unknown.stderr)
    }
}
