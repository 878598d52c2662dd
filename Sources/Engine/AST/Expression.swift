// The expression tree the parser builds; the binder compiles it into closures.

enum UnaryOperator: String { case negate = "-", plus = "+", not = "NOT", bitNot = "~" }

enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case concat = "||"
    case equal = "=", notEqual = "<>", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `is` = "IS", isNot = "IS NOT"
    case and = "AND", or = "OR"
    case bitAnd = "&", bitOr = "|", shiftLeft = "<<", shiftRight = ">>"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .is, .isNot: return true
        default: return false
        }
    }
}

/// A type name as written in CREATE TABLE or CAST: `VARCHAR(8)`, `INTEGER`, ...
struct TypeName: Equatable {
    var name: String
    var arguments: [String] = []

    var sql: String { arguments.isEmpty ? name : "\(name)(\(arguments.joined(separator: ",")))" }
}

/// A function call: `count(*)`, `sum(DISTINCT x)`, `row_number() OVER (...)`.
struct FunctionCall {
    var name: String
    var arguments: [Expression]
    var distinct = false
    var star = false
    var filter: Expression?
    var window: WindowSpec?
}

/// The OVER clause of a window function.
struct WindowSpec {
    /// `OVER name`, or the `name` of `OVER (name ...)`: a window of the WINDOW clause this one
    /// is (or is based on).
    var baseName: String?
    /// True for `OVER name`: the named window itself, frame and all.
    var isReference = false
    var partitionBy: [Expression] = []
    var orderBy: [OrderingTerm] = []
    var frame: WindowFrame?
}

/// ROWS/RANGE BETWEEN ... AND ...
struct WindowFrame {
    enum Unit { case rows, range, groups }
    enum Bound { case unboundedPreceding, preceding(Expression), currentRow, following(Expression), unboundedFollowing }
    /// EXCLUDE: which rows of the frame around the current row are left out.
    enum Exclusion { case noOthers, currentRow, group, ties }
    var unit: Unit
    var start: Bound
    var end: Bound
    /// nil without an EXCLUDE clause. Any EXCLUDE, even NO OTHERS, makes SQLite compute each
    /// row's aggregate afresh over its frame instead of sliding one accumulator.
    var exclude: Exclusion?
}

/// One expression node with the byte offset it starts at, for error messages.
indirect enum Expression {
    case literal(Value)
    /// `name`, `table.name` or `schema.table.name`.
    case column(table: String?, name: String, position: Int)
    case parameter(index: Int, position: Int)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case isNull(Expression, negated: Bool)
    case between(Expression, low: Expression, high: Expression, negated: Bool)
    case inList(Expression, [Expression], negated: Bool)
    case inSelect(Expression, SelectStatement, negated: Bool)
    /// `x IN tablename`
    case inTable(Expression, table: String, negated: Bool, position: Int)
    case exists(SelectStatement, negated: Bool)
    case subquery(SelectStatement)
    case function(FunctionCall, position: Int)
    case cast(Expression, TypeName)
    case caseWhen(base: Expression?, branches: [(when: Expression, then: Expression)], otherwise: Expression?)
    /// LIKE, GLOB (REGEXP and MATCH are parsed but have no implementation, as in stock SQLite).
    case like(Expression, pattern: Expression, escape: Expression?, negated: Bool, kind: String)
    case collate(Expression, collation: String)
    /// RAISE(IGNORE | ROLLBACK | ABORT | FAIL, message) inside a trigger.
    case raise(kind: String, message: String?)
    /// A row value `(a, b, ...)` of two or more expressions: an operand of a comparison or IN.
    case row([Expression])
}

/// ORDER BY term.
struct OrderingTerm {
    var expression: Expression
    var descending = false
    /// nil: SQLite's default (NULLs first ascending, last descending).
    var nullsFirst: Bool?
}
