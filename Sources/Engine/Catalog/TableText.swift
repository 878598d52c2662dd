// The CREATE TABLE text kept in sqlite_master, and how ALTER TABLE edits it in place, as
// SQLite's alter.c does: ADD COLUMN inserts the definition as written, DROP COLUMN cuts the
// column's text out, RENAME COLUMN and RENAME TO rewrite the names that refer to the column or
// table and leave every other byte (spacing, comments, case) as the user typed it.

enum TableText {
    /// CREATE TABLE AS SELECT's text, as SQLite writes it (build.c, createTableStmt): the names
    /// quoted where needed, each with its affinity's type, on one line unless the names are long.
    static func createTableAsSelect(_ name: String, columns: [(name: String, type: String?)]) -> String {
        func length(_ identifier: String) -> Int { identifier.utf8.count + identifier.utf8.filter { $0 == 34 }.count + 2 }
        let width = columns.reduce(length(name)) { $0 + length($1.name) + 5 }
        let (first, separator, end) = width < 50 ? ("", ",", ")") : ("\n  ", ",\n  ", "\n)")
        let body = columns.map { SQLText.identifier($0.name) + ($0.type.map { " " + $0 } ?? "") }
        return "CREATE TABLE \(SQLText.identifier(name))(" + first + body.joined(separator: separator) + end
    }

    /// Where the parts of a CREATE TABLE text are.
    struct Layout {
        let tokens: [Token]
        /// The token index of the table's name.
        let name: Int
        /// Each column definition's token range (its name is the first token).
        let columns: [Range<Int>]
        /// Each table constraint's token range.
        let constraints: [Range<Int>]
        /// Where ADD COLUMN inserts: the `,` before the table constraints, or the closing `)`.
        let addColumnOffset: Int
    }

    static func layout(of sql: String) throws -> Layout? {
        let tokens = try Lexer.tokenize(sql)
        guard let open = tokens.firstIndex(where: { $0.kind == .symbol && $0.text == "(" }), open >= 1 else { return nil }
        var columns: [Range<Int>] = [], constraints: [Range<Int>] = []
        var depth = 0, start = open + 1, addOffset: Int?
        for i in open..<tokens.count {
            let token = tokens[i]
            guard token.kind == .symbol else { continue }
            if token.text == "(" { depth += 1; continue }
            guard depth == 1, token.text == "," || token.text == ")" else {
                if token.text == ")" { depth -= 1 }
                continue
            }
            if start < i {
                if isConstraintStart(tokens[start]) {
                    if constraints.isEmpty {
                        addOffset = start > open + 1 ? tokens[start - 1].position : tokens[start].position
                    }
                    constraints.append(start..<i)
                } else {
                    columns.append(start..<i)
                }
            }
            start = i + 1
            if token.text == ")" {
                return Layout(tokens: tokens, name: open - 1, columns: columns, constraints: constraints,
                              addColumnOffset: addOffset ?? token.position)
            }
        }
        return nil
    }

    private static func isConstraintStart(_ token: Token) -> Bool {
        token.kind == .word && ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(asciiUppercased(token.text))
    }

    // MARK: Edits

    /// ADD COLUMN: `, <definition>` inserted before the table constraints (or the `)`).
    static func addingColumn(_ definition: String, to sql: String) throws -> String? {
        guard let layout = try layout(of: sql) else { return nil }
        return replacing([(layout.addColumnOffset..<layout.addColumnOffset, ", " + definition)], in: sql)
    }

    /// DROP COLUMN of the column at `column`: its text up to the next column's name, or for the
    /// last column from the `,` before it to the table constraints.
    static func droppingColumn(_ column: Int, from sql: String) throws -> String? {
        guard let layout = try layout(of: sql), column < layout.columns.count else { return nil }
        let tokens = layout.tokens
        let start = tokens[layout.columns[column].lowerBound].position
        if column + 1 < layout.columns.count {
            return replacing([(start..<tokens[layout.columns[column + 1].lowerBound].position, "")], in: sql)
        }
        let comma = layout.columns[column].lowerBound - 1
        return replacing([(tokens[comma].position..<layout.addColumnOffset, "")], in: sql)
    }

