// One shell session: reads lines, gathers them into complete statements, runs them, prints.
import Engine
import Foundation

/// The state of a session: the database, the output format, and the statement being typed.
final class Shell {
    let database: Database
    var format: OutputFormat
    let interactive: Bool
    /// The dump the session opened; `.save` without a file writes it back there.
    let dumpPath: String?
    private(set) var errorCount = 0
    /// The SQL came on the command line (-c): errors are worded as sqlite3 words those.
    var fromArgument = false
    private var quitting = false
    private var buffer = ""
    /// The statement's bytes as they came, kept once a line of it was not valid UTF-8 (`buffer`
    /// then shows those bytes as U+FFFD); nil otherwise.
    private var rawBuffer: [UInt8]?
    /// The input line where the statement in `buffer` starts, for error messages.
    private var bufferStartLine = 1
    private var lineNumber = 0
    /// `.timer on`: after each statement, its wall and CPU time, as sqlite3 prints them.
    private var timer = false

    init(database: Database, format: OutputFormat, interactive: Bool, dumpPath: String?) {
        self.database = database
        self.format = format
        self.interactive = interactive
        self.dumpPath = dumpPath
    }

    /// Reads stdin line by line, prompting when it is a terminal.
    func runStandardInput() {
        var input = StandardInputLines()
        while !quitting {
            if interactive {
                print(buffer.isEmpty ? "vibesql> " : "   ...> ", terminator: "")
                fflush(nil)
            }
            guard let line = input.next() else { break }
            if let text = String(validating: line, as: UTF8.self) {
                feed(text)
            } else {
                // sqlite3's .dump writes text that is not UTF-8 raw inside its quotes: the
                // statement keeps those bytes (see flush).
                feed(String(decoding: line, as: UTF8.self), bytes: line)
            }
        }
        if interactive && !quitting { print() }
        finish()
    }

    /// Runs a whole text (from -c or .read) as if it were typed line by line.
    func run(script: String) {
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if quitting { break }
            feed(String(line))
        }
        finish()
    }

    /// One line of input: a dot-command when no statement is pending, else more SQL. `bytes`
    /// are the line as it came when it is not valid UTF-8 (`line` then shows U+FFFD).
    func feed(_ line: String, bytes: [UInt8]? = nil) {
        lineNumber += 1
        if buffer.isEmpty {
            // Look at the first non-blank byte only: trimming every line of a large dump costs more
            // than running it.
            guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            if first == UInt8(ascii: ".") { dotCommand(line.trimmingCharacters(in: .whitespaces)); return }
            bufferStartLine = lineNumber
        }
        if bytes != nil && rawBuffer == nil { rawBuffer = Array(buffer.utf8) }
        buffer += line + "\n"
        rawBuffer?.append(contentsOf: bytes ?? Array(line.utf8))
        rawBuffer?.append(0x0A)
        if Database.isComplete(buffer) { flush() }
    }

    /// Runs what is left at the end of input, so an unfinished statement is reported.
    func finish() {
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { flush() }
        buffer = ""
        rawBuffer = nil
        fflush(nil)
    }

    private func flush() {
        // A statement with bytes that are not UTF-8 inside its strings runs with those bytes.
        let sql = rawBuffer.flatMap { SQLText.source(fromBytes: $0) } ?? buffer
        buffer = ""
        rawBuffer = nil
        let formatter = ResultFormatter(format: format)
        let start = timer ? StatementTimer() : nil
        do {
            try database.executeEach(sql) { result in
                // The bytes as they are: text that is not UTF-8 is printed raw, as sqlite3 does.
                let bytes = formatter.renderBytes(result)
                if !bytes.isEmpty {
                    fflush(nil)
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        } catch let error as SQLError {
            report(error, ran: sql)
        } catch {
            reportMessage("\(error)")
        }
        if let start { print(start.report()) }
    }

    // MARK: Errors

    /// Prints the error in sqlite3's words: its phase, the line its statement starts on, and
    /// for a parse error the statement with a caret under the spot (see ShellErrorText).
    private func report(_ error: SQLError, ran sql: String) {
        let source: ShellErrorText.Source = fromArgument ? .argument : interactive ? .interactive : .input(line: bufferStartLine)
        fflush(nil)
        errorCount += 1
        FileHandle.standardError.write(Data((ShellErrorText.text(for: error, ran: sql, from: source) + "\n").utf8))
    }

    private func reportMessage(_ message: String) {
        fflush(nil)
        errorCount += 1
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }

    // MARK: Dot-commands

    static let help = """
        .dump              Print the whole database as a SQL dump
        .help              Show this message
        .mode FORMAT       Set the output format: table, csv, json or list
        .print TEXT        Print TEXT
        .quit              Leave the shell (also .exit)
        .read FILE         Run the SQL and dot-commands in FILE
        .save [FILE]       Write the database as a SQL dump to FILE (default: the dump it was opened from)
        .schema [PATTERN]  Show the CREATE statements, of everything or of the objects (and tables) whose name is LIKE PATTERN
        .tables [PATTERN]  List the tables and views (of every schema), or those whose name is LIKE PATTERN
        .timer on|off      Print each statement's wall and CPU (user, sys) time, as sqlite3 does

        """

    private func dotCommand(_ line: String) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let argument = words.count > 1 ? words[1...].joined(separator: " ") : nil
        switch words.first ?? "" {
        case ".quit", ".exit":
            quitting = true
        case ".help":
            print(Shell.help, terminator: "")
        case ".tables":
            print(Database.shellColumns(database.shellTableNames(matching: argument)), terminator: "")
        case ".schema":
            print(database.shellSchema(for: argument), terminator: "")
        case ".dump":
            print(database.dump(), terminator: "")
        case ".print":
            print(argument ?? "")
        case ".timer":
            guard let argument, ["on", "off"].contains(argument) else { return reportMessage(".timer needs on or off") }
            timer = argument == "on"
        case ".mode":
            guard let argument, let mode = OutputFormat(rawValue: argument) else {
                return reportMessage(".mode needs one of: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            format = mode
        case ".save":
            guard let path = argument ?? dumpPath else { return reportMessage(".save needs a file name") }
            do {
                try database.save(to: URL(fileURLWithPath: path))
            } catch {
                reportMessage("cannot write \(path): \(error.localizedDescription)")
            }
        case ".read":
            guard let path = argument else { return reportMessage(".read needs a file name") }
            guard let data = FileManager.default.contents(atPath: path) else { return reportMessage("cannot read \(path)") }
            // The file runs as its own input: its line numbers, its unfinished statement.
            let nested = Shell(database: database, format: format, interactive: interactive, dumpPath: dumpPath)
            nested.run(script: SQLText.source(fromBytes: [UInt8](data)) ?? String(decoding: data, as: UTF8.self))
            errorCount += nested.errorCount
            format = nested.format
            if nested.quitting { quitting = true }
        default:
            reportMessage("unknown command: \(words.first ?? line). Type .help for the list.")
        }
    }
}

/// Wall and CPU time since it was made, printed in sqlite3's `.timer on` form (seconds).
private struct StatementTimer {
    private let wall = Date()
    private let usage = StatementTimer.resourceUsage()

    private static func resourceUsage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }

    private static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }

    func report() -> String {
        let now = StatementTimer.resourceUsage()
        let real = Date().timeIntervalSince(wall)
        let user = StatementTimer.seconds(now.ru_utime) - StatementTimer.seconds(usage.ru_utime)
        let sys = StatementTimer.seconds(now.ru_stime) - StatementTimer.seconds(usage.ru_stime)
        return String(format: "Run Time: real %.3f user %f sys %f", real, user, sys)
    }
}
