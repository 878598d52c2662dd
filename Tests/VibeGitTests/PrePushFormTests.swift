// The hook decides by where a push lands: each form of `git push` is made for real against a
// bare remote, with a pre-push hook that keeps git's input, and the plan read from that input.
import Foundation
import XCTest
@testable import VibeGit

final class PrePushFormTests: XCTestCase {
    var fixture: GitFixture!
    var repository: Repository!

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.git("init", "-q", "--bare", "-b", "main", "remote.git")
        try fixture.makeRepository(commits: 1)
        try fixture.write("repo/.vibesql/config", "[suite \"quick\"]\npath = suite\n[hook]\nsuite = quick\n")
        try fixture.git("add", ".vibesql", in: "repo")
        try fixture.git("commit", "-q", "-m", "config", in: "repo")
        try fixture.git("remote", "add", "origin", fixture.path("remote.git"), in: "repo")
        try fixture.git("push", "-q", "origin", "main", in: "repo")
        try fixture.commit(in: "repo", message: "c2")
        // The hook keeps git's input (appending, so a hook that does not run leaves nothing).
        try fixture.write("repo/.git/hooks/pre-push", "#!/bin/sh\ncat >> \"$(git rev-parse --git-dir)/pushed\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("repo/.git/hooks/pre-push"))
        repository = try Repository.discover(from: fixture.path("repo"))
    }

    override func tearDown() {
        repository = nil
        fixture.cleanUp()
    }

    /// Pushes with `arguments`, then plans from what the hook was given: (remote refs checked, input).
    func plan(_ arguments: String...) throws -> (checked: [String], commits: [String], input: String) {
        try? FileManager.default.removeItem(atPath: fixture.path("repo/.git/pushed"))
        try fixture.runGit(["push", "-q"] + arguments, in: "repo")
        let input = (try? fixture.read("repo/.git/pushed")) ?? ""
        let plan = try PrePush.plan(PushUpdate.parse(input), repository: repository) { _, _ in false }
        return (plan.targets.flatMap(\.remoteRefs), plan.targets.map(\.commit.hex), input)
    }

    func head() throws -> String { try fixture.git("rev-parse", "HEAD", in: "repo") }

    func testPushingABranchByNameIsChecked() throws {
        let result = try plan("origin", "main")
        XCTAssertEqual(result.checked, ["refs/heads/main"], result.input)
        XCTAssertEqual(result.commits, [try head()])
    }

    func testPushingHEADIsCheckedByTheBranchItLandsOn() throws {
        let result = try plan("origin", "HEAD")
        XCTAssertTrue(result.input.hasPrefix("HEAD "), "git names the local side HEAD: \(result.input)")
        XCTAssertEqual(result.checked, ["refs/heads/main"], result.input)
    }

    func testPushingHEADToANewBranchIsChecked() throws {
        let result = try plan("origin", "HEAD:refs/heads/x")
        XCTAssertEqual(result.checked, ["refs/heads/x"], result.input)
        XCTAssertEqual(result.commits, [try head()])
    }

    func testPushingACommitIdToABranchIsChecked() throws {
        let result = try plan("origin", "\(try head()):refs/heads/y")
        XCTAssertFalse(result.input.hasPrefix("refs/"), "git names no local ref: \(result.input)")
        XCTAssertEqual(result.checked, ["refs/heads/y"], result.input)
    }

    func testPushingATagChecksTheCommitItPointsAt() throws {
        try fixture.git("tag", "-a", "-m", "release", "v1", in: "repo")
        let result = try plan("origin", "v1")
        XCTAssertEqual(result.checked, ["refs/tags/v1"], result.input)
        XCTAssertEqual(result.commits, [try head()], "an annotated tag is peeled to its commit")
    }

    func testADeleteIsNotChecked() throws {
        try fixture.git("push", "-q", "--no-verify", "origin", "HEAD:refs/heads/gone", in: "repo")
        let result = try plan("origin", ":refs/heads/gone")
        XCTAssertTrue(result.input.contains("(delete)"), result.input)
        XCTAssertEqual(result.checked, [])
    }

    func testNoVerifySkipsTheHook() throws {
        let result = try plan("--no-verify", "origin", "HEAD:refs/heads/z")
        XCTAssertEqual(result.input, "", "the hook did not run")
        XCTAssertEqual(try fixture.git("ls-remote", fixture.path("remote.git"), "refs/heads/z", in: "repo").isEmpty, false)
    }

    func testRefsOutsideBranchesAndTagsAreNotChecked() throws {
        let result = try plan("origin", "HEAD:refs/notes/custom")
        XCTAssertFalse(result.input.isEmpty)
        XCTAssertEqual(result.checked, [])
    }
}
