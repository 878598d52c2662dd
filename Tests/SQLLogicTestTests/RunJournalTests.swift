// Runs never share state: each run keeps a journal of its own, `--resume` continues only a run
// that did not finish (and says so when there is none), and a file name holding any character
// reaches the worker processes and comes back intact.
import Foundation
import XCTest
@testable import SQLLogicTest

final class RunJournalTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws { directory = try TestPaths.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func write(_ name: String, _ text: String = "query I nosort\nSELECT 1\n----\n1\n") throws -> String {
        let path = directory + "/suite/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw RunnerError.journal("cannot write \(path)") }
        return path
    }

    func testResumeAfterAFinishedRunSaysThereIsNothingToResume() throws {
        let file = try write("a.test")
        let journals = directory + "/journals-home"
        let first = try ConformanceRun.run(RunOptions(paths: [file], engine: .sqlite, journalDirectory: journals))
        XCTAssertTrue(first.passed)
        XCTAssertThrowsError(try ConformanceRun.run(RunOptions(paths: [file], engine: .sqlite, journalDirectory: journals,
                                                               resume: true))) { error in
            XCTAssertTrue("\(error)".contains("no unfinished run to resume"), "\(error)")
            XCTAssertTrue("\(error)".contains("the last run finished"), "\(error)")
        }
    }

    func testEachRunHasItsOwnJournalAndOnlyAnUnfinishedOneIsResumed() throws {
        let a = try write("a.test"), b = try write("b.test")
        let journals = directory + "/journals-home"
        let files = TestDiscovery.files(in: [directory + "/suite"])
        // A run that was killed after a.test: its journal has a header and one file.
        let killed = JournalHeader(runId: "killed-run", engine: "sqlite", engineName: "sqlite", files: files)
        let journal = RunJournal(directory: journals, runId: killed.runId)
        try journal.start(killed)
        try journal.append(FileReport(path: a, status: .pass, records: RecordCounts(run: 1, passed: 1)))
        // Another run of one file meanwhile: its own journal, and the killed one is kept.
        _ = try ConformanceRun.run(RunOptions(paths: [b], engine: .sqlite, journalDirectory: journals))
        let all = RunJournal.all(in: journals)
        XCTAssertEqual(all.count, 2)
        XCTAssertEqual(Set(all.map(\.contents.complete)), [true, false])
        // Resuming the suite continues the killed run: only b.test runs, under the killed run's id.
        var ran: [String] = []
        let resumed = try ConformanceRun.run(RunOptions(paths: [directory + "/suite"], engine: .sqlite,
                                                        journalDirectory: journals, resume: true)) { progress in
            if let latest = progress.latest { ran.append(latest.path) }
        }
        XCTAssertEqual(ran, [b])
        XCTAssertEqual(resumed.files.map(\.path), files)
        XCTAssertEqual(try journal.load()?.complete, true)
        XCTAssertEqual(try journal.load()?.header.runId, "killed-run")
        // Now nothing is left to resume.
        XCTAssertThrowsError(try ConformanceRun.run(RunOptions(paths: [directory + "/suite"], engine: .sqlite,
                                                               journalDirectory: journals, resume: true)))
    }

    func testResumeNamesUnfinishedRunsOfOtherFiles() throws {
        let a = try write("a.test")
        let journals = directory + "/journals-home"
        try RunJournal(directory: journals, runId: "other").start(JournalHeader(engine: "sqlite", engineName: "sqlite",
                                                                                files: ["/elsewhere/x.test"]))
        XCTAssertThrowsError(try ConformanceRun.run(RunOptions(paths: [a], engine: .sqlite, journalDirectory: journals,
                                                               resume: true))) { error in
            XCTAssertTrue("\(error)".contains("1 unfinished run(s) of other files or engines"), "\(error)")
        }
    }

    func testFileNamesWithAnyCharacterGoThroughWorkersIntact() throws {
        guard let tool = TestPaths.tool else {
            throw XCTSkip("vibesql-git is not built next to the tests; run `swift build` first")
        }
        let names = ["plain.test", "new\nline.test", "tab\there.test", "quotes'\"both.test", "back\\slash.test",
                     "control\u{1}\u{1b}[31m.test", "accent é ü 漢.test", "-leading-dash.test", " spaced .test"]
        var paths: [String] = []
        for (index, name) in names.enumerated() {
            // Each file answers its own number, so a report given to the wrong file fails.
            paths.append(try write(name, "query I nosort\nSELECT \(index)\n----\n\(index)\n"))
        }
        let report = try ConformanceRun.run(RunOptions(
            paths: [directory + "/suite"], engine: .sqlite,
            worker: WorkerLaunch(executable: tool, arguments: ["worker", "--engine", "sqlite", "--engine-name", "sqlite"]),
            jobs: 2))
        XCTAssertEqual(Set(report.files.map(\.path)), Set(paths))
        XCTAssertEqual(report.files.count, names.count)
        for file in report.files {
            XCTAssertEqual(file.status, .pass, "\(file.path.debugDescription): \(file.error ?? "")")
            XCTAssertEqual(file.records.run, 1, file.path.debugDescription)
        }
        XCTAssertEqual(WorkerLoop.path(fromLine: String(decoding: WorkerLoop.pathLine("a\nb").dropLast(), as: UTF8.self)), "a\nb")
    }
}
