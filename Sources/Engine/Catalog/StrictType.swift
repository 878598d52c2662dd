// STRICT tables: each column declares one of six types, and a value that the column's affinity
// cannot turn into that type is refused (SQLite's OP_TypeCheck, strict.html).

/// The datatype of a column of a STRICT table.
enum StrictType: String, Sendable {
    case int = "INT", integer = "INTEGER", real = "REAL", text = "TEXT", blob = "BLOB", any = "ANY"

    /// The type a declaration names, or nil when it is not one of the six (`VARCHAR(10)`,
    /// `INT(10)`). A quoted name counts as written without its quotes, as SQLite reads it.
    init?(_ type: TypeName) {
        guard type.arguments.isEmpty else { return nil }
        var name = Substring(type.name)
        if let first = name.first, let last = name.last, name.count >= 2,
           (first == "\"" && last == "\"") || (first == "[" && last == "]") || (first == "`" && last == "`")
            || (first == "'" && last == "'") {
            name = name.dropFirst().dropLast()
        }
        self.init(rawValue: asciiUppercased(String(name)))
    }

    /// ANY keeps every value as it comes (no affinity, unlike ANY in an ordinary table).
    var affinity: Affinity {
        switch self {
        case .int, .integer: return .integer
        case .real: return .real
        case .text: return .text
        case .blob, .any: return .blob
        }
    }

    /// Whether a value (after the column's affinity) may be stored; NULL always may.
    func admits(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _), (_, .null), (.int, .integer), (.integer, .integer), (.real, .real), (.text, .text), (.text, .invalidText), (.blob, .blob):
            return true
        default:
            return false
        }
    }

    /// The error for a value the column refuses, worded as SQLite's.
    @inline(never)
    func refusal(_ value: Value, table: String, column: String) -> SQLError {
        let kind: String
        switch value {
        case .integer: kind = "INT"
        case .real: kind = "REAL"
        case .text, .invalidText: kind = "TEXT"
        case .blob: kind = "BLOB"
        case .null: kind = "NULL"
        }
        return SQLError(.constraint, "cannot store \(kind) value in \(rawValue) column \(table).\(column)")
    }

    /// Every column of a STRICT table must name one of the six types.
    static func check(_ definition: ColumnDefinition, table: String) throws -> StrictType {
        guard let type = definition.type else {
            throw SQLError(.syntax, "missing datatype for \(table).\(definition.name)")
        }
        guard let strict = StrictType(type) else {
            throw SQLError(.syntax, "unknown datatype for \(table).\(definition.name): \"\(type.sql)\"")
        }
        return strict
    }
}
