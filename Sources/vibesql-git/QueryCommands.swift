// SQL over the results database: `query`, `shell`, `dump`, `status`, `punchlist`.
import ArgumentParser
import Engine
import Foundation
import ConformanceHistory
import Results

extension TableFormat: ExpressibleByArgument {}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL (or a named query) on the results database.",
        discussion: """
            The database holds every run in refs/vibesql/results: test_runs, test_results, \
            test_failures, and test_files (each file's status in the latest run that tested it; \
            with --at REV, in the nearest run along REV's first-parent history). Named queries: \
            \(NamedQueries.all.map(\.name).joined(separator: ", ")), and the workplan's \
            \(WorkplanQueries.all.map(\.name).joined(separator: ", ")).
            """)

    @Argument(help: "SQL, or the name of a preset query.")
    var sql: String

    @Option(help: "Derive current status as of this revision.")
    var at: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let history = try ConformanceHistory.current()
        let database = try history.resultsForCommand(history.perspective(at: at))
        let text = NamedQueries.named(sql.trimmingCharacters(in: .whitespaces))?.sql ?? sql
        do {
            print(render(try database.query(text), as: format), terminator: "")
        } catch let error as SQLError {
            throw CLIError("\(error)")
        }
    }
}

struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Interactive SQL over the results database.",
        discussion: "Statements end with ';'. .tables lists tables, .queries the named queries, .quit leaves.")

    @Option(help: "Derive current status as of this revision.")
    var at: String?

    func run() throws {
        let history = try ConformanceHistory.current()
        let database = try history.resultsForCommand(history.perspective(at: at))
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive { print("\(database.runCount) runs loaded. End statements with ';'. .quit to leave.") }
        var buffer = ""
        while true {
            if interactive { FileHandle.standardOutput.write(Data((buffer.isEmpty ? "results> " : "    ...> ").utf8)) }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if buffer.isEmpty && trimmed.hasPrefix(".") {
                switch trimmed {
                case ".quit", ".exit": return
                case ".tables": print(ResultsSchema.tables.joined(separator: "\n"))
                case ".queries": for q in NamedQueries.all { print("\(q.name): \(q.summary)") }
                default: printError("unknown command \(trimmed) (.tables, .queries, .quit)")
                }
                continue
            }
            buffer += (buffer.isEmpty ? "" : "\n") + line
            // A statement ends with ';'; a preset query's name alone on a line runs it.
            guard trimmed.hasSuffix(";") || NamedQueries.named(buffer.trimmingCharacters(in: .whitespaces)) != nil else { continue }
            let text = NamedQueries.named(buffer.trimmingCharacters(in: .whitespacesAndNewlines))?.sql ?? buffer
            buffer = ""
            do {
                say(ResultTable.table(try database.query(text)), terminator: "")
            } catch {
                printError("Error: \(error)")
            }
        }
    }
}

struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write the results database as one SQL dump.")

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Derive current status as of this revision.")
    var at: String?

    func run() throws {
        let history = try ConformanceHistory.current()
        let text = try history.resultsForCommand(history.perspective(at: at)).dump()
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Current conformance status by category (as of HEAD unless --at).")

    @Option(help: "As of this revision.")
    var at: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let history = try ConformanceHistory.current()
        let (perspective, label) = try history.statusPerspective(at: at)
        let database = try history.resultsForCommand(perspective)
        let result = try database.query(NamedQueries.named("status")?.sql ?? WorkplanQueries.currentStatusSummary)
        if format == .table {
            var tested: Int64 = 0
            if case .integer(let n)? = try database.query("SELECT COUNT(*) FROM test_files WHERE status <> 'UNTESTED'").rows.first?.first {
                tested = n
            }
            let runs = try database.runs()  // the shards of a sharded run count as one run
            say("Status as of \(label): \(runs.count) runs recorded, \(tested) files tested.")
            if tested == 0 { print("No recorded run on this history: `vibesql-git run` records one.") }
            if case .history(let commits) = perspective, let commit = commits.first {
                for run in runs where run.sourceCommit == commit && !run.isComplete {
                    say("The run of CI \(run.ciRunId ?? "?") (suite \(run.suite ?? "?")) at \(run.shortCommit) is "
                        + "\(run.shards.map(\.description) ?? "partial"); files of missing shards show older runs.")
                }
            }
        }
        print(render(result, as: format), terminator: "")
    }
}

struct PunchlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "punchlist",
        abstract: "Failing files in priority order: crashes and timeouts, then fewest failing records.")

    @Option(help: "As of this revision.")
    var at: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let history = try ConformanceHistory.current()
        let database = try history.resultsForCommand(history.statusPerspective(at: at).perspective)
        print(render(try database.query(Punchlist.sql), as: format), terminator: "")
    }
}
