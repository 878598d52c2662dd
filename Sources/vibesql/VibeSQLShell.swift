import ArgumentParser
import Engine

@main
struct VibeSQLShell: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vibesql", abstract: "The VibeSQL SQL shell.")
}
