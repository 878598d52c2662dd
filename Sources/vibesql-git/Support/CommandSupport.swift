// What every command shares: opening the history, printing its warnings to standard error, and
// the error a command reports itself.
import ConformanceHistory
import Engine
import Foundation
import Results

/// Prints to standard error, control characters escaped (messages quote test files, dumps and
/// trailers, which must not drive the terminal).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(text) + "\n").utf8))
}

/// Prints human-readable text to standard output with control characters escaped (newlines and
/// tabs kept). Data formats (JSON, CSV, dumps) are printed as they are.
func say(_ text: String, terminator: String = "\n") {
    print(TerminalText.escaped(text), terminator: terminator)
}

/// A table for people is escaped; CSV and JSON are data.
func render(_ result: QueryResult, as format: TableFormat) -> String {
    let text = ResultTable.render(result, as: format)
    return format == .table ? TerminalText.escaped(text) : text
}

/// A user-facing failure of a command (exit status 1 unless mapped otherwise in `VibeSQLGit`).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ConformanceHistory {
    /// The history of the repository this process runs in (GIT_DIR in hooks, worktrees).
    static func current() throws -> ConformanceHistory {
        try openFromEnvironment()
    }

    /// Prints the warnings gathered so far to standard error, once each.
    func printWarnings() {
        for warning in takeWarnings() { printError("vibesql-git: warning: \(warning)") }
    }

    /// The results database for a command: warnings printed, and the database kept until the
    /// process ends (freeing hundreds of thousands of rows one by one at exit takes a sixth of a
    /// warm `query`; the process is about to end, so its memory goes back to the system whole).
    func resultsForCommand(_ perspective: Perspective) throws -> ResultsDatabase {
        let database = try results(perspective)
        printWarnings()
        KeptUntilExit.objects.append(database)
        return database
    }
}

enum KeptUntilExit {
    nonisolated(unsafe) static var objects: [AnyObject] = []
}
