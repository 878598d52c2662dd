import Foundation
import XCTest
@testable import VibeGit

/// Two clones ("alice", "bob") of a repository sharing a bare remote ("origin.git"), with a
/// run recorder: the setting of every test of sharing results between clones.
class TwoClonesTestCase: XCTestCase {
    var fixture: GitFixture!
    var source: ObjectID!

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.makeRepository("seed", commits: 2)
        try fixture.git("clone", "-q", "--bare", "seed", "origin.git")
        try fixture.git("clone", "-q", fixture.path("origin.git"), "alice")
        try fixture.git("clone", "-q", fixture.path("origin.git"), "bob")
        source = try XCTUnwrap(ObjectID(hex: fixture.git("rev-parse", "HEAD", in: "alice")))
    }

    override func tearDown() { fixture.cleanUp() }

    func store(_ name: String) throws -> ResultsStore {
        ResultsStore(try Repository.discover(from: fixture.path(name)))
    }

    func record(_ runId: String, in clone: String, dump: String? = nil, schema: String = "S1") throws {
        try store(clone).append(NewRun(sourceCommit: source, runId: runId, dump: dump ?? "dump \(runId)",
                                       summary: "run \(runId)"), schema: schema)
    }

    func runIds(_ clone: String) throws -> Set<String> { Set(try store(clone).runs().map(\.runId)) }
}

/// Pushing and pulling results between the two clones.
final class SharingTests: TwoClonesTestCase {
    func testPushToBareRemoteThenPullIntoSecondClone() throws {
        try record("a1", in: "alice")
        try record("a2", in: "alice")
        let pushed = try store("alice").push(to: "origin")
        XCTAssertEqual(pushed.transport, .libgit2)
        XCTAssertEqual(try fixture.git("rev-parse", "refs/vibesql/results", in: "origin.git"), pushed.commit.hex)

        let bob = try store("bob")
        XCTAssertEqual(try bob.pull(from: "origin"), .fastForwarded(pushed.commit))
        XCTAssertEqual(try runIds("bob"), ["a1", "a2"])
        XCTAssertEqual(try fixture.git("rev-parse", "refs/vibesql/remotes/origin/results", in: "bob"), pushed.commit.hex)
        XCTAssertEqual(try bob.pull(from: "origin"), .upToDate(pushed.commit))
    }

    func testDivergentRunsAreRejectedOnPushThenMergedWithNothingLost() throws {
        try record("base", in: "alice")
        try store("alice").push(to: "origin")
        try store("bob").pull(from: "origin")
        try record("a1", in: "alice")
        try record("b1", in: "bob")
        try record("b2", in: "bob")
        try store("alice").push(to: "origin")

        let bob = try store("bob")
        XCTAssertThrowsError(try bob.push(to: "origin")) { error in
            guard case .pushRejected(let remote, _, _)? = error as? VibeGitError else { return XCTFail("\(error)") }
            XCTAssertEqual(remote, "origin")
            XCTAssertTrue("\(error)".contains("run `vibesql-git pull origin`"), "\(error)")
        }
        let bobTipBefore = try XCTUnwrap(try bob.tip())
        guard case .merged(let merge, let keptBoth) = try bob.pull(from: "origin") else {
            return XCTFail("expected a merge")
        }
        XCTAssertEqual(keptBoth, [])
        XCTAssertEqual(try runIds("bob"), ["base", "a1", "b1", "b2"])
        let mergeCommit = try bob.repository.commit(merge)
        XCTAssertEqual(mergeCommit.parents, [bobTipBefore, try XCTUnwrap(try store("alice").tip())])
        XCTAssertEqual(try bob.log().first?.trailer("Merged-From"), "origin")
        XCTAssertEqual(try bob.log().compactMap { $0.trailer("Run-Id") }.sorted(), ["a1", "b1", "b2", "base"])

        try bob.push(to: "origin")
        XCTAssertEqual(try store("alice").pull(from: "origin"), .fastForwarded(merge))
        XCTAssertEqual(try runIds("alice"), ["base", "a1", "b1", "b2"])
    }

