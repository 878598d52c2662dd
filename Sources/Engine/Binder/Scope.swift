// Name resolution: which source and column a name means, at which nesting depth.

/// One FROM item as the binder sees it: its name, its columns and where they sit in the row.
struct ScopeSource {
    var name: String? {            // alias or table name, as written
        didSet { lowerName = name.map(asciiLowercased) }
    }
    var columns: [String] { columnNames.names }
    /// The column names with their lookup keys: name resolution compares the keys. A table's
    /// are its own, computed once for every statement that reads it.
    private(set) var columnNames: ColumnNames
    /// Lookup key of `name`, computed once.
    private(set) var lowerName: String?
    var offset: Int
    var affinities: [Affinity?]
    var collations: [Collation?]
    /// Column index of the hidden rowid, for tables (rowid, oid, _rowid_).
    var rowidColumn: Int?
    /// Columns hidden from unqualified lookup and `*` (the right side of USING / NATURAL).
    var hidden: Set<Int> = []
    /// Columns left out of `*` only: the hidden `arg` and `schema` of a pragma function.
    var leftOutOfStar: Set<Int> = []
    /// USING columns a RIGHT or FULL join merged: what an unqualified reference or `*` reads
    /// instead of the column itself (see Compiler+OuterJoin.swift).
    var mergedColumns: [Int: MergedColumn] = [:]
    var table: Table?
    /// The schema (lowercased) of the stored table or view the source reads, which
    /// `schema.table.column` must name; nil for a subquery or CTE.
    var schema: String?
    /// A name only the compiler writes (see `Scope.internalName`), unique in its FROM clause:
    /// the equalities USING and NATURAL imply name each side by it, so a self-join without
    /// aliases still compares its two sources.
    var internalName: String?

    var width: Int { columns.count + (rowidColumn == nil ? 0 : 1) }

    /// The first column named by `key` (lowercased); an unqualified name skips hidden columns.
    func firstColumn(key: String, qualified: Bool) -> Int? {
        guard var c = columnNames.firstPosition(ofKey: key) else { return nil }
        while !qualified && hidden.contains(c) {
            guard let next = columnNames.position(ofKey: key, from: c + 1) else { return nil }
            c = next
        }
        return c
    }

    init(name: String?, columns: [String], offset: Int, affinities: [Affinity?], collations: [Collation?],
         rowidColumn: Int?, table: Table? = nil) {
        self.init(name: name, columnNames: ColumnNames(columns), offset: offset, affinities: affinities,
                  collations: collations, rowidColumn: rowidColumn, table: table)
    }

    init(name: String?, columnNames: ColumnNames, offset: Int, affinities: [Affinity?], collations: [Collation?],
         rowidColumn: Int?, table: Table? = nil) {
        self.name = name
        self.columnNames = columnNames
        self.lowerName = name.map(asciiLowercased)
        self.offset = offset
        self.affinities = affinities
        self.collations = collations
        self.rowidColumn = rowidColumn
        self.table = table
    }
}

extension ScopeSource {
    /// A stored table's row as compiled expressions read it: its columns, then (when
    /// `withRowid`) the rowid in the slot after them, which is where every stored row keeps it.
    init(table: Table, name: String?, withRowid: Bool = true) {
        self.init(name: name, columnNames: table.columnNames, offset: 0,
                  affinities: table.columns.map(\.affinity), collations: table.columns.map(\.collation),
                  rowidColumn: withRowid ? table.columns.count : nil, table: table)
    }
}

/// The sources of one SELECT (or DML statement), linked to the enclosing query's scope.
final class Scope {
    var sources: [ScopeSource] = [] {
        didSet { columnsByName = nil }
    }
    /// Every column of every source by lowercased name, as (source, column) pairs in source
    /// order: built on the first lookup once the sources have many columns, dropped whenever
    /// they change. A join of 64 tables resolves each of its names among 192 columns otherwise.
    private var columnsByName: ColumnsByName?
    private static let columnsByNameThreshold = 24
    private struct ColumnsByName {
        /// Key to the index in `entries` of its first column.
        var first: [String: Int] = [:]
        /// Source, column, and the index of the next entry with the same key (-1: none).
        var entries: [(source: Int, column: Int, next: Int)] = []
    }
    let parent: Scope?
    var width = 0
    /// Sources referenced while compiling the current expression (for join planning).
    var usedSources: Set<Int> = []
    /// Row offsets of every column read through this scope, from here or from a subquery: a
    /// single-table scan may then come from an index that holds them all, as in SQLite.
    var usedColumns: Set<Int> = []
    /// Set when something compiled in this scope read a column of an enclosing scope.
    var readsOuter = false
    /// Collects aggregate calls while compiling a grouped query's output expressions.
    var aggregates: AggregateCollector?
    /// While a query that aggregates nothing of its own compiles its result columns, HAVING and
    /// ORDER BY, a subquery there may aggregate this query's columns (`SELECT (SELECT max(p.a))
    /// FROM t p`): that is noted in `outerAggregateFound`, and the query is compiled again as an
    /// aggregate query, as SQLite makes it one.
    var takesOuterAggregates = false
    var outerAggregateFound = false
    /// Collects window function calls.
    var windows: WindowCollector?
    /// Result-column aliases, which SQLite lets WHERE, GROUP BY, HAVING and ORDER BY use.
    var aliases: [String: Expression] = [:]
    /// True while the result columns themselves, or an alias's expression, are compiled: an
    /// alias does not name another result column there (SQLite: "no such column"), so an
    /// expansion never nests, and `SELECT 1 AS a, a+a AS b, b+b AS c ...` cannot double per alias.
    var aliasesHidden = false
    /// Inside a trigger body, where RAISE() is allowed.
    var isTriggerBody = false
    /// Windows defined in the WINDOW clause.
    var namedWindows: [String: WindowSpec] = [:]

