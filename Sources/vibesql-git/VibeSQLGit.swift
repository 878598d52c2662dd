import ArgumentParser

@main
struct VibeSQLGit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vibesql-git",
        abstract: "Run SQLLogicTest conformance and keep every run's results in git.")
}
