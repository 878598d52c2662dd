// The qualifier of a column reference: `t` in `t.c`, or `schema.t` in `schema.t.c`. The
// expression tree keeps one qualifier string, so a schema travels inside it, joined to the
// table's name by a NUL, a byte no name written in SQL holds; name resolution splits it and
// takes only a source of that table in that schema (SQLite's lookupName with zDb).

enum ColumnQualifier {
    private static let separator = "\u{0}"

    /// The qualifier of `schema.table.column`.
    static func joined(schema: String, table: String) -> String { schema + separator + table }

    /// The schema (when named) and the table of a qualifier. A NUL first is no separator: the
    /// compiler's own source names start with one (`Scope.internalName`).
    static func split(_ qualifier: String) -> (schema: String?, table: String) {
        let bytes = qualifier.utf8
        guard let nul = bytes.firstIndex(of: 0), nul != bytes.startIndex else { return (nil, qualifier) }
        return (String(qualifier[..<nul]), String(qualifier[qualifier.index(after: nul)...]))
    }

    /// The qualifier as SQL writes it, for messages: `schema.table` or `table`.
    static func shown(_ qualifier: String) -> String {
        let (schema, table) = split(qualifier)
        return schema.map { "\($0).\(table)" } ?? table
    }
}
