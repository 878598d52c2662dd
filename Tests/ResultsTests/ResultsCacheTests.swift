import Engine
import Foundation
import Results
import SQLLogicTest
import XCTest

/// The results cache must answer exactly as a database built from every run: on a hit, when
/// extended with new runs, when runs disappeared, when damaged, and for any perspective.
final class ResultsCacheTests: XCTestCase {
    var directory = ""
    var cachePath: String { directory + "/vibesql/results-cache.sql" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "results-cache-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The fixture's runs as a ref would list them (path, blob id) with their texts.
    func runs(_ dumps: [(source: String, text: String)]) -> [(run: CachedRun, text: String)] {
        dumps.map { (CachedRun(path: "runs/\($0.source).sql", blob: String(MD5Hash.of($0.text))), $0.text) }
    }

    /// Loads through the cache, recording which runs were read.
    func load(_ runs: [(run: CachedRun, text: String)], tip: String, perspective: Perspective = .latest)
        throws -> (ResultsDatabase, ResultsCache.Outcome, [String]) {
        var read: [String] = []
        let texts = Dictionary(uniqueKeysWithValues: runs.map { ($0.run, $0.text) })
        let (database, outcome) = try ResultsCache(path: cachePath).load(
            tip: tip, perspective: perspective, runs: { runs.map(\.run) },
            read: { run in
                read.append(run.path)
                guard let text = texts[run] else { throw CocoaError(.fileNoSuchFile) }
                return RunDumpInput(source: run.path, text: text)
            })
        return (database, outcome, read.sorted())
    }

    /// Everything a query can see, including the derived test_files.
    func contents(_ database: ResultsDatabase) throws -> String {
        try database.dump()
    }

    func fresh(_ runs: [(run: CachedRun, text: String)], perspective: Perspective = .latest) throws -> String {
        try contents(ResultsDatabase(dumps: runs.sorted { $0.run.path < $1.run.path }.map { ($0.run.path, $0.text) },
                                     perspective: perspective))
    }

    func testFirstLoadBuildsAndWritesTheCache() throws {
        let all = runs(HistoryFixture.dumps())
        let (database, outcome, read) = try load(all, tip: "tip1")
        XCTAssertEqual(outcome, .rebuilt)
        XCTAssertEqual(read.count, all.count)
        XCTAssertEqual(try contents(database), try fresh(all))
        XCTAssertTrue(FileManager.default.fileExists(atPath: cachePath))
    }

    func testSameTipReadsNoRunAndAnswersTheSame() throws {
        let all = runs(HistoryFixture.dumps())
        _ = try load(all, tip: "tip1")
        let (database, outcome, read) = try load(all, tip: "tip1")
        XCTAssertEqual(outcome, .hit)
        XCTAssertEqual(read, [])
        XCTAssertEqual(database.runCount, all.count)
        XCTAssertEqual(try contents(database), try fresh(all))
        XCTAssertEqual(try database.query(WorkplanQueries.progressByBranch).rows.count, 2)
    }

    func testNewRunsAreLoadedOnTopOfTheCache() throws {
        let all = runs(HistoryFixture.dumps())
        _ = try load(Array(all.prefix(4)), tip: "tip4")
        let (database, outcome, read) = try load(all, tip: "tip7")
        XCTAssertEqual(outcome, .extended(added: 3))
        XCTAssertEqual(read, all.suffix(3).map(\.run.path).sorted())
        XCTAssertEqual(try contents(database), try fresh(all))
        // And the extended cache is now the one for the new tip.
        XCTAssertEqual(try load(all, tip: "tip7").1, .hit)
    }

    func testACacheHoldingARunTheRefNoLongerHasIsRebuilt() throws {
        let all = runs(HistoryFixture.dumps())
        _ = try load(all, tip: "tip7")
        let fewer = Array(all.dropFirst())
        let (database, outcome, read) = try load(fewer, tip: "rewritten")
        XCTAssertEqual(outcome, .rebuilt)
        XCTAssertEqual(read.count, fewer.count)
        XCTAssertEqual(try contents(database), try fresh(fewer))
    }

    func testARunWhoseContentChangedIsNotTakenFromTheCache() throws {
        var all = runs(HistoryFixture.dumps())
        _ = try load(all, tip: "tip7")
        // Same path, another blob: another run (the cache must not keep the old rows).
        let replaced = HistoryFixture.dumps()[1].text.replacingOccurrences(of: "'PASS'", with: "'FAIL'")
        all[0] = (CachedRun(path: all[0].run.path, blob: "other"), replaced)
        let (database, outcome, _) = try load(all, tip: "tip8")
        XCTAssertEqual(outcome, .rebuilt)
        XCTAssertEqual(try contents(database), try fresh(all))
    }

    func testPerspectiveIsDerivedAfterTheCache() throws {
        let all = runs(HistoryFixture.dumps())
        _ = try load(all, tip: "tip7")
        for perspective in [Perspective.latest, .history(HistoryFixture.mainHistory), .history(HistoryFixture.featureHistory)] {
            let (database, outcome, _) = try load(all, tip: "tip7", perspective: perspective)
            XCTAssertEqual(outcome, .hit)
            XCTAssertEqual(try contents(database), try fresh(all, perspective: perspective))
        }
    }

    func testADamagedCacheIsIgnored() throws {
        let all = runs(HistoryFixture.dumps())
        _ = try load(all, tip: "tip7")
        let text = try String(contentsOfFile: cachePath, encoding: .utf8)
        for damaged in [String(text.prefix(text.count / 2)), text.replacingOccurrences(of: "-- runs: 7", with: "-- runs: 9"),
                        text.replacingOccurrences(of: "-- format: 3", with: "-- format: 999"),
                        text.replacingOccurrences(of: "INSERT INTO", with: "INSERT INT0"), ""] {
            try damaged.write(toFile: cachePath, atomically: true, encoding: .utf8)
            let (database, outcome, read) = try load(all, tip: "tip7")
            XCTAssertEqual(outcome, .rebuilt)
            XCTAssertEqual(read.count, all.count)
            XCTAssertEqual(try contents(database), try fresh(all))
        }
    }

    func testAnUnreadableRunIsRetriedNextTime() throws {
        let all = runs(HistoryFixture.dumps())
        var texts = Dictionary(uniqueKeysWithValues: all.map { ($0.run, $0.text) })
        texts[all[2].run] = nil
        let cache = ResultsCache(path: cachePath)
        let (first, _) = try cache.load(tip: "tip7", perspective: .latest, runs: { all.map(\.run) }, read: { run in
            guard let text = texts[run] else { throw CocoaError(.fileReadCorruptFile) }
            return RunDumpInput(source: run.path, text: text)
        })
        XCTAssertEqual(first.runCount, all.count - 1)
        XCTAssertEqual(first.warnings.count, 1)
        // The object is back: the same tip must not answer from the incomplete cache.
        let (database, outcome, read) = try load(all, tip: "tip7")
        XCTAssertEqual(outcome, .extended(added: 1))
        XCTAssertEqual(read, [all[2].run.path])
        XCTAssertEqual(try contents(database), try fresh(all))
    }
}

/// A short stand-in for a blob id: the text's MD5.
enum MD5Hash {
    static func of(_ text: String) -> String { SQLLogicTest.MD5.hex(text) }
}

/// The run summaries file: what is saved loads back, newer summaries go first, and a file of
/// another format or of garbage reads as absent.
final class RunSummariesCacheTests: XCTestCase {
    func testSavedSummariesLoadBackAndExtend() throws {
        let directory = NSTemporaryDirectory() + "summaries-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = RunSummariesCache(path: directory + "/vibesql/run-summaries.json")
        XCTAssertNil(cache.load())
        let old = RunSummaries(tip: "a1", runs: [RunSummaryLine(runId: "r1", commit: "c1", branch: "main", suite: "quick",
                                                                passed: 2, total: 2, recordedAt: Date(timeIntervalSince1970: 1_700_000_000.25))],
                               parents: ["c1": ["c0"]], subjects: ["c1": "first"])
        cache.save(old)
        XCTAssertEqual(cache.load(), old)
        let newer = RunSummaries(tip: "b2", runs: [RunSummaryLine(runId: "r2", commit: "c2", branch: "main", suite: "quick",
                                                                  passed: 1, total: 2, recordedAt: Date(timeIntervalSince1970: 1_700_000_100))],
                                 parents: ["c2": ["c1"]], subjects: ["c2": "second"])
        let both = old.extended(with: newer)
        XCTAssertEqual(both.tip, "b2")
        XCTAssertEqual(both.runs.map(\.runId), ["r2", "r1"])
        XCTAssertEqual(both.parents, ["c1": ["c0"], "c2": ["c1"]])
        XCTAssertEqual(both.subjects["c2"], "second")
        try "{\"format\": 99}".write(toFile: cache.path, atomically: true, encoding: .utf8)
        XCTAssertNil(cache.load())
    }
}
