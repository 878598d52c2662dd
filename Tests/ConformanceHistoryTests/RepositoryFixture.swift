// Temporary repositories for the history tests, made with the `git` CLI (so the history is
// tested against what git itself writes), and runs recorded through the library.
import ConformanceHistory
import Foundation
import Results
import SQLLogicTest
import VibeGit
import XCTest

/// A scratch directory with git repositories in it; removed on `cleanUp()`.
final class RepositoryFixture {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { root + "/" + name }

    /// Runs git in `directory` (relative to the root) and returns its trimmed output.
    @discardableResult
    func git(_ arguments: String..., in directory: String = "", environment extra: [String: String] = [:]) throws -> String {
        try run("/usr/bin/git", arguments, in: directory, environment: extra).output
    }

    /// Runs a program; fails the test on a non-zero exit unless `allowFailure`.
    @discardableResult
    func run(_ program: String, _ arguments: [String], in directory: String = "", environment extra: [String: String] = [:],
             input: String? = nil, allowFailure: Bool = false) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.isEmpty ? root : path(directory))
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"] { environment[key] = nil }
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let err = Thread.detachedReader(errors.fileHandleForReading)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = (process.terminationStatus, String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                      String(decoding: err(), as: UTF8.self))
        if result.0 != 0 && !allowFailure {
            throw FixtureError("\(program) \(arguments.joined(separator: " ")) failed (\(result.0)): \(result.2)")
        }
        return result
    }

    /// Writes a file, creating its folders.
    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// `git init -b main` in `name` with `count` commits ("c1", "c2", ...).
    @discardableResult
    func makeRepository(_ name: String = "repo", commits count: Int = 3) throws -> String {
        try git("init", "-q", "-b", "main", name)
        for index in 0..<count { try commit(in: name, message: "c\(index + 1)") }
        return path(name)
    }

    /// Writes a file named after the message and commits it; returns the new commit's id.
    @discardableResult
    func commit(in repository: String, message: String) throws -> String {
        try write("\(repository)/\(message).txt", message + "\n")
        try git("add", "\(message).txt", in: repository)
        try git("commit", "-q", "-m", message, in: repository)
        return try git("rev-parse", "HEAD", in: repository)
    }

    /// Records a run of `files` (path → status) at `revision` of the repository.
    @discardableResult
    func record(_ files: [String: FileStatus], at revision: String = "HEAD", in repository: String = "repo",
                branch: String? = "main", suite: String = "quick", day: Int = 1) throws -> RecordedRun {
        let history = try ConformanceHistory.open(at: path(repository))
        let commit = try history.repository.commit(revision: revision)
        let started = Date(timeIntervalSince1970: 1_767_225_600 + Double(day) * 3_600)
        let report = RunReport(engine: "vibesql", engineName: "sqlite", startedAt: started, durationMs: 1_000,
                               files: files.sorted { $0.key < $1.key }.map { path, status in
                                   FileReport(path: path, status: status,
                                              records: status == .pass ? RecordCounts(run: 2, passed: 2)
                                                                       : RecordCounts(run: 2, passed: 1, failed: 1),
                                              durationMs: 5,
                                              failures: status == .fail ? [RecordFailure(line: 7, kind: "query", sql: "SELECT 1",
                                                                                         message: "wrong result",
                                                                                         expected: "1", actual: "2")] : [])
                               })
        return try history.record(report, source: RunSource(commit: commit, branch: branch, dirty: false), suite: suite,
                                  ciRunId: nil)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Thread {
    /// Reads a handle to its end on another thread (so two pipes cannot block each other);
    /// the returned function waits for the data.
    static func detachedReader(_ handle: FileHandle) -> () -> Data {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var data = Data()
        Thread.detachNewThread {
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        return { done.wait(); return data }
    }
}
