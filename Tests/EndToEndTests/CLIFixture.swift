// Temporary directories with git repositories, a local bare remote, and the built
// `vibesql-git` binary run as a user would run it.
import Foundation
import XCTest

/// What a command printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

final class CLIFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vibesql-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The `vibesql-git` built next to the test bundle.
    static var binary: String {
        Bundle.main.bundleURL.appendingPathComponent("vibesql-git").path
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GITHUB_RUN_ID", "CI_PIPELINE_ID"] { env[key] = nil }
        env["GIT_AUTHOR_NAME"] = "Test Author"
        env["GIT_AUTHOR_EMAIL"] = "author@example.com"
        env["GIT_COMMITTER_NAME"] = "Test Committer"
        env["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["VIBESQL_GIT"] = Self.binary
        env["PATH"] = (Bundle.main.bundleURL.path) + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        return env
    }

    func execute(_ executable: String, _ arguments: [String], in directory: String, input: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.hasPrefix("/") ? directory : path(directory))
        process.environment = environment
        let out = root.appendingPathComponent(".out-\(UUID().uuidString)"), err = root.appendingPathComponent(".err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return CommandResult(status: process.terminationStatus,
                             stdout: try String(contentsOf: out, encoding: .utf8),
                             stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// Runs vibesql-git.
    @discardableResult
    func vg(_ arguments: String..., in directory: String = "repo", input: String? = nil) throws -> CommandResult {
        try execute(Self.binary, arguments, in: directory, input: input)
    }

    /// Runs git and fails the test when it fails.
    @discardableResult
    func git(_ arguments: String..., in directory: String = "repo", file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try execute("/usr/bin/git", arguments, in: directory)
        XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result
    }

    func write(_ name: String, _ text: String) throws {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static let select1 = """
        statement ok
        CREATE TABLE t1(a INTEGER, b INTEGER)

        statement ok
        INSERT INTO t1 VALUES(1, 2)

        query I
        SELECT a + b FROM t1
        ----
        3

        """

    static let between = """
        query I
        SELECT 1 BETWEEN 0 AND 2
        ----
        1

        """

    static let config = """
        [suite "quick"]
        path = test

        [baseline]
        branch = main

        [hook]
        suite = quick
        policy = block

        """

    /// A repository `name` with a remote `remote.git`, a passing suite and its config, one commit on main.
    func makeRepository(_ name: String = "repo") throws {
        try git("init", "-q", "--bare", "-b", "main", "remote.git", in: "")
        try git("init", "-q", "-b", "main", name, in: "")
        try git("remote", "add", "origin", path("remote.git"), in: name)
        try write("\(name)/test/select1.test", Self.select1)
        try write("\(name)/test/index/between/slt_good_0.test", Self.between)
        try write("\(name)/.vibesql/config", Self.config)
        try git("add", "-A", in: name)
        try git("commit", "-q", "-m", "suite", in: name)
    }

    /// Changes select1's expected output on a new branch: the file regresses there.
    func makeRegressingBranch(_ branch: String = "feature", in name: String = "repo") throws {
        try git("checkout", "-q", "-b", branch, in: name)
        try write("\(name)/test/select1.test", Self.select1.replacingOccurrences(of: "----\n3", with: "----\n4"))
        try git("commit", "-q", "-am", "change select1's expected sum", in: name)
    }
}
