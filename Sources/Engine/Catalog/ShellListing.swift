// What the shell's `.tables` and `.schema` print, as sqlite3 3.40's shell prints it: every
// schema (main, temp, then attached databases in attach order), objects outside main named
// `schema.name`, each statement's text as sqlite_master keeps it.

extension Database {
    /// `.tables [PATTERN]`: the tables and views of every schema whose name is LIKE the pattern
    /// (all when nil), `schema.name` outside main, sqlite_ objects left out, sorted by bytes.
    public func shellTableNames(matching pattern: String? = nil) -> [String] {
        var names: [String] = []
        for s in catalogs.indices {
            let catalog = catalogs[s]
            let prefix = s == Database.mainSchema ? "" : catalog.schemaName + "."
            for name in catalog.tables.values.map(\.name) + catalog.views.values.map(\.name)
            where !asciiLowercased(name).hasPrefix("sqlite_") && pattern.map({ likeMatches($0, name, escapeCodePoint: nil) }) ?? true {
                names.append(prefix + name)
            }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// sqlite3's `.tables` layout: as many columns as fit in 80 characters, each as wide as
    /// the longest name, filled down each column first.
    public static func shellColumns(_ names: [String]) -> String {
        guard let longest = names.map(\.count).max() else { return "" }
        let columns = max(1, 80 / (longest + 2))
        let rows = (names.count + columns - 1) / columns
        var out = ""
        for row in 0..<rows {
            for (k, j) in stride(from: row, to: names.count, by: rows).enumerated() {
                let name = names[j]
                out += (k == 0 ? "" : "  ") + name + String(repeating: " ", count: longest - name.count)
            }
            out += "\n"
        }
        return out
    }

    /// `.schema [PATTERN]`: each object's text and `;`, schema by schema in sqlite_master
    /// order, of everything or of the objects whose name or table is LIKE the pattern
    /// (`schema.PATTERN` for one schema). Outside main the text names the schema
    /// (`CREATE TABLE temp.t(...)`); a view is followed by a comment with its columns, as
    /// sqlite3 adds one.
    public func shellSchema(for name: String? = nil) -> String {
        var wantedSchema: Int?
        var pattern = name
        if let name, let dot = name.firstIndex(of: "."), let s = schemaIndex(named: String(name[..<dot])) {
            wantedSchema = s
            pattern = String(name[name.index(after: dot)...])
        }
        var out = ""
        for s in catalogs.indices where wantedSchema.map({ $0 == s }) ?? true {
            let compiler = Compiler(database: self, sql: "")
            compiler.fixedSchema = s
            let schemaName = s == Database.mainSchema ? nil : catalogs[s].schemaName
            for row in compiler.schemaTableRows(catalogs[s]).map(\.row) {
                guard case .text(let type) = row[0], case .text(let objectName) = row[1], case .text(let table) = row[2],
                      case .text(let sql) = row[4] else { continue }
                if let pattern, !likeMatches(pattern, objectName, escapeCodePoint: nil),
                   !likeMatches(pattern, table, escapeCodePoint: nil) { continue }
                out += Database.namingSchema(schemaName, in: sql)
                if type == "view", let columns = try? compiler.tableInfoRows(objectName, extended: false) {
                    let names = columns.compactMap { $0[1].textForm }.map(Database.shellQuoted)
                    out += "\n/* " + (schemaName.map { $0 + "." } ?? "") + Database.shellQuoted(objectName)
                        + "(" + names.joined(separator: ",") + ") */"
                }
                out += ";\n"
            }
        }
        return out
    }

    /// `CREATE <kind> name...` as `CREATE <kind> schema.name...`, as the shell's
    /// shell_add_schema writes an object outside main.
    private static func namingSchema(_ schema: String?, in sql: String) -> String {
        guard let schema else { return sql }
        for kind in ["TABLE", "INDEX", "UNIQUE INDEX", "VIEW", "TRIGGER"] {
            let head = "CREATE \(kind) "
            // temp is a keyword the shell leaves bare.
            let qualifier = asciiLowercased(schema) == "temp" ? schema : shellQuoted(schema)
            if sql.hasPrefix(head) { return head + qualifier + "." + sql.dropFirst(head.count) }
        }
        return sql
    }

    /// A name as the shell writes it: bare when it is a plain word that is not a keyword,
    /// else in double quotes.
    private static func shellQuoted(_ name: String) -> String { SQLText.identifier(name) }
}