    /// RENAME COLUMN in the table's own text: the column's name wherever it names the column
    /// (its definition, constraint column lists, CHECK and generated expressions, and a
    /// REFERENCES back to the table itself); never a type, collation, constraint or function name.
    static func renamingColumn(_ old: String, to new: String, quoted: Bool = false, table: String, in sql: String) throws -> String? {
        guard let layout = try layout(of: sql) else { return nil }
        let tokens = layout.tokens, key = asciiLowercased(old)
        var edits: [Int] = []
        func matches(_ i: Int) -> Bool {
            (tokens[i].kind == .word || tokens[i].kind == .quotedIdentifier) && asciiLowercased(tokens[i].text) == key
        }
        func scanConstraints(_ range: Range<Int>) {
            var i = range.lowerBound
            while i < range.upperBound {
                let word = tokens[i].kind == .word ? asciiUppercased(tokens[i].text) : ""
                if word == "CONSTRAINT" || word == "COLLATE" { i += 2; continue }
                if word == "REFERENCES" {
                    let own = i + 1 < range.upperBound && asciiLowercased(tokens[i + 1].text) == asciiLowercased(table)
                    i += 2
                    if i < range.upperBound, tokens[i].kind == .symbol, tokens[i].text == "(" {
                        while i < range.upperBound, !(tokens[i].kind == .symbol && tokens[i].text == ")") {
                            if own && matches(i) { edits.append(i) }
                            i += 1
                        }
                    }
                    continue
                }
                let call = i + 1 < tokens.count && tokens[i + 1].kind == .symbol && tokens[i + 1].text == "("
                let qualifier = i + 1 < tokens.count && tokens[i + 1].kind == .symbol && tokens[i + 1].text == "."
                if matches(i) && !call && !qualifier { edits.append(i) }
                i += 1
            }
        }
        for column in layout.columns {
            if matches(column.lowerBound) { edits.append(column.lowerBound) }
            // The type name runs to the first constraint keyword.
            var i = column.lowerBound + 1
            while i < column.upperBound, !startsColumnConstraint(tokens[i]) { i += 1 }
            scanConstraints(i..<column.upperBound)
        }
        for constraint in layout.constraints { scanConstraints(constraint) }
        return replacing(edits.map { (tokens[$0].position..<tokens[$0].end, renamedName(new, for: tokens[$0], quoted: quoted)) }, in: sql)
    }

    private static func startsColumnConstraint(_ token: Token) -> Bool {
        token.kind == .word && ["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES",
                                "GENERATED", "AS"].contains(asciiUppercased(token.text))
    }

    /// RENAME COLUMN in another table's text: the column's name in `REFERENCES table(...)`.
    static func renamingReferencedColumn(_ old: String, to new: String, quoted: Bool = false, table: String,
                                         in sql: String) throws -> String {
        let tokens = try Lexer.tokenize(sql), key = asciiLowercased(old)
        var edits: [(Range<Int>, String)] = []
        for i in referenceLists(to: table, in: tokens) {
            if (tokens[i].kind == .word || tokens[i].kind == .quotedIdentifier) && asciiLowercased(tokens[i].text) == key {
                edits.append((tokens[i].position..<tokens[i].end, renamedName(new, for: tokens[i], quoted: quoted)))
            }
        }
        return replacing(edits, in: sql)
    }

    /// RENAME TO: the table's own name (when `own`) and every `REFERENCES old`, written in
    /// double quotes as SQLite writes them.
    static func renamingTable(_ old: String, to new: String, in sql: String, own: Bool) throws -> String {
        let tokens = try Lexer.tokenize(sql), key = asciiLowercased(old)
        let quoted = "\"" + new.replacingAll("\"", with: "\"\"") + "\""
        var edits: [(Range<Int>, String)] = []
        if own, let layout = try layout(of: sql) {
            edits.append((tokens[layout.name].position..<tokens[layout.name].end, quoted))
        }
        for i in tokens.indices.dropLast() where tokens[i].kind == .word && asciiUppercased(tokens[i].text) == "REFERENCES"
        && asciiLowercased(tokens[i + 1].text) == key {
            edits.append((tokens[i + 1].position..<tokens[i + 1].end, quoted))
        }
        return replacing(edits, in: sql)
    }

