// vibesql: the SQL shell. Opens a database from a dump (or empty) and runs SQL from a terminal,
// from stdin or from -c; the work is done by `Shell` and the Engine.
import ArgumentParser
import Engine
import Foundation

extension OutputFormat: ExpressibleByArgument {}

@main
struct VibeSQLShell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vibesql",
        abstract: "The VibeSQL SQL shell.",
        discussion: "Statements end with ';'. Type .help for the dot-commands.")

    @Argument(help: "A SQL dump to open. Without one (or with :memory:) the database starts empty.")
    var dump: String?

    @Argument(help: "SQL (and dot-commands) to run and exit, as with -c.")
    var sql: String?

    @Option(name: [.short, .customLong("command")], help: "Run this SQL (and dot-commands) and exit.")
    var command: String?

    @Option(help: "Output format: table, csv, json or list (default: table on a terminal, else list).")
    var format: OutputFormat?

    /// Starts with the allocator's cache sized for the engine (see MallocCache), then parses.
    static func main() {
        MallocCache.restartWithLargerCache()
        main(nil)
    }

    func run() throws {
        // The engine's limits (expression height, trigger depth, chains of views) need a
        // larger stack than the main thread is sure to have.
        let shell = self
        try runWithLargeStack { try shell.runShell() }
    }

    private func runShell() throws {
        var database = Database()
        // sqlite3's names for a database that lives in memory only.
        let dump = self.dump == ":memory:" || self.dump == "" ? nil : self.dump
        let command = self.command ?? sql
        if let dump {
            do {
                database = try Database.load(from: URL(fileURLWithPath: dump))
            } catch let error as SQLError {
                FileHandle.standardError.write(Data("Error: \(dump): \(error.rendered)\n".utf8))
                throw ExitCode(1)
            } catch {
                FileHandle.standardError.write(Data("Error: cannot read \(dump): \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
        }
        let interactive = command == nil && isatty(STDIN_FILENO) != 0
        let shell = Shell(database: database, format: format ?? (isatty(STDOUT_FILENO) != 0 ? .table : .list),
                          interactive: interactive, dumpPath: dump)
        if let command {
            shell.fromArgument = true
            shell.run(script: command)
        } else {
            shell.runStandardInput()
        }
        // Exit without tearing the database down: freeing millions of rows one by one takes
        // a second on a large dump, and the process is ending anyway.
        fflush(nil)
        Foundation.exit(shell.errorCount > 0 && !interactive ? 1 : 0)
    }
}
