import Foundation
import XCTest
@testable import VibeGit

final class HookInstallerTests: XCTestCase {
    var fixture: GitFixture!

    override func setUpWithError() throws {
        fixture = try GitFixture()
        try fixture.makeRepository(commits: 1)
    }

    override func tearDown() { fixture.cleanUp() }

    private func installer(_ directory: String = "repo") throws -> HookInstaller {
        HookInstaller(repository: try Repository.discover(from: fixture.path(directory)))
    }

    func testScriptMatchesHooksDirectory() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hooks/pre-push")
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), HookInstaller.prePushScript)
    }

    func testInstallUpdateAndUninstallInDefaultHooksDirectory() throws {
        let hook = fixture.path("repo/.git/hooks/pre-push")
        XCTAssertEqual(try installer().install(), .installed(path: hook))
        XCTAssertEqual(try fixture.read("repo/.git/hooks/pre-push"), HookInstaller.prePushScript)
        let mode = try FileManager.default.attributesOfItem(atPath: hook)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o755)
        XCTAssertEqual(try installer().install(), .updated(path: hook))
        XCTAssertEqual(try installer().uninstall(), .removed(path: hook))
        XCTAssertFalse(fixture.exists("repo/.git/hooks/pre-push"))
        XCTAssertEqual(try installer().uninstall(), .notInstalled(path: hook))
    }

    func testRespectsCoreHooksPathRelativeToWorkTree() throws {
        try fixture.git("config", "core.hooksPath", ".githooks", in: "repo")
        try fixture.write("repo/sub/x.txt", "x")
        let fromSubdirectory = try installer("repo/sub")
        XCTAssertEqual(try fromSubdirectory.hooksDirectory(), fixture.path("repo/.githooks"))
        try fromSubdirectory.install()
        XCTAssertTrue(fixture.exists("repo/.githooks/pre-push"))
        XCTAssertFalse(fixture.exists("repo/.git/hooks/pre-push"))
        try fixture.git("config", "core.hooksPath", fixture.path("shared-hooks"), in: "repo")
        XCTAssertEqual(try installer().hooksDirectory(), fixture.path("shared-hooks"))
    }

    func testLinkedWorktreeInstallsIntoCommonHooks() throws {
        try fixture.git("worktree", "add", "-q", "-b", "side", fixture.path("side"), in: "repo")
        XCTAssertEqual(try installer("side").hooksDirectory(), fixture.path("repo/.git/hooks"))
    }

    func testExistingHookIsChainedAndRestored() throws {
        let original = "#!/bin/sh\necho original hook ran \"$1\" >&2\ncat >\"$(dirname \"$0\")/../chained-input\"\nexit 0\n"
        try fixture.write("repo/.git/hooks/pre-push", original)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("repo/.git/hooks/pre-push"))
        XCTAssertEqual(try installer().install(), .chained(path: fixture.path("repo/.git/hooks/pre-push"),
                                                           keptAs: fixture.path("repo/.git/hooks/pre-push.local")))
        XCTAssertEqual(try fixture.read("repo/.git/hooks/pre-push.local"), original)
        XCTAssertEqual(try installer().install(), .updated(path: fixture.path("repo/.git/hooks/pre-push")),
                       "reinstalling does not chain our own hook")
        XCTAssertEqual(try fixture.read("repo/.git/hooks/pre-push.local"), original)

        XCTAssertEqual(try installer().uninstall(), .restored(path: fixture.path("repo/.git/hooks/pre-push")))
        XCTAssertEqual(try fixture.read("repo/.git/hooks/pre-push"), original)
        XCTAssertFalse(fixture.exists("repo/.git/hooks/pre-push.local"))
    }

    func testRefusesToClobber() throws {
        try fixture.write("repo/.git/hooks/pre-push", "#!/bin/sh\nexit 0\n")
        try fixture.write("repo/.git/hooks/pre-push.local", "#!/bin/sh\nexit 0\n")
        XCTAssertThrowsError(try installer().install()) { error in
            guard case .hookConflict? = error as? VibeGitError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try installer().uninstall()) { error in
            XCTAssertEqual("\(error)", "\(fixture.path("repo/.git/hooks/pre-push")) was not installed by vibesql-git; leaving it in place")
        }
        XCTAssertEqual(try fixture.read("repo/.git/hooks/pre-push"), "#!/bin/sh\nexit 0\n")
    }

    /// The installed script runs the chained hook and the tool with git's stdin and arguments.
    func testInstalledHookPassesStdinToChainedHookAndTool() throws {
        try fixture.write("repo/.git/hooks/pre-push", "#!/bin/sh\ncat >\"$PWD/chained-input\"\necho \"$1 $2\" >\"$PWD/chained-args\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("repo/.git/hooks/pre-push"))
        try installer().install()
        // A stand-in for vibesql-git that records what it was given and blocks the push.
        try fixture.write("fake-tool", "#!/bin/sh\necho \"$@\" >\"$PWD/tool-args\"\ncat >\"$PWD/tool-input\"\nexit 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("fake-tool"))
        try fixture.git("init", "-q", "--bare", "remote.git")
        try fixture.git("remote", "add", "dest", fixture.path("remote.git"), in: "repo")
        setenv("VIBESQL_GIT", fixture.path("fake-tool"), 1)
        defer { unsetenv("VIBESQL_GIT") }
        XCTAssertThrowsError(try fixture.git("push", "-q", "dest", "main", in: "repo"), "the tool's exit status blocks the push")
        let sha = try fixture.git("rev-parse", "main", in: "repo")
        let expected = "refs/heads/main \(sha) refs/heads/main \(ObjectID.zero.hex)"
        XCTAssertEqual(try fixture.read("repo/chained-input").trimmingCharacters(in: .newlines), expected)
        XCTAssertEqual(try fixture.read("repo/tool-input").trimmingCharacters(in: .newlines), expected)
        XCTAssertEqual(try fixture.read("repo/tool-args"), "pre-push dest \(fixture.path("remote.git"))\n")
        XCTAssertEqual(try fixture.read("repo/chained-args"), "dest \(fixture.path("remote.git"))\n")
        try fixture.git("push", "-q", "--no-verify", "dest", "main", in: "repo")
    }
}
