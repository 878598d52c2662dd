import Foundation
import XCTest
@testable import SQLLogicTest

/// Runs through the real `vibesql-git` worker processes, with the test-only fault hooks.
final class WorkerPoolTests: XCTestCase {
    private func tool() throws -> String {
        guard let tool = TestPaths.tool else {
            throw XCTSkip("vibesql-git is not built next to the tests; run `swift build` first")
        }
        return tool
    }

    private func launch(_ tool: String, environment: [String: String]) -> WorkerLaunch {
        WorkerLaunch(executable: tool, arguments: ["worker", "--engine", "sqlite", "--engine-name", "sqlite"],
                     environment: environment)
    }

    func testCrashAndTimeoutCostOnlyTheirFile() throws {
        let tool = try tool()
        let options = RunOptions(paths: [TestPaths.fixtures], engine: .sqlite,
                                 worker: launch(tool, environment: ["VIBESQL_FAULT_CRASH": "failing.test:17",
                                                                    "VIBESQL_FAULT_HANG": "hashing.test:12"]),
                                 jobs: 2, timeout: 2)
        let report = try ConformanceRun.run(options)
        let byName = Dictionary(uniqueKeysWithValues: report.files.map { (($0.path as NSString).lastPathComponent, $0) })
        let crashed = try XCTUnwrap(byName["failing.test"])
        XCTAssertEqual(crashed.status, .crash)
        XCTAssertEqual(crashed.line, 17)
        XCTAssertTrue(crashed.error?.contains("signal 11 (SIGSEGV) while running the record at line 17") == true,
                      crashed.error ?? "")
        let hung = try XCTUnwrap(byName["hashing.test"])
        XCTAssertEqual(hung.status, .timeout)
        XCTAssertEqual(hung.line, 12)
        XCTAssertEqual(hung.error, "timed out after 2 s while running the record at line 12")
        // The others ran normally, in fresh workers.
        XCTAssertEqual(byName["conditions.test"]?.status, .pass)
        XCTAssertEqual(byName["malformed.test"]?.records.failed, 4)
        XCTAssertEqual(report.fileCounts, FileCounts(total: 4, passed: 1, failed: 3, crashed: 1, timedOut: 1))
    }

    func testWorkersGiveTheSameReportsAsInProcess() throws {
        let tool = try tool()
        let inProcess = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixtures], engine: .sqlite))
        let workers = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixtures], engine: .sqlite,
                                                        worker: launch(tool, environment: [:]), jobs: 2))
        XCTAssertEqual(workers.files.map(\.path), inProcess.files.map(\.path))
        XCTAssertEqual(workers.files.map(\.failures), inProcess.files.map(\.failures))
        XCTAssertEqual(workers.files.map(\.records), inProcess.files.map(\.records))
    }

    /// A run killed with SIGKILL keeps the files it finished in the journal; --resume runs the rest.
    func testKilledRunKeepsFinishedFilesAndResumes() throws {
        let tool = try tool()
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let suite = dir + "/suite", journalDir = dir + "/journal"
        try FileManager.default.createDirectory(atPath: suite, withIntermediateDirectories: true)
        // Bigger files run first; the tiny one hangs, so the run is killed while it sits there.
        for i in 1...3 {
            let padding = String(repeating: "# padding\n", count: 100 * i)
            try (padding + "query I nosort\nSELECT \(i)\n----\n\(i)\n").write(toFile: suite + "/file\(i).test", atomically: true, encoding: .utf8)
        }
        try "query I nosort\nSELECT 0\n----\n0\n".write(toFile: suite + "/stuck.test", atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["run", "--engine", "sqlite", "--jobs", "1", "--timeout", "120",
                             "--journal-dir", journalDir, suite]
        var environment = ProcessInfo.processInfo.environment
        environment["VIBESQL_FAULT_HANG"] = "stuck.test"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        func journal() -> RunJournal? { RunJournal.all(in: journalDir).first?.journal }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let contents = try? journal()?.load(), contents.finished.count == 3 { break }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let killed = try XCTUnwrap(try journal()?.load())
        XCTAssertFalse(killed.complete)
        XCTAssertEqual(Set(killed.finished.map { ($0.path as NSString).lastPathComponent }),
                       ["file1.test", "file2.test", "file3.test"])
        XCTAssertEqual(killed.header.files.count, 4)

        // Resume without the fault: only the unfinished file runs.
        let resumed = try ConformanceRun.run(RunOptions(paths: [suite], engine: .sqlite,
                                                        worker: launch(tool, environment: [:]), jobs: 1,
                                                        journalDirectory: journalDir, resume: true))
        XCTAssertEqual(resumed.files.count, 4)
        XCTAssertTrue(resumed.passed)
        let final = try XCTUnwrap(try journal()?.load())
        XCTAssertTrue(final.complete)
        XCTAssertEqual(final.finished.map { ($0.path as NSString).lastPathComponent }.sorted(),
                       ["file1.test", "file2.test", "file3.test", "stuck.test"])
        XCTAssertEqual(final.header.runId, killed.header.runId)
    }

    func testResumeRefusesAJournalOfAnotherRun() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixture("failing.test")], engine: .sqlite,
                                              journalDirectory: dir))
        XCTAssertThrowsError(try ConformanceRun.run(RunOptions(paths: [TestPaths.fixtures], engine: .sqlite,
                                                               journalDirectory: dir, resume: true)))
    }

    func testJUnitReport() throws {
        let report = try ConformanceRun.run(RunOptions(paths: [TestPaths.fixtures], engine: .sqlite))
        let xml = JUnitReport.xml(report)
        XCTAssertTrue(xml.contains("<testsuite name=\"sqllogictest.sqlite\" tests=\"4\" failures=\"3\" errors=\"0\""), xml)
        XCTAssertTrue(xml.contains("failing.test:17: wrong result"), xml)
        XCTAssertTrue(xml.contains("malformed record: unknown record type &apos;frobnicate&apos;") ||
                      xml.contains("malformed record: unknown record type 'frobnicate'"), xml)
    }
}