    func testUnrelatedHistoriesMergeAsUnionAndKeepBothVersionsOfAConflictingPath() throws {
        // Both clones recorded before ever sharing: no merge base.
        try record("same", in: "alice", dump: "identical")
        try record("shared-id", in: "alice", dump: "alice's version")
        try record("a1", in: "alice", schema: "S-alice")
        try store("alice").push(to: "origin")
        try record("same", in: "bob", dump: "identical")
        try record("shared-id", in: "bob", dump: "bob's version")
        try record("b1", in: "bob", schema: "S-bob")

        let bob = try store("bob")
        guard case .merged(_, let keptBoth) = try bob.pull(from: "origin") else { return XCTFail("expected a merge") }
        let runPath = ResultsStore.runPath(sourceCommit: source, runId: "shared-id")
        XCTAssertEqual(keptBoth, [runPath, "schema.sql"])
        let runs = try bob.runs()
        XCTAssertEqual(runs.filter { $0.runId == "same" }.count, 1, "identical paths with identical blobs merge")
        let texts = Set(try runs.filter { $0.runId.hasPrefix("shared-id") }.map { try bob.text(of: $0) })
        XCTAssertEqual(texts, ["alice's version", "bob's version"])
        XCTAssertEqual(try bob.schema(), "S-bob", "ours stays at the path")
        XCTAssertEqual(Set(try runIds("bob")).count, 5)
        XCTAssertTrue(try bob.log().first?.trailers.contains(Trailer("Kept-Both", runPath)) ?? false)
    }

    func testSchemaChangedOnOneSideIsTakenWithoutConflict() throws {
        try record("base", in: "alice", schema: "v1")
        try store("alice").push(to: "origin")
        try store("bob").pull(from: "origin")
        try record("a1", in: "alice", schema: "v2")
        try store("alice").push(to: "origin")
        try record("b1", in: "bob", schema: "v1")
        let bob = try store("bob")
        guard case .merged(_, let keptBoth) = try bob.pull(from: "origin") else { return XCTFail("expected a merge") }
        XCTAssertEqual(keptBoth, [])
        XCTAssertEqual(try bob.schema(), "v2")
    }

    func testFetchNeverTouchesLocalRuns() throws {
        try record("a1", in: "alice")
        try store("alice").push(to: "origin")
        try record("b1", in: "bob")
        let bob = try store("bob")
        let before = try bob.tip()
        let fetched = try bob.fetch(from: "origin")
        XCTAssertEqual(fetched, try store("alice").tip())
        XCTAssertEqual(try bob.tip(), before)
        XCTAssertEqual(try runIds("bob"), ["b1"])
    }

    func testRewrittenRemoteHistoryIsRefused() throws {
        try record("a1", in: "alice")
        try store("alice").push(to: "origin")
        let bob = try store("bob")
        let first = try XCTUnwrap(try bob.fetch(from: "origin"))
        // Someone force-pushes an unrelated results history to the remote.
        try record("c1", in: "seed")
        try fixture.git("push", "-q", "--force", fixture.path("origin.git"), "+refs/vibesql/results:refs/vibesql/results", in: "seed")
        XCTAssertThrowsError(try bob.fetch(from: "origin")) { error in
            XCTAssertEqual(error as? VibeGitError,
                           .remoteHistoryRewritten(remote: "origin", ref: "refs/vibesql/remotes/origin/results"))
        }
        XCTAssertEqual(try bob.repository.referenceTarget(ResultsStore.trackingReference(remote: "origin")), first)
    }

    func testRemoteWithoutResultsAndUnknownRemote() throws {
        XCTAssertEqual(try store("bob").pull(from: "origin"), .remoteHasNoResults)
        XCTAssertThrowsError(try store("bob").pull(from: "nowhere")) { error in
            XCTAssertEqual(error as? VibeGitError, .remoteNotFound("nowhere"))
        }
        XCTAssertThrowsError(try store("bob").push(to: "origin")) { error in
            XCTAssertEqual(error as? VibeGitError, .nothingToPush(ref: "refs/vibesql/results"))
        }
    }

