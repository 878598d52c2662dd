// Foreign keys resolved against the schema: for each constraint, the parent's key columns and
// the unique index (or rowid) that finds a parent row by them, and the child index, when there
// is one, that finds the rows naming a parent key. SQLite requires the first and uses the second
// when it exists (foreignkeys.html, sections 3 and 3.1); without it a parent's change scans.

/// One foreign key of `child`: its columns pair up, in order, with the parent's key columns.
final class ResolvedForeignKey {
    let child: Table
    /// Nil when the parent table does not exist (a DROP TABLE's implicit DELETE then counts
    /// every key as missing, as SQLite does; any other statement refuses with `problem`).
    let parent: Table?
    let childColumns: [Int]
    let parentColumns: [Int]
    let clause: ForeignKeyClause
    /// Its number in PRAGMA foreign_key_list (the last declared is 0).
    let id: Int
    /// Why a statement that needs this key cannot run: no parent table, or a parent key that is
    /// not PRIMARY KEY or UNIQUE ("foreign key mismatch"). SQLite finds it when it prepares.
    let problem: SQLError?
    /// The parent's unique index on exactly the parent key; nil when the key is the rowid.
    let parentIndex: TableIndex?
    /// A child index whose first column is the child column at `keyPosition`, and whether text
    /// entries must be read too (a child column without affinity under a numeric parent key:
    /// '5' there matches 5). Nil: the children are found by a scan.
    let childIndex: (index: TableIndex, keyPosition: Int, alsoText: Bool)?
    private let parentAffinities: [Affinity]
    private let parentCollations: [Collation]

    init(child: Table, clause: ForeignKeyClause, columns: [Int], id: Int, catalog: Catalog) {
        self.child = child
        self.clause = clause
        self.childColumns = columns
        self.id = id
        let parent = catalog.table(clause.table)
        self.parent = parent
        let mismatch = SQLError(.misuse, "foreign key mismatch - \"\(child.name)\" referencing \"\(clause.table)\"")
        var parentColumns: [Int] = []
        var problem: SQLError?
        var parentIndex: TableIndex?
        if let parent {
            if let located = ResolvedForeignKey.locateParentKey(parent, clause, columnCount: columns.count) {
                (parentColumns, parentIndex) = located
            } else {
                problem = mismatch
            }
        } else {
            problem = SQLError(.unknownTable, "no such table: \(catalog.schemaName).\(clause.table)")
        }
        self.problem = problem
        self.parentColumns = parentColumns
        self.parentIndex = parentIndex
        parentAffinities = parent.map { p in parentColumns.map { p.columns[$0].affinity } } ?? []
        parentCollations = parent.map { p in parentColumns.map { p.columns[$0].collation } } ?? []
        childIndex = problem == nil
            ? ResolvedForeignKey.locateChildIndex(child, columns, parentAffinities, parentCollations)
            : nil
    }

    /// A parent that was found usable, or a mismatch (skipped where SQLite ignores it).
    var isUsable: Bool { problem == nil || (parent == nil && problem?.kind == .unknownTable) }

    /// The parent key's columns, in the child columns' order, and its unique index (nil: the
    /// rowid); nil when the parent has no PRIMARY KEY or UNIQUE constraint on exactly them.
    private static func locateParentKey(_ parent: Table, _ clause: ForeignKeyClause,
                                        columnCount: Int) -> ([Int], TableIndex?)? {
        var columns: [Int] = []
        if clause.columns.isEmpty {
            if let r = parent.rowidColumn { columns = [r] } else { columns = parent.primaryKey }
        } else {
            for name in clause.columns {
                guard let c = parent.columnIndex(name) else { return nil }
                columns.append(c)
            }
        }
        guard !columns.isEmpty, columns.count == columnCount else { return nil }
        if columns.count == 1, columns[0] == parent.rowidColumn { return (columns, nil) }
        // A unique index on exactly these columns, each with the column's own collation.
        // Not a partial index nor one on expressions (SQLite's sqlite3FkLocateIndex).
        for index in parent.indexes where index.unique && index.computed == nil && index.columns.count == columns.count {
            guard Set(index.columns) == Set(columns) else { continue }
            let sameCollations = index.columns.enumerated().allSatisfy { i, c in
                index.collations[i] == parent.columns[c].collation
            }
            if sameCollations { return (columns, index) }
        }
        return nil
    }

