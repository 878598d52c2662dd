// Category and subcategory of a test file, from its path below the suite's root:
// `test/index/between/10/x.test` → index, between; `test/select1.test` → select;
// `test/random/expr/x.test` → random, expr; `suite/select/joins.test` → select.

/// Derives a test file's category and subcategory from its path.
public enum PathCategory {
    /// Directories below the suite's root name the category and subcategory; a file directly
    /// in the root is its own category (its name without the extension and trailing digits).
    /// The root is the last `test` component; else, for a relative path (runs record paths
    /// relative to the repository), its first folder, the folder a suite names (`suite` in
    /// `suite/select/x.test`); an absolute path outside `test/` keeps only its last folder.
    public static func of(_ path: String) -> (category: String, subcategory: String?) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        parts.removeAll { $0 == "." }
        guard let file = parts.popLast() else { return ("unknown", nil) }
        if let test = parts.lastIndex(of: "test") {
            parts.removeSubrange(...test)
        } else if path.hasPrefix("/") {
            parts = parts.suffix(1)
        } else {
            parts.removeAll { $0 == ".." }
            if !parts.isEmpty { parts.removeFirst() }
        }
        if parts.isEmpty { return (stem(file), nil) }
        return (parts[0], parts.count > 1 ? parts[1] : nil)
    }

    /// `select1.test` → `select`; `slt_good_0.test` → `slt_good`.
    static func stem(_ file: String) -> String {
        var name = Substring(file)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let trimmed = name.reversed().drop { $0.isNumber || $0 == "_" || $0 == "-" }
        return trimmed.isEmpty ? String(name) : String(trimmed.reversed())
    }
}