    /// RENAME TO in a view's or trigger's text: each place that names the table (a FROM or
    /// JOIN item, INSERT INTO, UPDATE, DELETE FROM, the trigger's ON, a `t.` qualifier) written
    /// `"new"`, as SQLite's renameTableFunc rewrites them; other words are left as typed.
    static func renamingTableReferences(_ old: String, to new: String, in sql: String) throws -> String {
        let tokens = try Lexer.tokenize(sql), key = asciiLowercased(old)
        let quoted = "\"" + new.replacingAll("\"", with: "\"\"") + "\""
        let endsFrom: Set<String> = ["WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW", "UNION", "EXCEPT", "INTERSECT",
                                     "SELECT", "VALUES", "SET", "RETURNING", "BEGIN", "END"]
        func isSymbol(_ i: Int, _ s: String) -> Bool { tokens.indices.contains(i) && tokens[i].kind == .symbol && tokens[i].text == s }
        func word(_ i: Int) -> String { tokens.indices.contains(i) && tokens[i].kind == .word ? asciiUppercased(tokens[i].text) : "" }
        var edits: [(Range<Int>, String)] = []
        var inFrom: [Bool] = [false]
        var tableNext = false, triggerHeader = word(1) == "TRIGGER"
        for i in tokens.indices {
            let token = tokens[i]
            if token.kind == .symbol {
                switch token.text {
                case "(": inFrom.append(false); tableNext = false
                case ")": if inFrom.count > 1 { inFrom.removeLast() }; tableNext = false
                case ",": tableNext = inFrom[inFrom.count - 1]
                case ".": break
                default: tableNext = false
                }
                continue
            }
            let upper = word(i)
            if token.kind == .word, !upper.isEmpty, !(tableNext && isSymbol(i + 1, ".")) {
                switch upper {
                case "FROM": inFrom[inFrom.count - 1] = true; tableNext = true; continue
                case "JOIN", "INTO": tableNext = true; continue
                case "UPDATE":
                    tableNext = !["OF", "ON"].contains(word(i + 1)) && word(i - 1) != "ON"
                    continue
                case "OR" where word(i - 1) == "UPDATE" || word(i - 1) == "INSERT" || word(i - 1) == "REPLACE":
                    continue
                case "ON" where triggerHeader:
                    triggerHeader = false; tableNext = true; continue
                default:
                    if endsFrom.contains(upper) { inFrom[inFrom.count - 1] = false }
                    if word(i - 1) == "OR" && ["ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE"].contains(upper) { continue }
                }
            }
            let names = (token.kind == .word || token.kind == .quotedIdentifier) && asciiLowercased(token.text) == key
            let qualifies = isSymbol(i + 1, ".")
            if names && (tableNext || qualifies) {
                edits.append((token.position..<token.end, quoted))
            }
            // A schema before the table's name keeps the place open for the name after the dot.
            tableNext = tableNext && qualifies && !names
        }
        return replacing(edits, in: sql)
    }

    /// The token indexes inside each `REFERENCES table ( ... )` column list.
    private static func referenceLists(to table: String, in tokens: [Token]) -> [Int] {
        let key = asciiLowercased(table)
        var found: [Int] = []
        var i = 0
        while i + 2 < tokens.count {
            defer { i += 1 }
            guard tokens[i].kind == .word, asciiUppercased(tokens[i].text) == "REFERENCES",
                  asciiLowercased(tokens[i + 1].text) == key, tokens[i + 2].kind == .symbol, tokens[i + 2].text == "(" else { continue }
            i += 3
            while i < tokens.count, !(tokens[i].kind == .symbol && tokens[i].text == ")") { found.append(i); i += 1 }
        }
        return found
    }

    /// A renamed name as SQLite writes it: quoted where the old one was quoted, the new one
    /// was quoted in the ALTER TABLE statement (`quoted`) or needs quotes, bare otherwise.
    static func renamedName(_ new: String, for token: Token, quoted: Bool = false) -> String {
        token.kind == .quotedIdentifier || quoted ? "\"" + new.replacingAll("\"", with: "\"\"") + "\"" : SQLText.identifier(new)
    }

    /// `sql` with byte ranges replaced (ranges do not overlap).
    static func replacing(_ edits: [(Range<Int>, String)], in sql: String) -> String {
        var bytes = Array(sql.utf8)
        for (range, text) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            bytes.replaceSubrange(range, with: Array(text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