    /// A child index that leads with one of the child columns and orders that column's values
    /// as the parent key compares them (same collation, and an affinity that stores them as
    /// the parent's would compare).
    private static func locateChildIndex(_ child: Table, _ columns: [Int], _ affinities: [Affinity],
                                         _ collations: [Collation]) -> (index: TableIndex, keyPosition: Int, alsoText: Bool)? {
        for index in child.indexes where index.computed == nil {
            guard let first = index.columns.first, let position = columns.firstIndex(of: first),
                  index.collations[0] == collations[position] else { continue }
            let childAffinity = child.columns[first].affinity
            let parentAffinity = affinities[position]
            if childAffinity == parentAffinity || parentAffinity == .blob {
                return (index, position, false)
            }
            // A numeric parent key against a child column that keeps what it was given.
            if childAffinity == .blob, parentAffinity != .text {
                return (index, position, true)
            }
        }
        return nil
    }

    /// The parent key a child row names, converted as the parent stores it; nil when a column
    /// of it is NULL (no check then).
    func childKey(of row: Row) -> [Value]? {
        var key: [Value] = []
        key.reserveCapacity(childColumns.count)
        for (i, c) in childColumns.enumerated() {
            let v = row[c]
            if v.isNull { return nil }
            key.append(i < parentAffinities.count ? parentAffinities[i].apply(v) : v)
        }
        return key
    }

    /// The parent key of a parent row; nil when a column of it is NULL (no child names it).
    func parentKey(of row: Row) -> [Value]? {
        var key: [Value] = []
        key.reserveCapacity(parentColumns.count)
        for c in parentColumns {
            if row[c].isNull { return nil }
            key.append(row[c])
        }
        return key
    }

    /// Whether a parent row has this key: through the parent's unique index or its rowid.
    func parentExists(_ key: [Value]) -> Bool {
        guard let parent, problem == nil else { return false }
        guard let parentIndex else {
            guard case .integer(let rowid) = key[0] else { return false }
            return parent.containsRowid(rowid)
        }
        var row = Row(repeating: .null, count: parent.columns.count)
        for (i, c) in parentColumns.enumerated() { row[c] = key[i] }
        return parentIndex.conflict(for: row) != nil
    }

    /// Whether a row's own parent key (the same table) is the key it names: a row that
    /// refers to itself is its own parent (SQLite's fkLookupParent).
    func refersToItself(_ row: Row, key: [Value]) -> Bool {
        guard parent === child else { return false }
        for (i, c) in parentColumns.enumerated() where Value.compare(row[c], key[i], collation: parentCollations[i]) != 0 {
            return false
        }
        return true
    }

    /// Whether a child row names this parent key.
    private func names(_ row: Row, _ key: [Value]) -> Bool {
        for (i, c) in childColumns.enumerated() {
            let v = parentAffinities[i].apply(row[c])
            if v.isNull || Value.compare(v, key[i], collation: parentCollations[i]) != 0 { return false }
        }
        return true
    }

    /// The rowids of the child rows that name `key` (a parent key without NULLs), in rowid order
    /// when scanned; through the child index when there is one.
    func children(naming key: [Value], interrupt: InterruptCheck) throws -> [Int64] {
        var found: [Int64] = []
        guard let (index, position, alsoText) = childIndex else {
            for row in child.allRows {
                try interrupt.step()
                if names(row, key) { found.append(Table.rowid(of: row)) }
            }
            return found
        }
        let target = key[position]
        let collation = index.collations[0]
        index.forEachEntry(firstKeyIsBelow: { Value.compare($0, target, collation: collation) < 0 }) { entry in
            guard Value.compare(entry.first, target, collation: collation) == 0 else { return false }
            if let row = child.row(rowid: entry.rowid), names(row, key) { found.append(entry.rowid) }
            return true
        }
        if alsoText {
            // Text sorts after every number and NULL: read the text entries only.
            index.forEachEntry(firstKeyIsBelow: { value in
                switch value { case .text, .invalidText, .blob: return false; default: return true }
            }) { entry in
                guard entry.first.isText else { return false }
                if let row = child.row(rowid: entry.rowid), names(row, key) { found.append(entry.rowid) }
                return true
            }
        }
        return found
    }
}

