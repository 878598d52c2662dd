// Errors are values: a kind, a message and, where the text decides, a position in the SQL.

/// An error from preparing or running SQL. Never a crash: every failure reaches the caller as one.
public struct SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case syntax            // the text is not SQL we understand
        case unknownTable      // no such table or view
        case unknownColumn     // no such column
        case unknownFunction   // no such function, or the wrong number of arguments
        case ambiguous         // a name that matches several columns
        case alreadyExists     // CREATE of something that exists
        case constraint        // NOT NULL, UNIQUE, PRIMARY KEY, CHECK, FOREIGN KEY
        case mismatch          // datatype mismatch, wrong number of values or columns
        case runtime           // integer overflow in sum(), and other errors while rows flow
        case misuse            // a statement that is not allowed here (COMMIT without BEGIN, ...)
        case dump              // a dump that cannot be loaded
        case readOnly          // a change asked of a database opened read-only
        case interrupted       // Database.interrupt() or the time limit stopped the statement
    }

    public var kind: Kind
    public var message: String
    /// Byte offset into `sql` where the problem is, when known.
    public var position: Int?
    /// The statement the position refers to.
    public var sql: String?

    public init(_ kind: Kind, _ message: String, position: Int? = nil, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.sql = sql
    }

    public var description: String { message }

    /// 1-based line and column of `position` in `sql`.
    public var lineAndColumn: (line: Int, column: Int)? {
        guard let position, let sql else { return nil }
        var line = 1, column = 1, offset = 0
        for byte in sql.utf8 {
            if offset >= position { break }
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            offset += 1
        }
        return (line, column)
    }

    /// The message followed by the offending line and a caret under the position.
    public var rendered: String {
        guard let position, let sql, let (line, column) = lineAndColumn else { return message }
        _ = position
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
        guard line - 1 < lines.count else { return message }
        let text = String(lines[line - 1])
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "\(message) (line \(line), column \(column))\n  \(text)\n  \(caret)"
    }
}
