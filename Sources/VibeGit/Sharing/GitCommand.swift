// Running the `git` executable, used only for remotes whose transport libgit2 cannot serve as
// well as git does: libgit2 reads neither git's credential helpers nor `~/.ssh/config`, so
// ssh and https remotes go through `git`, which the user has already set up for them. git runs
// with LC_ALL=C and LANGUAGE= so its messages can be read.
import Foundation

enum GitCommand {
    /// Runs `git --git-dir=<repository's git dir> arguments...`, returning stdout+stderr.
    static func run(_ arguments: [String], repository: Repository) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let full = ["--git-dir=" + repository.gitDirectory] + arguments
        process.arguments = ["git"] + full
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        // git's messages are read below ("[rejected]", "couldn't find remote ref"): in English,
        // whatever the user's locale.
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANGUAGE"] = ""
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw VibeGitError.gitCommandFailed(arguments: full, status: -1, output: "cannot run git: \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw VibeGitError.gitCommandFailed(arguments: arguments, status: process.terminationStatus, output: output)
        }
        return output
    }
}