/// The foreign keys a write to one table must look at: its own (as the child) and the others'
/// that name it (as the parent).
final class ForeignKeyPlan {
    let asChild: [ResolvedForeignKey]
    let asParent: [ResolvedForeignKey]
    /// Row writers for the child tables of ON DELETE/UPDATE actions, made on first use.
    var actionWriters: [ObjectIdentifier: RowWriter] = [:]

    init(asChild: [ResolvedForeignKey], asParent: [ResolvedForeignKey]) {
        self.asChild = asChild
        self.asParent = asParent
    }

    /// Refuses a statement that needs a key SQLite could not resolve when preparing it: every
    /// key for INSERT and DELETE; for UPDATE (`assigned`), those whose columns it sets.
    func refuseProblems(assigned: Set<Int>? = nil) throws {
        for fk in asChild {
            if let problem = fk.problem, assigned.map({ !$0.isDisjoint(with: fk.childColumns) }) ?? true { throw problem }
        }
        for fk in asParent {
            if let problem = fk.problem, assigned.map({ !$0.isDisjoint(with: fk.parentColumns) }) ?? true { throw problem }
        }
    }
}

/// The resolved plans of one schema generation, by table.
struct ForeignKeyPlanCache {
    var generation = -1
    /// Whether any table has a foreign key: when none has, a write looks at nothing more.
    var anyForeignKeys = false
    var plans: [ObjectIdentifier: ForeignKeyPlan?] = [:]
}

extension Database {
    /// The foreign keys a write to `table` must look at; nil when enforcement is off or none
    /// concerns the table. Resolved once per schema generation.
    func foreignKeyPlan(for table: Table) -> ForeignKeyPlan? {
        guard foreignKeysEnabled else { return nil }
        if foreignKeyPlans.generation != schemaGeneration {
            foreignKeyPlans = ForeignKeyPlanCache(generation: schemaGeneration,
                                                  anyForeignKeys: catalogs.contains { $0.tables.values.contains { !$0.foreignKeys.isEmpty } })
        }
        guard foreignKeyPlans.anyForeignKeys else { return nil }
        let key = ObjectIdentifier(table)
        if let known = foreignKeyPlans.plans[key] { return known }
        let plan = resolveForeignKeys(of: table)
        foreignKeyPlans.plans[key] = plan
        return plan
    }

    /// Forgets the resolved plans: the catalog changed inside a statement (DROP TABLE).
    func forgetForeignKeyPlans() { foreignKeyPlans.generation = -1 }

    /// A foreign key names a table of its own table's schema.
    private func resolveForeignKeys(of table: Table) -> ForeignKeyPlan? {
        let catalog = catalogs[schemaIndex(of: table)]
        let asChild = numberedForeignKeys(of: table).map {
            ResolvedForeignKey(child: table, clause: $0.clause, columns: $0.columns, id: $0.id, catalog: catalog)
        }
        let name = asciiLowercased(table.name)
        var asParent: [ResolvedForeignKey] = []
        // The newest child table first: SQLite fires the actions in that order.
        let created = { (t: Table) in catalog.schemaRowids["table:" + asciiLowercased(t.name)] ?? 0 }
        for child in catalog.tables.values.sorted(by: { created($0) > created($1) }) {
            for fk in numberedForeignKeys(of: child).reversed() where asciiLowercased(fk.clause.table) == name {
                asParent.append(ResolvedForeignKey(child: child, clause: fk.clause, columns: fk.columns, id: fk.id, catalog: catalog))
            }
        }
        if asChild.isEmpty && asParent.isEmpty { return nil }
        return ForeignKeyPlan(asChild: asChild, asParent: asParent)
    }

    /// A table's foreign keys in declaration order, each with its foreign_key_list number.
    func numberedForeignKeys(of table: Table) -> [(columns: [Int], clause: ForeignKeyClause, id: Int)] {
        let count = table.foreignKeys.count
        return table.foreignKeys.enumerated().map { ($1.columns, $1.clause, count - 1 - $0) }
    }
}