    init(parent: Scope?) {
        self.parent = parent
    }

    @discardableResult
    func add(_ source: ScopeSource) -> Int {
        var s = source
        s.offset = width
        sources.append(s)
        width += s.width
        return sources.count - 1
    }

    enum Resolution {
        case column(offset: Int, source: Int, affinity: Affinity?, collation: Collation?)
        case ambiguous
        case none
    }

    /// Finds `table.name` or `name` among this scope's own sources.
    func resolve(table: String?, name: String) -> Resolution {
        let key = asciiLowercased(name)
        var tableKey = table.map(asciiLowercased)
        // `schema.table.column`: only a source of that table in that schema.
        var schemaKey: String?
        if let qualified = tableKey { (schemaKey, tableKey) = ColumnQualifier.split(qualified) }
        let isRowidName = key == "rowid" || key == "oid" || key == "_rowid_"
        if !isRowidName, sources.count > 1, width >= Scope.columnsByNameThreshold {
            return resolveByMap(key: key, tableKey: tableKey, schemaKey: schemaKey, qualified: table != nil)
        }
        var found: Resolution = .none
        for (i, source) in sources.enumerated() {
            if let tableKey {
                guard source.lowerName == tableKey || source.internalName == tableKey else { continue }
                if let schemaKey, source.schema != schemaKey { continue }
            }
            var hit = source.firstColumn(key: key, qualified: table != nil)
            if hit == nil, let rowid = source.rowidColumn, isRowidName {
                hit = rowid
            }
            guard let c = hit else { continue }
            // Two sources of one FROM clause answer to the name (`t.a` in `FROM t, t`).
            if case .column = found { return .ambiguous }
            found = column(c, of: i)
        }
        return found
    }

    /// `resolve` through `columnsByName`, with the same answers: the first column of the name
    /// in each source that qualifies, ambiguous when two sources have one. Not for rowid names.
    private func resolveByMap(key: String, tableKey: String?, schemaKey: String?, qualified: Bool) -> Resolution {
        let map = columnsByName ?? buildColumnsByName()
        var found: Resolution = .none
        var foundSource = -1
        var entry = map.first[key] ?? -1
        while entry >= 0 {
            let (i, c, next) = map.entries[entry]
            entry = next
            if i == foundSource { continue }
            if let tableKey {
                guard sources[i].lowerName == tableKey || sources[i].internalName == tableKey else { continue }
                if let schemaKey, sources[i].schema != schemaKey { continue }
            }
            if !qualified && sources[i].hidden.contains(c) { continue }
            if foundSource >= 0 { return .ambiguous }
            found = column(c, of: i)
            foundSource = i
        }
        return found
    }

    /// Every column of every source, chained by key in source and column order: one map entry
    /// per distinct name and one flat array, not an array per name.
    private func buildColumnsByName() -> ColumnsByName {
        var map = ColumnsByName()
        map.first.reserveCapacity(width)
        map.entries.reserveCapacity(width)
        // Built back to front, each entry pointing at the one after it.
        for (i, source) in sources.enumerated().reversed() {
            for (c, key) in source.columnNames.keys.enumerated().reversed() {
                map.entries.append((i, c, map.first.updateValue(map.entries.count, forKey: key) ?? -1))
            }
        }
        columnsByName = map
        return map
    }

    private func column(_ c: Int, of i: Int) -> Resolution {
        let source = sources[i]
        let affinity = c < source.affinities.count ? source.affinities[c] : .integer
        let collation = c < source.collations.count ? source.collations[c] : nil
        return .column(offset: source.offset + c, source: i, affinity: affinity, collation: collation)
    }

    /// The internal name of source `index` of a FROM clause: a NUL byte cannot start a name
    /// that SQL text spells.
    static func internalName(ofSource index: Int) -> String { "\u{0}source\(index)" }

    /// True when some source is named `table` (for "no such column" vs "no such table" messages).
    func hasSource(named table: String) -> Bool {
        let key = asciiLowercased(table)
        return sources.contains { $0.lowerName == key }
    }
}
