import Foundation
import XCTest
@testable import VibeGit

final class CommitTests: XCTestCase {
    var fixture: GitFixture!
    var repository: Repository!

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.makeRepository(commits: 4)
        repository = try Repository.discover(from: fixture.path("repo"))
    }

    override func tearDown() {
        repository = nil
        fixture.cleanUp()
    }

    private func sha(_ revision: String, in directory: String = "repo") throws -> ObjectID {
        try XCTUnwrap(ObjectID(hex: fixture.git("rev-parse", revision, in: directory)))
    }

    func testResolveRevisions() throws {
        XCTAssertEqual(try repository.resolve("main"), try sha("main"))
        XCTAssertEqual(try repository.resolve("HEAD~2"), try sha("HEAD~2"))
        let full = try sha("HEAD~1")
        XCTAssertEqual(try repository.resolve(full.hex), full)
        XCTAssertEqual(try repository.resolve(String(full.hex.prefix(8))), full)
        try fixture.git("tag", "-a", "v1", "-m", "release", "HEAD~3", in: "repo")
        XCTAssertEqual(try repository.resolve("v1"), try sha("HEAD~3"), "annotated tags peel to their commit")
    }

    func testResolveRemoteTrackingBranch() throws {
        try fixture.git("clone", "-q", "repo", "clone")
        try fixture.git("checkout", "-q", "-b", "x", in: "repo")
        try fixture.commit(in: "repo", message: "on-x")
        try fixture.git("fetch", "-q", "origin", in: "clone")
        let clone = try Repository.discover(from: fixture.path("clone"))
        XCTAssertEqual(try clone.resolve("origin/x"), try sha("x"))
    }

    func testBranches() throws {
        try fixture.git("branch", "feature/x", "HEAD~1", in: "repo")
        try fixture.git("clone", "-q", "repo", "clone")
        XCTAssertEqual(try repository.branches(), [
            Branch(name: "feature/x", commit: try sha("HEAD~1"), isRemote: false),
            Branch(name: "main", commit: try sha("HEAD"), isRemote: false),
        ])
        let clone = try Repository.discover(from: fixture.path("clone"))
        XCTAssertEqual(try clone.branches(includeRemote: true).map(\.name), ["main", "origin/feature/x", "origin/main"])
    }

    func testUnknownRevisionIsGitError() throws {
        XCTAssertThrowsError(try repository.resolve("no-such-branch")) { error in
            let gitError = error as? GitError
            XCTAssertEqual(gitError?.isNotFound, true)
            XCTAssertEqual("\(error)", "cannot resolve revision 'no-such-branch': revspec 'no-such-branch' not found")
        }
    }

    func testCommitMetadata() throws {
        try fixture.git("commit", "-q", "--allow-empty", "-m", "subject line\n\nbody text", in: "repo")
        let commit = try repository.commit(revision: "HEAD")
        XCTAssertEqual(commit.id, try sha("HEAD"))
        XCTAssertEqual(commit.parents, [try sha("HEAD~1")])
        XCTAssertEqual(commit.subject, "subject line")
        XCTAssertEqual(commit.message, "subject line\n\nbody text\n")
        XCTAssertEqual(commit.authorName, "Test Author")
        XCTAssertEqual(Int(commit.authorTime.timeIntervalSince1970),
                       Int(try fixture.git("log", "-1", "--format=%at", in: "repo")))
    }

    func testFirstParentHistoryFollowsFirstParentOnlyAndHonoursLimit() throws {
        try fixture.git("checkout", "-q", "-b", "topic", "HEAD~1", in: "repo")
        try fixture.commit(in: "repo", message: "topic1")
        try fixture.git("checkout", "-q", "main", in: "repo")
        try fixture.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic", in: "repo")
        let head = try sha("HEAD")
        let all = try repository.firstParentHistory(from: head)
        XCTAssertEqual(all.map(\.subject), ["merge topic", "c4", "c3", "c2", "c1"])
        XCTAssertEqual(all.first?.parents.count, 2)
        XCTAssertEqual(try repository.firstParentHistory(from: head, limit: 2).map(\.subject), ["merge topic", "c4"])
        XCTAssertEqual(try repository.firstParentHistory(from: head, limit: 0), [])
    }

    func testDescendantAndMergeBase() throws {
        XCTAssertTrue(try repository.isDescendant(try sha("HEAD"), of: try sha("HEAD~2")))
        XCTAssertFalse(try repository.isDescendant(try sha("HEAD~2"), of: try sha("HEAD")))
        XCTAssertFalse(try repository.isDescendant(try sha("HEAD"), of: try sha("HEAD")))
        try fixture.git("checkout", "-q", "--orphan", "unrelated", in: "repo")
        try fixture.commit(in: "repo", message: "root2")
        XCTAssertNil(try repository.mergeBase(try sha("main"), try sha("unrelated")))
        XCTAssertEqual(try repository.mergeBase(try sha("main"), try sha("main~1")), try sha("main~1"))
    }

    func testDirtyWorkTree() throws {
        XCTAssertFalse(try repository.isWorkTreeDirty())
        try fixture.write("repo/untracked.swift", "x")
        XCTAssertTrue(try repository.isWorkTreeDirty(), "untracked files count by default")
        XCTAssertFalse(try repository.isWorkTreeDirty(includeUntracked: false))
        try fixture.write("repo/.gitignore", "untracked.swift\n.gitignore\n")
        XCTAssertFalse(try repository.isWorkTreeDirty(), "ignored files never count")
        try fixture.write("repo/c1.txt", "changed\n")
        XCTAssertTrue(try repository.isWorkTreeDirty(includeUntracked: false))
        try fixture.git("add", "c1.txt", in: "repo")
        XCTAssertTrue(try repository.isWorkTreeDirty(includeUntracked: false), "staged changes count")
    }

    func testDirtyLinkedWorktreeIsIndependentOfMain() throws {
        try fixture.git("worktree", "add", "-q", "-b", "side", fixture.path("side"), in: "repo")
        let side = try Repository.discover(from: fixture.path("side"))
        XCTAssertFalse(try side.isWorkTreeDirty())
        try fixture.write("side/c1.txt", "edited in the worktree\n")
        XCTAssertTrue(try side.isWorkTreeDirty())
        XCTAssertFalse(try repository.isWorkTreeDirty())
    }

    func testFileTextInCommit() throws {
        XCTAssertEqual(try repository.fileText(at: "c2.txt", in: try sha("HEAD")), "c2\n")
        XCTAssertNil(try repository.fileText(at: "c4.txt", in: try sha("HEAD~1")))
    }
}
