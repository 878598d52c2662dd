// An error as the sqlite3 3.40 shell words it, so the vibesql shell prints what sqlite3 prints:
// "Parse error" for one SQLite reports while it prepares the statement, "Runtime error" for one
// it reports while the statement runs; SQLite's result code after the message when it is not
// plain SQLITE_ERROR; and for a prepare error at a known spot, the statement around that spot
// with a caret (shell.c's shell_error_context).

extension SQLError {
    /// When SQLite reports the error: preparing the statement, or running it.
    public enum Phase: Sendable { case prepare, step }

    /// SQLite finds names, counts and shapes when it prepares a statement; constraints,
    /// arithmetic, transaction state and everything an ALTER TABLE checks in the rewritten
    /// schema when it runs.
    public var phase: Phase {
        // ALTER TABLE checks the schema it rewrote, and whether a table is empty, as it runs.
        let schemaChecks = ["error in table ", "error in index ", "error in view ", "error in trigger "]
        if schemaChecks.contains(where: message.hasPrefix) || message == "cannot add a STORED column" { return .step }
        switch kind {
        case .syntax, .unknownTable, .unknownColumn, .unknownFunction, .ambiguous, .alreadyExists:
            return .prepare
        case .constraint, .runtime, .readOnly, .interrupted, .dump:
            return .step
        case .mismatch:
            return message.hasPrefix("datatype mismatch") ? .step : .prepare
        case .misuse:
            let transactionState = ["cannot commit", "cannot rollback", "cannot start a transaction", "no such savepoint"]
            return transactionState.contains { message.hasPrefix($0) } ? .step : .prepare
        }
    }

    /// SQLite's primary result code for the same failure: constraint violations, datatype
    /// mismatches, writes to a read-only database and interrupts have their own; everything
    /// else the engine rejects is SQLITE_ERROR (as a syntax error or COMMIT without BEGIN is).
    public var resultCode: Int32 {
        switch kind {
        case .constraint: return 19
        case .readOnly: return 8
        case .interrupted: return 9
        case .mismatch where message.hasPrefix("datatype mismatch"): return 20
        default: return 1
        }
    }
}

public enum ShellErrorText {
    /// Where the failing SQL came from, which decides the error's first words.
    public enum Source: Sendable {
        /// Input read line by line (stdin, .read): the statement starts on `line`.
        case input(line: Int)
        /// A terminal: no line number.
        case interactive
        /// SQL given on the command line (sqlite3's argument, vibesql's -c).
        case argument
    }

    /// The text sqlite3 prints for `error`, raised by the SQL `ran` (the text that was run,
    /// which an error inside a view's or trigger's own text does not point into).
    public static func text(for error: SQLError, ran: String, from source: Source) -> String {
        let code = error.resultCode > 1 ? " (\(error.resultCode))" : ""
        // SQLite gives no spot for a missing table or a count that does not fit, nor for any
        // error of a running statement.
        var context = ""
        if error.phase == .prepare, error.kind != .unknownTable, error.kind != .mismatch, let position = error.position,
           error.sql == ran {
            // A shell's buffer ends each line with a newline; sqlite3's has none after the last.
            var bytes = Array(ran.utf8)
            if bytes.last == 0x0A { bytes.removeLast() }
            context = self.context(in: bytes, at: position)
        }
        let tail = error.message + code + context
        switch source {
        case .argument:
            return "Error: " + (error.phase == .prepare ? "in prepare, " : "stepping, ") + tail
        case .interactive:
            return (error.phase == .prepare ? "Parse error: " : "Runtime error: ") + tail
        case .input(let line):
            return (error.phase == .prepare ? "Parse error" : "Runtime error") + " near line \(line): " + tail
        }
    }

    /// shell_error_context: from the start of the failing statement, up to 78 bytes that show
    /// the spot at most 50 bytes in, white space as blanks, and a caret line under the spot.
    static func context(in bytes: [UInt8], at position: Int) -> String {
        guard position <= bytes.count else { return "" }
        var start = statementStart(in: bytes, before: position)
        var offset = position - start
        while offset > 50 {
            offset -= 1
            start += 1
            while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1; offset -= 1 }
        }
        var length = bytes.count - start
        if length > 78 {
            length = 78
            while length > 0, start + length < bytes.count, bytes[start + length] & 0xC0 == 0x80 { length -= 1 }
        }
        let code = bytes[start..<start + length].map { isSpace($0) ? 0x20 : $0 }
        let shown = String(decoding: code, as: UTF8.self)
        let offsetShown = max(0, offset)
        if offsetShown < 25 {
            return "\n  \(shown)\n  " + String(repeating: " ", count: offsetShown) + "^--- error here"
        }
        return "\n  \(shown)\n  " + String(repeating: " ", count: offsetShown - 14) + "error here ---^"
    }

    /// Where the statement holding byte `position` starts: after the last complete statement
    /// before it, less white space (the shell runs a line's statements one after the other).
    static func statementStart(in bytes: [UInt8], before position: Int) -> Int {
        var start = 0
        for i in 0..<min(position, bytes.count) where bytes[i] == UInt8(ascii: ";") {
            if Database.isComplete(String(decoding: bytes[0...i], as: UTF8.self)) { start = i + 1 }
        }
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        return start
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
