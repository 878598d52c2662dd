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
    func newGroup(_ row: Row) -> Group {
        Group(representative: row, accumulators: slots.map { $0.function.make() },
              distinctSeen: slots.map { _ in [] })
    }
    // Exactly one min() or max() among the aggregates (others may be there too) makes bare
    // columns come from the row holding the extreme, as SQLite does.
    let extremes = slots.indices.filter { (slots[$0].name == "min" || slots[$0].name == "max") && slots[$0].arguments.count == 1 }
    let extremeSlot: Int? = extremes.count == 1 ? extremes[0] : nil

    var groups: [Group] = []
    var index: [[Value]: Int] = [:]
    if groupKeys.isEmpty { groups.append(newGroup(Row(repeating: .null, count: width))) }
    var arguments: [Value] = []
    var sawRow = false
    for row in rows {
        let g: Int
        if groupKeys.isEmpty {
            g = 0
        } else {
            var key: [Value] = []
            key.reserveCapacity(groupKeys.count)
            for k in groupKeys { key.append(try k(row, ctx)) }
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
        for (s, slot) in slots.enumerated() {
            if let filter = slot.filter, try filter.evaluate(row, ctx).truth != true { continue }
            arguments.removeAll(keepingCapacity: true)
            for a in slot.arguments { arguments.append(try a.evaluate(row, ctx)) }
            if slot.distinct {
                guard let v = arguments.first, !v.isNull, groups[g].distinctSeen[s].insert(v).inserted else { continue }
            }
            if s == extremeSlot, let v = arguments.first {
                // Until the extreme is known every row is the representative (so the last row
                // when all are NULL); then only a row holding a new extreme.
                let current = try groups[g].accumulators[s].finish()
                if current.isNull { updateRepresentative = true } else if !v.isNull {
                    let c = Value.compare(v, current, collation: slot.arguments[0].collation ?? .binary)
                    if (slot.name == "min" && c < 0) || (slot.name == "max" && c > 0) { updateRepresentative = true }
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
