// SQLite's run-time limits (https://sqlite.org/limits.html) with SQLite's default values, and the
// checks that raise SQLite's errors where a value or a tree would pass them.

/// The limits the engine enforces, each SQLite's default. They bound what one statement can
/// build, so memory and the depth of the recursive parser and compiler stay bounded too.
public enum Limits {
    /// SQLITE_MAX_LENGTH: the longest string or blob, in bytes.
    public static let length = 1_000_000_000
    /// SQLITE_MAX_SQL_LENGTH: the longest SQL text, in bytes.
    public static let sqlLength = 1_000_000_000
    /// SQLITE_MAX_COLUMN: columns of a table, of a result set, of an index, terms of GROUP BY/ORDER BY.
    public static let columns = 2000
    /// SQLITE_MAX_EXPR_DEPTH: the height of an expression tree.
    public static let expressionDepth = 1000
    /// SQLITE_MAX_COMPOUND_SELECT: terms of a compound SELECT.
    public static let compoundSelectTerms = 500
    /// SQLITE_MAX_FUNCTION_ARG: arguments of a function call (127 until SQLite 3.48).
    public static let functionArguments = 127
    /// SQLITE_MAX_LIKE_PATTERN_LENGTH: bytes of a LIKE or GLOB pattern.
    public static let likePatternLength = 50_000
    /// SQLITE_MAX_VARIABLE_NUMBER: the highest parameter number.
    public static let variableNumber = 32_766
    /// SQLITE_MAX_TRIGGER_DEPTH: nested trigger programs (and foreign-key actions, which SQLite
    /// runs as triggers).
    public static let triggerDepth = 1000
    /// Tables in one join (SQLite's bitmask width).
    public static let tablesInJoin = 64

    /// Fails with SQLite's SQLITE_TOOBIG error when a string or blob of `count` bytes is too long.
    /// Called before the value is built, so an oversized result is never allocated.
    @inline(__always)
    static func checkLength(_ count: Int) throws {
        if count > length { throw SQLError.tooBig }
    }
}

extension SQLError {
    /// SQLite's SQLITE_TOOBIG message.
    static var tooBig: SQLError { SQLError(.runtime, "string or blob too big") }
}
