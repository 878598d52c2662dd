import Foundation
import XCTest
@testable import VibeGit

final class RepositoryTests: XCTestCase {
    var fixture: GitFixture!

    override func setUpWithError() throws { fixture = try GitFixture() }
    override func tearDown() { fixture.cleanUp() }

    func testDiscoverFromSubdirectoryFindsWorkTree() throws {
        let path = try fixture.makeRepository()
        try fixture.write("repo/sub/dir/file.txt", "x")
        let repository = try Repository.discover(from: fixture.path("repo/sub/dir"))
        XCTAssertEqual(repository.workTree, path)
        XCTAssertEqual(repository.gitDirectory, path + "/.git")
        XCTAssertFalse(repository.isBare)
        XCTAssertFalse(repository.isLinkedWorktree)
        XCTAssertFalse(repository.isShallow)
        let head = try repository.head()
        XCTAssertEqual(head, .branch(name: "main", commit: try XCTUnwrap(ObjectID(hex: fixture.git("rev-parse", "HEAD", in: "repo")))))
    }

    func testOpenOutsideRepositoryIsClearError() throws {
        try fixture.write("plain/file.txt", "x")
        for open in [Repository.open(at:), Repository.discover(from:)] {
            XCTAssertThrowsError(try open(fixture.path("plain"))) { error in
                XCTAssertEqual(error as? VibeGitError, .notARepository(path: fixture.path("plain")))
                XCTAssertEqual("\(error)", "not a git repository (or any of the parent directories): "
                               + fixture.path("plain"))
            }
        }
    }

    func testDetachedHead() throws {
        try fixture.makeRepository()
        let first = try fixture.git("rev-parse", "HEAD~2", in: "repo")
        try fixture.git("checkout", "-q", "--detach", "HEAD~2", in: "repo")
        let head = try Repository.discover(from: fixture.path("repo")).head()
        XCTAssertEqual(head, .detached(commit: try XCTUnwrap(ObjectID(hex: first))))
        XCTAssertNil(head.branchName)
    }

    func testUnbornBranch() throws {
        try fixture.git("init", "-q", "-b", "trunk", "empty")
        let head = try Repository.discover(from: fixture.path("empty")).head()
        XCTAssertEqual(head, .unborn(branch: "trunk"))
        XCTAssertNil(head.commit)
    }

    func testBareRepository() throws {
        try fixture.makeRepository()
        try fixture.git("clone", "-q", "--bare", "repo", "bare.git")
        let repository = try Repository.open(at: fixture.path("bare.git"))
        XCTAssertTrue(repository.isBare)
        XCTAssertNil(repository.workTree)
        XCTAssertEqual(try repository.head().branchName, "main")
        XCTAssertFalse(try repository.isWorkTreeDirty())
    }

    func testLinkedWorktreeSharesCommonDirectory() throws {
        let main = try fixture.makeRepository()
        try fixture.git("worktree", "add", "-q", "-b", "side", fixture.path("side"), in: "repo")
        let linked = try Repository.discover(from: fixture.path("side"))
        XCTAssertTrue(linked.isLinkedWorktree)
        XCTAssertEqual(linked.workTree, fixture.path("side"))
        XCTAssertEqual(linked.commonDirectory, main + "/.git")
        XCTAssertEqual(linked.gitDirectory, main + "/.git/worktrees/side")
        XCTAssertEqual(try linked.head().branchName, "side")
    }

    func testOpenFromEnvironmentHonoursGitDir() throws {
        try fixture.makeRepository()
        try fixture.git("init", "-q", "-b", "other", "elsewhere")
        // Run from inside one repository with GIT_DIR naming the other, as git does for hooks.
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(fixture.path("elsewhere"))
        setenv("GIT_DIR", fixture.path("repo/.git"), 1)
        defer {
            unsetenv("GIT_DIR")
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
        }
        let repository = try Repository.openFromEnvironment()
        XCTAssertEqual(repository.gitDirectory, fixture.path("repo/.git"))
        XCTAssertEqual(try repository.head().branchName, "main")
    }

    func testShallowCloneDetectionAndHistoryStopsAtBoundary() throws {
        try fixture.makeRepository(commits: 5)
        try fixture.git("clone", "-q", "--depth", "2", "file://" + fixture.path("repo"), "shallow")
        let repository = try Repository.discover(from: fixture.path("shallow"))
        XCTAssertTrue(repository.isShallow)
        let head = try XCTUnwrap(try repository.head().commit)
        let history = try repository.firstParentHistory(from: head)
        XCTAssertEqual(history.map(\.subject), ["c5", "c4"])
        XCTAssertEqual(history.last?.parents.count, 1, "the boundary commit still names its parent")
    }
}