    /// The `git` fallback used for ssh and https remotes, exercised against the local remote.
    func testGitCommandTransport() throws {
        try record("a1", in: "alice")
        let alice = try store("alice")
        alice.transportOverride = .gitCommand
        XCTAssertEqual(try alice.push(to: "origin").transport, .gitCommand)
        let bob = try store("bob")
        bob.transportOverride = .gitCommand
        try record("b1", in: "bob")
        XCTAssertThrowsError(try bob.push(to: "origin")) { error in
            guard case .pushRejected? = error as? VibeGitError else { return XCTFail("\(error)") }
        }
        guard case .merged = try bob.pull(from: "origin") else { return XCTFail("expected a merge") }
        try bob.push(to: "origin")
        XCTAssertEqual(try alice.pull(from: "origin"), .fastForwarded(try XCTUnwrap(try bob.tip())))
        XCTAssertEqual(try runIds("alice"), ["a1", "b1"])

        let carol = try store("seed")
        carol.transportOverride = .gitCommand
        try fixture.git("remote", "add", "empty", fixture.path("empty.git"), in: "seed")
        try fixture.git("init", "-q", "--bare", "empty.git")
        XCTAssertEqual(try carol.pull(from: "empty"), .remoteHasNoResults)
    }

    /// A shallow clone pulls and pushes the results ref (through `git`: libgit2's push walks
    /// the remote's branches into history the clone lacks).
    func testPushFromAShallowClone() throws {
        try record("a1", in: "alice")
        try store("alice").push(to: "origin")
        try fixture.git("clone", "-q", "--depth", "1", "file://" + fixture.path("origin.git"), "shallow")
        let shallow = try store("shallow")
        XCTAssertTrue(shallow.repository.isShallow)
        guard case .fastForwarded = try shallow.pull(from: "origin") else { return XCTFail("expected a fast-forward") }
        try record("s1", in: "shallow")
        let pushed = try shallow.push(to: "origin")
        XCTAssertEqual(pushed.transport, .gitCommand)
        XCTAssertEqual(try fixture.git("rev-parse", "refs/vibesql/results", in: "origin.git"), pushed.commit.hex)
        XCTAssertEqual(try store("bob").pull(from: "origin"), .fastForwarded(pushed.commit))
        XCTAssertEqual(try runIds("bob"), ["a1", "s1"])
    }

    /// git's messages are read in English whatever the locale: a translated "rejected" or
    /// "couldn't find remote ref" would otherwise be missed.
    func testGitCommandTransportUnderAnotherLocale() throws {
        let saved = ["LANGUAGE", "LC_ALL", "LANG"].map { ($0, ProcessInfo.processInfo.environment[$0]) }
        defer { for (key, value) in saved { if let value { setenv(key, value, 1) } else { unsetenv(key) } } }
        setenv("LANGUAGE", "de", 1)
        setenv("LC_ALL", "C.UTF-8", 1)
        setenv("LANG", "de_DE.UTF-8", 1)
        try record("a1", in: "alice")
        let alice = try store("alice")
        alice.transportOverride = .gitCommand
        try alice.push(to: "origin")
        let bob = try store("bob")
        bob.transportOverride = .gitCommand
        try record("b1", in: "bob")
        XCTAssertThrowsError(try bob.push(to: "origin")) { error in
            guard case .pushRejected? = error as? VibeGitError else { return XCTFail("\(error)") }
        }
        guard case .merged = try bob.pull(from: "origin") else { return XCTFail("expected a merge") }
        let carol = try store("seed")
        carol.transportOverride = .gitCommand
        try fixture.git("init", "-q", "--bare", "empty.git")
        try fixture.git("remote", "add", "empty", fixture.path("empty.git"), in: "seed")
        XCTAssertEqual(try carol.pull(from: "empty"), .remoteHasNoResults)
    }

