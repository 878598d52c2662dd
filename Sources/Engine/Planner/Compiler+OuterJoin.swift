// RIGHT and FULL joins: the USING columns they merge, as SQLite 3.40 resolves them.
//
// A join runs left to right (Compiler+Join.swift): a RIGHT or FULL step also emits the new
// source's rows that matched no partial row, with every earlier column NULL. What is special
// is naming. A USING (or NATURAL) column shows once, at the left-most source that has it, and
// an unqualified reference or `*` reads, as SQLite's resolver builds it:
//   - after INNER and LEFT joins, the left-most column (the right copy is hidden);
//   - after a RIGHT join, the right copy (the one side always there);
//   - after a FULL join, coalesce() of the copies of both sides, with no affinity or collation.
// In a query with a RIGHT or FULL join, USING compares the coalesce() of every copy on its
// left; each copy after the first must come from a prior USING ("ambiguous reference").

/// What an unqualified USING column reads once a RIGHT or FULL join merged it.
struct MergedColumn {
    /// Row offsets of the copies read, coalesced left to right when more than one.
    var offsets: [Int]
    var sources: Set<Int>
    var affinity: Affinity?
    var collation: Collation?
}

extension Compiler {
    /// The value of a merged USING column, read through `resolvedIn` (the scope that holds the
    /// sources), `depth` scopes out from `scope` (where the reference is compiled).
    func mergedColumnExpression(_ merged: MergedColumn, resolvedIn s: Scope, depth: Int, from scope: Scope) -> CompiledExpression {
        s.usedSources.formUnion(merged.sources)
        s.usedColumns.formUnion(merged.offsets)
        let offsets = merged.offsets
        /// The copies' values in a row, first non-NULL.
        func read(_ row: Row) -> Value {
            for offset in offsets where offset < row.count && !row[offset].isNull { return row[offset] }
            return .null
        }
        let affinity = offsets.count == 1 ? merged.affinity : nil
        let collation = offsets.count == 1 ? merged.collation : nil
        if depth == 0 {
            return CompiledExpression(affinity: affinity, collation: collation) { row, _ in read(row) }
        }
        var inner: Scope? = scope
        for _ in 0..<depth { inner?.readsOuter = true; inner = inner?.parent }
        let d = depth
        return CompiledExpression(affinity: affinity, collation: collation) { _, ctx in
            let i = ctx.outer.count - d
            return i >= 0 ? read(ctx.outer[i]) : .null
        }
    }

    /// True when a FROM clause has a RIGHT or FULL join anywhere.
    static func hasRightOrFullJoin(_ item: FromItem?) -> Bool {
        guard case let .join(left, right, kind, _, _, _) = item else { return false }
        return kind == .right || kind == .full || hasRightOrFullJoin(left) || hasRightOrFullJoin(right)
    }

    /// The left side of USING's equality for column `name` joining source `newSource`: the
    /// left-most copy on its left, or with `coalescing` (the query has a RIGHT or FULL join)
    /// coalesce() of every copy, each after the first required to come from a prior USING.
    /// Also records what the merged column reads after this join (`mergedColumns`).
    /// `rightStart` is the first source of the right side (a parenthesized join has several).
    func usingLeftSide(_ name: String, leftSource: Int, leftColumn: Int, newSource: Int, newColumn: Int, rightStart: Int,
                       kind: JoinKind, coalescing: Bool, usingNames: [Int: Set<String>], scope: Scope) throws -> Expression {
        let key = asciiLowercased(name)
        var copies: [(source: Int, column: Int)] = [(leftSource, leftColumn)]
        if coalescing {
            for s in (leftSource + 1)..<rightStart {
                guard let c = scope.sources[s].columns.firstIndex(where: { asciiLowercased($0) == key }) else { continue }
                guard usingNames[s]?.contains(key) == true else {
                    throw error(.ambiguous, "ambiguous reference to \(name) in USING()")
                }
                copies.append((s, c))
            }
        }
        let columnExpressions: [Expression] = copies.map {
            .column(table: Scope.internalName(ofSource: $0.source), name: scope.sources[$0.source].columns[$0.column], position: 0)
        }
        // What an unqualified name reads from here on.
        let left = scope.sources[leftSource]
        let newCopy = scope.sources[newSource]
        var merged = left.mergedColumns[leftColumn]
            ?? MergedColumn(offsets: [left.offset + leftColumn], sources: [leftSource],
                            affinity: left.affinities[leftColumn], collation: left.collations[leftColumn])
        switch kind {
        case .right:
            merged = MergedColumn(offsets: [newCopy.offset + newColumn], sources: [newSource],
                                  affinity: newCopy.affinities[newColumn], collation: newCopy.collations[newColumn])
        case .full:
            merged.offsets.append(newCopy.offset + newColumn)
            merged.sources.insert(newSource)
        case .inner, .left, .cross:
            break
        }
        // With a RIGHT or FULL join in the query, SQLite's `*` reads every USING column by its
        // unqualified name (ambiguous when another item has it), merged or not.
        if coalescing || merged.offsets != [left.offset + leftColumn] {
            scope.sources[leftSource].mergedColumns[leftColumn] = merged
        }
        if columnExpressions.count == 1 { return columnExpressions[0] }
        return .function(FunctionCall(name: "coalesce", arguments: columnExpressions), position: 0)
    }
}
