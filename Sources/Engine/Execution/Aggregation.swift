// Grouping: rows into groups by key, one accumulator per aggregate call per group.

/// Groups `rows` and returns one row per group: a representative source row followed by the
/// aggregate values. Without GROUP BY there is exactly one group, even over no rows. Groups come
/// out ordered by their keys, as from SQLite's sorter.
func aggregate(_ rows: [Row], collector: AggregateCollector, groupKeys: [(Row, ExecutionContext) throws -> Value],
               keyCollations: [Collation], width: Int, ctx: ExecutionContext) throws -> [Row] {
    let slots = collector.slots
    struct Group {
        var key: [Value] = []
        var representative: Row
        var accumulators: [AggregateAccumulator]
        var distinctSeen: [Set<Value>]
    }
    // min() and max() compare with their argument's collation; DISTINCT dedups with it.
    let argumentCollations = slots.map { $0.arguments.first?.collation ?? .binary }
    func newGroup(_ row: Row) -> Group {
        let accumulators = slots.enumerated().map { (s, slot) -> AggregateAccumulator in
            if argumentCollations[s] != .binary, slot.arguments.count == 1, slot.name == "min" || slot.name == "max" {
                return Extreme(wantMax: slot.name == "max", collation: argumentCollations[s])
            }
            return slot.function.make()
        }
        return Group(representative: row, accumulators: accumulators, distinctSeen: slots.map { _ in [] })
    }
    // Exactly one min() or max() among the aggregates (others may be there too) makes bare
    // columns come from the row holding the extreme, as SQLite does.
    let extremes = slots.indices.filter { (slots[$0].name == "min" || slots[$0].name == "max") && slots[$0].arguments.count == 1 }
    let extremeSlot: Int? = extremes.count == 1 ? extremes[0] : nil

    var groups: [Group] = []
    var index: [[Value]: Int] = [:]
    var singleIndex: [Value: Int] = [:]
    if groupKeys.isEmpty { groups.append(newGroup(Row(repeating: .null, count: width))) }
    // Per-slot parts read once, so the row loop copies no slot.
    let slotArguments = slots.map { $0.arguments.map(\.evaluate) }
    let slotFilters = slots.map { $0.filter?.evaluate }
    let slotDistinct = slots.map(\.distinct)
    let extremeIsMin = extremeSlot.map { slots[$0].name == "min" } ?? false
    let extremeCollation = extremeSlot.flatMap { slots[$0].arguments.first?.collation } ?? .binary
    var arguments: [Value] = []
    var sawRow = false
    for row in rows {
        try ctx.checkInterrupt()
        let g: Int
        if groupKeys.isEmpty {
            g = 0
        } else if groupKeys.count == 1 {
            // One GROUP BY term (the usual case): the value itself is the key, no array per row.
            let key = try groupKeys[0](row, ctx).collationKey(keyCollations[0])
            if let existing = singleIndex[key] { g = existing } else {
                g = groups.count
                singleIndex[key] = g
                var group = newGroup(row)
                group.key = [key]
                groups.append(group)
            }
        } else {
            var key: [Value] = []
            key.reserveCapacity(groupKeys.count)
            for (i, k) in groupKeys.enumerated() { key.append(try k(row, ctx).collationKey(keyCollations[i])) }
            if let existing = index[key] { g = existing } else {
                g = groups.count
                index[key] = g
                var group = newGroup(row)
                group.key = key
                groups.append(group)
            }
        }
        // Bare columns come from the first row of the group (SQLite 3.40 does so), or from the row
        // holding the extreme of a lone min() or max().
        var updateRepresentative = groupKeys.isEmpty && !sawRow
        sawRow = true
        for s in 0..<slots.count {
            if let filter = slotFilters[s], try filter(row, ctx).truth != true { continue }
            arguments.removeAll(keepingCapacity: true)
            for a in slotArguments[s] { arguments.append(try a(row, ctx)) }
            if slotDistinct[s] {
                guard let v = arguments.first, !v.isNull,
                      groups[g].distinctSeen[s].insert(v.collationKey(argumentCollations[s])).inserted else { continue }
            }
            if s == extremeSlot, let v = arguments.first {
                // Until the extreme is known every row is the representative (so the last row
                // when all are NULL); then only a row holding a new extreme.
                let current = try groups[g].accumulators[s].finish()
                if current.isNull { updateRepresentative = true } else if !v.isNull {
                    let c = Value.compare(v, current, collation: extremeCollation)
                    if (extremeIsMin && c < 0) || (!extremeIsMin && c > 0) { updateRepresentative = true }
                }
            }
            try groups[g].accumulators[s].step(arguments)
        }
        if updateRepresentative { groups[g].representative = row }
    }
    if !groupKeys.isEmpty {
        groups.sort { a, b in
            for i in 0..<a.key.count {
                let c = Value.compare(a.key[i], b.key[i], collation: keyCollations[i])
                if c != 0 { return c < 0 }
            }
            return false
        }
    }
    var out: [Row] = []
    out.reserveCapacity(groups.count)
    for group in groups {
        var row = group.representative
        row.reserveCapacity(width + slots.count)
        for accumulator in group.accumulators { row.append(try accumulator.finish()) }
        out.append(row)
    }
    return out
}
