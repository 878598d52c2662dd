// RENAME COLUMN in a view's or trigger's text, as SQLite's renameColumnFunc edits it: the
// names that resolve to the column (found by compiling the text, see
// Execution/Database+RenameColumnInSchema.swift) and, in a trigger, the column lists that name
// the table's columns without being expressions: `UPDATE OF`, `INSERT INTO t(...)`,
// `UPDATE t SET c = ...` and an upsert's `ON CONFLICT(...)` and `DO UPDATE SET`. Every other
// byte stays as written.

enum RenameColumnText {
    /// `sql` with the name tokens at `nameTokens` written as `new` (quoted where the old name or
    /// the new one in the ALTER TABLE statement was quoted, as SQLite writes it).
    static func renaming(_ nameTokens: Set<Int>, to new: String, quoted: Bool, tokens: [Token], in sql: String) -> String {
        TableText.replacing(nameTokens.map {
            (tokens[$0].position..<tokens[$0].end, TableText.renamedName(new, for: tokens[$0], quoted: quoted))
        }, in: sql)
    }

    /// The token of the column name in the reference that starts at byte `position` (`c`,
    /// `t.c` or `s.t.c`), when it is `old`.
    static func nameToken(at position: Int, named old: String, in tokens: [Token]) -> Int? {
        guard var i = tokens.firstIndex(where: { $0.position == position }) else { return nil }
        while i + 2 < tokens.count, isSymbol(tokens[i + 1], "."), isName(tokens[i + 2]) { i += 2 }
        return isName(tokens[i]) && asciiLowercased(tokens[i].text) == asciiLowercased(old) ? i : nil
    }

    /// In a trigger's text, the name tokens `old` in column lists of `table`: its `UPDATE OF`
    /// list when the trigger watches the table, and in its body the column lists of INSERT and
    /// UPDATE statements that write the table.
    static func triggerColumnLists(_ old: String, table: String, watchesTable: Bool, in tokens: [Token]) -> Set<Int> {
        let key = asciiLowercased(old), tableKey = asciiLowercased(table)
        var found: Set<Int> = []
        func word(_ i: Int) -> String { tokens.indices.contains(i) && tokens[i].kind == .word ? asciiUppercased(tokens[i].text) : "" }
        func names(_ i: Int) -> Bool { isName(tokens[i]) && asciiLowercased(tokens[i].text) == key }
        func namesTable(_ i: Int) -> Bool { tokens.indices.contains(i) && isName(tokens[i]) && asciiLowercased(tokens[i].text) == tableKey }
        guard let begin = tokens.firstIndex(where: { $0.kind == .word && asciiUppercased($0.text) == "BEGIN" }) else { return found }
        // The header: UPDATE OF a, b ON t.
        if watchesTable, let of = (0..<begin).first(where: { word($0) == "OF" && word($0 - 1) == "UPDATE" }) {
            var i = of + 1
            while i < begin, word(i) != "ON" {
                if names(i) { found.insert(i) }
                i += 1
            }
        }
        // The body, one statement at a time.
        var i = begin + 1
        while i < tokens.count {
            let end = statementEnd(from: i, in: tokens)
            let first = word(i)
            if first == "INSERT" || first == "REPLACE", let into = (i..<end).first(where: { word($0) == "INTO" }), namesTable(into + 1) {
                var j = into + 2
                if word(j) == "AS" { j += 2 }
                if j < end, isSymbol(tokens[j], "(") { found.formUnion(nameList(from: j, in: tokens).filter(names)) }
                if let conflict = (j..<end).first(where: { word($0) == "CONFLICT" && word($0 - 1) == "ON" }),
                   conflict + 1 < end, isSymbol(tokens[conflict + 1], "(") {
                    found.formUnion(bareNames(inParenthesesFrom: conflict + 1, in: tokens).filter(names))
                }
                if let set = (j..<end).first(where: { word($0) == "SET" && word($0 - 1) == "UPDATE" && word($0 - 2) == "DO" }) {
                    found.formUnion(assignmentTargets(after: set, upTo: end, in: tokens).filter(names))
                }
            } else if first == "UPDATE" {
                var j = i + 1
                if word(j) == "OR" { j += 2 }
                if namesTable(j), let set = (j..<end).first(where: { word($0) == "SET" }) {
                    found.formUnion(assignmentTargets(after: set, upTo: end, in: tokens).filter(names))
                }
            }
            i = end + 1
        }
        return found
    }

    // MARK: Token shapes

    private static func isName(_ token: Token) -> Bool { token.kind == .word || token.kind == .quotedIdentifier }
    private static func isSymbol(_ token: Token, _ s: String) -> Bool { token.kind == .symbol && token.text == s }

    /// The index of the `;` (or END, or the last token) that ends the body statement at `start`.
    private static func statementEnd(from start: Int, in tokens: [Token]) -> Int {
        var depth = 0, i = start
        while i < tokens.count {
            let t = tokens[i]
            if isSymbol(t, "(") { depth += 1 } else if isSymbol(t, ")") { depth -= 1 }
            if depth == 0, isSymbol(t, ";") || t.kind == .end { return i }
            i += 1
        }
        return tokens.count - 1
    }

    /// The names in the parenthesized list that opens at `open`.
    private static func nameList(from open: Int, in tokens: [Token]) -> [Int] {
        var found: [Int] = [], i = open + 1
        while i < tokens.count, !isSymbol(tokens[i], ")") {
            if isName(tokens[i]) { found.append(i) }
            i += 1
        }
        return found
    }

    /// The bare names (not a function, a qualifier, a qualified name or a collation) inside
    /// the parentheses that open at `open`.
    private static func bareNames(inParenthesesFrom open: Int, in tokens: [Token]) -> [Int] {
        var found: [Int] = [], depth = 0, i = open
        while i < tokens.count {
            let t = tokens[i]
            if isSymbol(t, "(") { depth += 1 } else if isSymbol(t, ")") { depth -= 1; if depth == 0 { break } }
            let next = i + 1 < tokens.count ? tokens[i + 1] : t
            let previous = tokens[i - 1]
            if isName(t), !isSymbol(next, "("), !isSymbol(next, "."), !isSymbol(previous, "."),
               !(previous.kind == .word && asciiUppercased(previous.text) == "COLLATE"),
               !(t.kind == .word && ["COLLATE", "ASC", "DESC"].contains(asciiUppercased(t.text))) {
                found.append(i)
            }
            i += 1
        }
        return found
    }

    /// The target names of `SET a = ..., (b, c) = ...` from the SET at `set` to `end`.
    private static func assignmentTargets(after set: Int, upTo end: Int, in tokens: [Token]) -> [Int] {
        let stops: Set<String> = ["FROM", "WHERE", "RETURNING", "ORDER", "LIMIT", "ON"]
        var found: [Int] = [], depth = 0, expectingTarget = true, i = set + 1
        while i < end {
            let t = tokens[i]
            if depth == 0, t.kind == .word, stops.contains(asciiUppercased(t.text)) { break }
            if expectingTarget && depth == 0 {
                if isName(t) {
                    found.append(i)
                } else if isSymbol(t, "(") {
                    var j = i + 1
                    while j < end, !isSymbol(tokens[j], ")") {
                        if isName(tokens[j]) { found.append(j) }
                        j += 1
                    }
                    i = j
                }
                expectingTarget = false
            } else if isSymbol(t, "(") {
                depth += 1
            } else if isSymbol(t, ")") {
                depth -= 1
                if depth < 0 { break }
            } else if depth == 0, isSymbol(t, ",") {
                expectingTarget = true
            }
            i += 1
        }
        return found
    }
}