    func testLocalURLClassification() {
        let cases: [(String, Bool)] = [
            ("/srv/repo.git", true), ("../repo", true), ("file:///srv/repo.git", true), ("/path/with:colon", true),
            ("git@github.com:org/repo.git", false), ("ssh://host/repo", false), ("https://host/repo", false),
            ("host:repo", false),
        ]
        for (url, local) in cases { XCTAssertEqual(ResultsStore.isLocal(url), local, url) }
    }
}

/// `pushRetrying`: a push rejected because the remote moved pulls and pushes again.
final class PushRetryTests: TwoClonesTestCase {
    func testARejectedPushPullsAndPushesAgain() throws {
        try record("a1", in: "alice")
        try store("alice").push(to: "origin")
        try record("b1", in: "bob")
        var pauses: [TimeInterval] = []
        let bob = try store("bob")
        let result = try bob.pushRetrying(to: "origin", pause: { pauses.append($0) }, jitter: { 1 })
        XCTAssertEqual(result.attempts, 2)
        XCTAssertEqual(pauses, [0.25])
        guard case .merged? = result.pulls.first else { return XCTFail("\(result.pulls)") }
        XCTAssertEqual(try fixture.git("rev-parse", "refs/vibesql/results", in: "origin.git"), try bob.tip()?.hex)
        XCTAssertEqual(Set(try bob.runs().map(\.runId)), ["a1", "b1"])
    }

    func testAnAcceptedPushDoesNotWait() throws {
        try record("a1", in: "alice")
        let result = try store("alice").pushRetrying(to: "origin", pause: { _ in XCTFail("no pause") })
        XCTAssertEqual(result.attempts, 1)
        XCTAssertEqual(result.pulls, [])
    }

    func testGivesUpAfterTheBoundWithGrowingPauses() throws {
        var pauses: [TimeInterval] = [], pulls = 0, pushes = 0
        let policy = PushRetryPolicy(attempts: 5, initialDelay: 1, maxDelay: 4)
        XCTAssertThrowsError(try ResultsStore.retrying(policy: policy, pause: { pauses.append($0) }, jitter: { 1 }, attempt: { () -> Int in
            pushes += 1
            throw VibeGitError.pushRejected(remote: "origin", ref: "refs/vibesql/results", reason: "non-fast-forward")
        }, beforeRetry: { pulls += 1 })) { error in
            XCTAssertTrue("\(error)".contains("still after 5 attempts"), "\(error)")
        }
        XCTAssertEqual(pushes, 5)
        XCTAssertEqual(pulls, 4)
        XCTAssertEqual(pauses, [1, 2, 4, 4])
    }

    func testOtherErrorsAreNotRetried() throws {
        var pushes = 0
        XCTAssertThrowsError(try ResultsStore.retrying(policy: PushRetryPolicy(), pause: { _ in XCTFail("no pause") }, jitter: { 1 },
                                                       attempt: { () -> Int in
            pushes += 1
            throw VibeGitError.remoteNotFound("nowhere")
        }, beforeRetry: {})) { XCTAssertEqual($0 as? VibeGitError, .remoteNotFound("nowhere")) }
        XCTAssertEqual(pushes, 1)
        XCTAssertThrowsError(try store("bob").pushRetrying(to: "origin")) {
            XCTAssertEqual($0 as? VibeGitError, .nothingToPush(ref: "refs/vibesql/results"))
        }
    }

    func testJitterScalesTheDelay() {
        let policy = PushRetryPolicy(attempts: 3, initialDelay: 2, maxDelay: 100)
        XCTAssertEqual(policy.delay(beforeAttempt: 2, jitter: 0.5), 1)
        XCTAssertEqual(policy.delay(beforeAttempt: 3, jitter: 1.5), 6)
    }
}
