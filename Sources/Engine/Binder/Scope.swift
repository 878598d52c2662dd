// Name resolution: which source and column a name means, at which nesting depth.

/// One FROM item as the binder sees it: its name, its columns and where they sit in the row.
struct ScopeSource {
    var name: String? {            // alias or table name, as written
        didSet { lowerName = name.map(asciiLowercased) }
    }
    var columns: [String] {
        didSet { lowerColumns = columns.map(asciiLowercased) }
    }
    /// Lookup keys, computed once: name resolution compares these.
    private(set) var lowerName: String?
    private(set) var lowerColumns: [String]
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
    /// A name only the compiler writes (see `Scope.internalName`), unique in its FROM clause:
    /// the equalities USING and NATURAL imply name each side by it, so a self-join without
    /// aliases still compares its two sources.
    var internalName: String?

    var width: Int { columns.count + (rowidColumn == nil ? 0 : 1) }

    init(name: String?, columns: [String], offset: Int, affinities: [Affinity?], collations: [Collation?],
         rowidColumn: Int?, table: Table? = nil) {
        self.name = name
        self.columns = columns
        self.lowerName = name.map(asciiLowercased)
        self.lowerColumns = columns.map(asciiLowercased)
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
        self.init(name: name, columns: table.columns.map(\.name), offset: 0,
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
    private var columnsByName: [String: [(source: Int, column: Int)]]?
    private static let columnsByNameThreshold = 24
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
        let tableKey = table.map(asciiLowercased)
        let isRowidName = key == "rowid" || key == "oid" || key == "_rowid_"
        if !isRowidName, width >= Scope.columnsByNameThreshold {
            return resolveByMap(key: key, tableKey: tableKey, qualified: table != nil)
        }
        var found: Resolution = .none
        for (i, source) in sources.enumerated() {
            if let tableKey {
                guard source.lowerName == tableKey || source.internalName == tableKey else { continue }
            }
            var hit: Int?
            for (c, column) in source.lowerColumns.enumerated() where column == key {
                if table == nil && source.hidden.contains(c) { continue }
                hit = c
                break
            }
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
    private func resolveByMap(key: String, tableKey: String?, qualified: Bool) -> Resolution {
        if columnsByName == nil {
            var map: [String: [(source: Int, column: Int)]] = [:]
            for (i, source) in sources.enumerated() {
                for (c, column) in source.lowerColumns.enumerated() { map[column, default: []].append((i, c)) }
            }
            columnsByName = map
        }
        var found: Resolution = .none
        var foundSource = -1
        for (i, c) in columnsByName?[key] ?? [] where i != foundSource {
            if let tableKey {
                guard sources[i].lowerName == tableKey || sources[i].internalName == tableKey else { continue }
            }
            if !qualified && sources[i].hidden.contains(c) { continue }
            if foundSource >= 0 { return .ambiguous }
            found = column(c, of: i)
            foundSource = i
        }
        return found
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
