import Foundation
import XCTest
@testable import VibeGit

final class ResultsStoreTests: XCTestCase {
    var fixture: GitFixture!
    var repository: Repository!
    var head: ObjectID!

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.makeRepository(commits: 2)
        repository = try Repository.discover(from: fixture.path("repo"))
        head = try XCTUnwrap(try repository.head().commit)
    }

    override func tearDown() {
        repository = nil
        fixture.cleanUp()
    }

    private func run(_ id: String, commit: ObjectID? = nil, dump: String? = nil) -> NewRun {
        NewRun(sourceCommit: commit ?? head, runId: id, dump: dump ?? "INSERT INTO test_runs VALUES('\(id)');\n",
               summary: "run \(id): 9/10 passed",
               trailers: [Trailer("Branch", "main"), Trailer("Passed", "9"), Trailer("Total", "10")])
    }

    func testAppendSeveralRunsMovesTipAndLeavesWorkTreeAndIndexAlone() throws {
        try fixture.write("repo/c1.txt", "local edit\n")        // unstaged change
        try fixture.write("repo/staged.txt", "staged\n")
        try fixture.git("add", "staged.txt", in: "repo")        // staged change
        try fixture.write("repo/untracked.txt", "u\n")          // untracked file
        let statusBefore = try fixture.git("status", "--porcelain", in: "repo")
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.path("repo/.git/index")))
        let headBefore = try fixture.git("rev-parse", "HEAD", in: "repo")

        let store = ResultsStore(repository)
        XCTAssertNil(try store.tip())
        XCTAssertEqual(try store.runs(), [])
        let first = try store.append(run("r1"), schema: "CREATE TABLE test_runs(x);\n")
        XCTAssertEqual(try store.tip(), first.commit)
        XCTAssertEqual(first.attempts, 1)
        XCTAssertFalse(first.alreadyRecorded)
        let parent = try XCTUnwrap(ObjectID(hex: fixture.git("rev-parse", "HEAD~1", in: "repo")))
        let second = try store.append(run("r2", commit: parent), schema: "CREATE TABLE test_runs(x);\n")
        let third = try store.append(run("r3"), schema: "CREATE TABLE test_runs(x, y);\n")
        XCTAssertEqual(try store.tip(), third.commit)
        XCTAssertEqual(try repository.commit(third.commit).parents, [second.commit])
        XCTAssertEqual(try repository.commit(second.commit).parents, [first.commit])

        let runs = try store.runs()
        XCTAssertEqual(Set(runs.map(\.path)), [
            "runs/\(head.hex.prefix(2))/\(head.hex)/r1.sql",
            "runs/\(parent.hex.prefix(2))/\(parent.hex)/r2.sql",
            "runs/\(head.hex.prefix(2))/\(head.hex)/r3.sql",
        ])
        XCTAssertEqual(Set(try store.runs(for: head).map(\.runId)), ["r1", "r3"])
        XCTAssertEqual(try store.runs(for: parent).map(\.runId), ["r2"])
        XCTAssertEqual(try store.runs(for: ObjectID.zero), [])
        let r2 = try XCTUnwrap(runs.first { $0.runId == "r2" })
        XCTAssertEqual(r2.sourceCommit, parent)
        XCTAssertEqual(try store.text(of: r2), "INSERT INTO test_runs VALUES('r2');\n")
        XCTAssertEqual(try store.schema(), "CREATE TABLE test_runs(x, y);\n")
        // git itself sees the same tree.
        XCTAssertEqual(try fixture.git("show", "refs/vibesql/results:\(r2.path)", in: "repo"),
                       "INSERT INTO test_runs VALUES('r2');")

        XCTAssertEqual(try fixture.git("status", "--porcelain", in: "repo"), statusBefore)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: fixture.path("repo/.git/index"))), indexBefore)
        XCTAssertEqual(try fixture.git("rev-parse", "HEAD", in: "repo"), headBefore)
        XCTAssertFalse(fixture.exists("repo/.git/vibesql/results.lock"), "the lock is released")
    }

    func testLogParsesSummaryAndTrailersNewestFirst() throws {
        let store = ResultsStore(repository)
        try store.append(run("r1"), schema: "S")
        try store.append(run("r2"), schema: "S")
        let log = try store.log()
        XCTAssertEqual(log.map(\.summary), ["run r2: 9/10 passed", "run r1: 9/10 passed"])
        let entry = try XCTUnwrap(log.first)
        XCTAssertEqual(entry.trailers, [Trailer("Source-Commit", head.hex), Trailer("Run-Id", "r2"),
                                        Trailer("Branch", "main"), Trailer("Passed", "9"), Trailer("Total", "10")])
        XCTAssertEqual(entry.trailer("source-commit"), head.hex)
        XCTAssertFalse(entry.isMerge)
        XCTAssertEqual(try store.log(limit: 1).count, 1)
        // git agrees on the trailers.
        XCTAssertEqual(try fixture.git("log", "-1", "--format=%(trailers:key=Run-Id,valueonly)",
                                       "refs/vibesql/results", in: "repo"), "r2")
    }

    func testAppendIsIdempotentAndNeverOverwritesARun() throws {
        let store = ResultsStore(repository)
        let first = try store.append(run("r1"), schema: "S")
        let again = try store.append(run("r1"), schema: "S")
        XCTAssertTrue(again.alreadyRecorded)
        XCTAssertEqual(again.commit, first.commit)
        XCTAssertThrowsError(try store.append(run("r1", dump: "different"), schema: "S")) { error in
            XCTAssertEqual(error as? VibeGitError, .runAlreadyRecorded(path: first.path))
        }
        XCTAssertEqual(try store.tip(), first.commit)
    }

    func testInvalidInputsAreRejected() throws {
        let store = ResultsStore(repository)
        for bad in ["", "../x", ".hidden", "a/b", "with space"] {
            XCTAssertThrowsError(try store.append(run(bad), schema: "S"), "run id '\(bad)'")
        }
        var forged = run("ok")
        forged.trailers = [Trailer("Passed", "1\nFailed: 0")]
        XCTAssertThrowsError(try store.append(forged, schema: "S")) { error in
            XCTAssertEqual("\(error)", "trailer Passed must be a single line")
        }
        XCTAssertNil(try store.tip())
    }

    func testLinkedWorktreeSeesAndWritesTheSameRef() throws {
        try fixture.git("worktree", "add", "-q", "-b", "side", fixture.path("side"), in: "repo")
        let linked = try Repository.discover(from: fixture.path("side"))
        try ResultsStore(linked).append(run("from-worktree"), schema: "S")
        try ResultsStore(repository).append(run("from-main"), schema: "S")
        XCTAssertEqual(Set(try ResultsStore(linked).runs().map(\.runId)), ["from-worktree", "from-main"])
        XCTAssertTrue(fixture.exists("repo/.git/refs/vibesql/results") || fixture.exists("repo/.git/packed-refs"))
    }

    func testBareRepositoryRecordsRuns() throws {
        try fixture.git("clone", "-q", "--bare", "repo", "bare.git")
        let bare = ResultsStore(try Repository.open(at: fixture.path("bare.git")))
        try bare.append(run("r1"), schema: "S")
        XCTAssertEqual(try bare.runs().map(\.runId), ["r1"])
        XCTAssertEqual(try fixture.git("log", "--format=%s", "refs/vibesql/results", in: "bare.git"), "run r1: 9/10 passed")
    }

    func testLostCompareAndSwapIsRetriedWithoutLosingTheOtherRun() throws {
        let store = ResultsStore(repository)
        try store.append(run("base"), schema: "S")
        store.usesLock = false  // let a competing writer slip in between commit and ref update
        store.beforeReferenceUpdate = { [fixture, head] attempt in
            guard attempt == 1, let fixture, let head else { return }
            let other = ResultsStore(try Repository.discover(from: fixture.path("repo")))
            other.usesLock = false
            try other.append(NewRun(sourceCommit: head, runId: "competitor", dump: "c", summary: "competitor"), schema: "S")
        }
        let result = try store.append(run("mine"), schema: "S")
        XCTAssertEqual(result.attempts, 2)
        XCTAssertEqual(Set(try store.runs().map(\.runId)), ["base", "competitor", "mine"])
        XCTAssertEqual(try store.log().map { $0.trailer("Run-Id") }, ["mine", "competitor", "base"])
    }

    func testConcurrentWritersLoseNothing() throws {
        let path = fixture.path("repo")
        let source = head.hex
        let failures = ErrorBox()
        // Half the writers take the lock, half race on the CAS alone: nothing may be lost either way.
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let store = ResultsStore(try Repository.discover(from: path))
                store.usesLock = index.isMultiple(of: 2)
                guard let commit = ObjectID(hex: source) else { return }
                try store.append(NewRun(sourceCommit: commit, runId: "w\(index)", dump: "d\(index)",
                                        summary: "writer \(index)"), schema: "S")
            } catch {
                failures.add(error)
            }
        }
        XCTAssertEqual(failures.errors.map { "\($0)" }, [])
        let store = ResultsStore(repository)
        XCTAssertEqual(Set(try store.runs().map(\.runId)), Set((0..<8).map { "w\($0)" }))
        XCTAssertEqual(try store.log().count, 8, "one commit per run on a linear history")
    }

    func testMissingRunBlobIsAClearError() throws {
        let store = ResultsStore(repository)
        try store.append(run("r1"), schema: "S")
        let entry = try XCTUnwrap(try store.runs().first)
        try FileManager.default.removeItem(atPath: looseObjectPath(entry.blob))
        XCTAssertThrowsError(try store.text(of: entry)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("refs/vibesql/results is damaged: cannot read run \(entry.path) (blob \(entry.blob.hex))"), text)
        }
        XCTAssertEqual(try store.runs(), [entry], "listing does not read blobs")
    }

    func testCorruptedObjectsGiveErrorsNotCrashes() throws {
        let store = ResultsStore(repository)
        let appended = try store.append(run("r1"), schema: "S")
        let entry = try XCTUnwrap(try store.runs().first)
        let blobPath = looseObjectPath(entry.blob)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: blobPath)
        try Data("garbage, not zlib".utf8).write(to: URL(fileURLWithPath: blobPath))
        XCTAssertThrowsError(try store.text(of: entry)) { error in
            XCTAssertTrue("\(error)".contains("cannot read run \(entry.path)"), "\(error)")
        }
        // A missing tree makes listing and appending fail cleanly too.
        let tree = try repository.treeOfCommit(appended.commit)
        try FileManager.default.removeItem(atPath: looseObjectPath(tree))
        let fresh = ResultsStore(try Repository.discover(from: fixture.path("repo")))  // no object cache
        XCTAssertThrowsError(try fresh.runs()) { error in
            XCTAssertTrue("\(error)".contains("cannot read the results tree (tree \(tree.hex))"), "\(error)")
        }
        XCTAssertThrowsError(try fresh.append(run("r2"), schema: "S")) { error in
            XCTAssertTrue("\(error)".contains(tree.hex), "\(error)")
        }
        XCTAssertEqual(try fresh.tip(), appended.commit, "a failed append leaves the ref alone")
    }

    func testStaleLockFromDeadProcessIsBroken() throws {
        // pid 999999999 cannot exist (Linux caps pids far lower): its owner is gone.
        try fixture.write("repo/.git/vibesql/results.lock", "999999999 \(hostname()) 0\n")
        let store = ResultsStore(repository)
        store.lockTimeout = 5
        try store.append(run("r1"), schema: "S")
        XCTAssertEqual(try store.runs().map(\.runId), ["r1"])
    }

    func testLiveLockTimesOutWithActionableMessage() throws {
        try fixture.write("repo/.git/vibesql/results.lock", "\(getpid()) \(hostname()) 0\n")
        let store = ResultsStore(repository)
        store.lockTimeout = 0.2
        XCTAssertThrowsError(try store.append(run("r1"), schema: "S")) { error in
            guard case .resultsLocked(let path, let holder)? = error as? VibeGitError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, fixture.path("repo/.git/vibesql/results.lock"))
            XCTAssertEqual(holder, "pid \(getpid()) on \(hostname())")
        }
        XCTAssertNil(try store.tip())
    }

    private func looseObjectPath(_ id: ObjectID) -> String {
        fixture.path("repo/.git/objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))")
    }

    private func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, 255)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Collects errors from concurrent closures.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Error] = []
    func add(_ error: Error) { lock.withLock { stored.append(error) } }
    var errors: [Error] { lock.withLock { stored } }
}
