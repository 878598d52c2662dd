// Temporary repositories built with the `git` CLI, so VibeGit is tested against what git
// itself writes (worktrees, shallow clones, bare remotes).
import Foundation
import XCTest

/// A scratch directory with helpers to run `git` in it; removed on `cleanUp()`.
final class GitFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("vibegit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    /// Absolute path of `name` inside the scratch directory.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Runs git in `directory` (relative to the scratch root) and returns trimmed stdout.
    @discardableResult
    func git(_ arguments: String..., in directory: String = "", input: String? = nil) throws -> String {
        try runGit(arguments, in: directory, input: input)
    }

    func runGit(_ arguments: [String], in directory: String, input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = directory.isEmpty ? root : root.appendingPathComponent(directory)
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"] { environment[key] = nil }
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file (creating directories) relative to the scratch root.
    func write(_ name: String, _ text: String) throws {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// `git init -b main` in `name` plus `count` commits ("c1", "c2", ...) on main.
    @discardableResult
    func makeRepository(_ name: String = "repo", commits count: Int = 3) throws -> String {
        try git("init", "-q", "-b", "main", name)
        for index in 0..<count { try commit(in: name, message: "c\(index + 1)") }
        return path(name)
    }

    /// Writes a file named after the message and commits it.
    func commit(in repository: String, message: String) throws {
        try write("\(repository)/\(message).txt", message + "\n")
        try git("add", "\(message).txt", in: repository)
        try git("commit", "-q", "-m", message, in: repository)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
