// Window functions: partition the rows, order each partition, and compute each call's value
// for every row over its frame, as SQLite 3.40's window.c defines them (frames of ROWS, GROUPS
// and RANGE with offsets, EXCLUDE, FILTER). Values are appended to the rows in slot order.

/// Computes every window slot and returns the rows extended with one value per slot, in the
/// order of the first window (partition, then ORDER BY), as SQLite hands them out.
func computeWindows(_ input: [Row], collector: WindowCollector, ctx: ExecutionContext) throws -> [Row] {
    var rows = input
    var firstOrder: [Int]?
    for slot in collector.slots {
        let (order, values) = try evaluateWindow(slot, rows: rows, ctx: ctx)
        if firstOrder == nil { firstOrder = order }
        for i in 0..<rows.count { rows[i].append(values[i]) }
    }
    guard let order = firstOrder else { return rows }
    return order.map { rows[$0] }
}

/// One partition in window order: the input row at each position, its ORDER BY values, and
/// its peer group (rows with equal ORDER BY values; all rows when there is no ORDER BY).
struct WindowPartition {
    let rows: [Int]
    let orderValues: [[Value]]
    /// The peer group number of each position.
    let groupOf: [Int]
    /// The first position of each peer group, then the partition's size.
    let groupStarts: [Int]

    var count: Int { rows.count }
    func peers(of k: Int) -> Range<Int> { groupStarts[groupOf[k]]..<groupStarts[groupOf[k] + 1] }
}

/// One window call: the row order it sorted the rows into, and its value for each row (by input index).
private func evaluateWindow(_ slot: WindowCollector.Slot, rows: [Row], ctx: ExecutionContext) throws -> ([Int], [Value]) {
    let partitionKeys = slot.partitionBy.map { SortKey(descending: false, nullsFirst: true, collation: $0.collation ?? .binary) }
    let orderKeys = slot.orderBy.map { SortKey(descending: $0.1.descending, nullsFirst: $0.1.nullsFirst ?? !$0.1.descending,
                                               collation: $0.0.collation ?? .binary) }
    // One sort by partition keys, then ORDER BY, as SQLite's sorter does; partitions are runs.
    var keyed: [(keys: [Value], row: Row)] = []
    keyed.reserveCapacity(rows.count)
    for (i, row) in rows.enumerated() {
        try ctx.checkInterrupt()
        var keys: [Value] = []
        keys.reserveCapacity(partitionKeys.count + orderKeys.count)
        for p in slot.partitionBy { keys.append(try p.evaluate(row, ctx)) }
        for (o, _) in slot.orderBy { keys.append(try o.evaluate(row, ctx)) }
        keyed.append((keys, [.integer(Int64(i))]))
    }
    try sortRows(&keyed, by: partitionKeys + orderKeys, ctx: ctx)
    let order = keyed.map { entry -> Int in
        if case .integer(let i) = entry.row[0] { return Int(i) }
        return 0
    }
    var values = [Value](repeating: .null, count: rows.count)
    let frame = try WindowFrameSpec(slot, ctx: ctx, isEmpty: rows.isEmpty)
    let width = partitionKeys.count
    var start = 0
    while start < keyed.count {
        try ctx.checkInterrupt()
        var end = start + 1
        while end < keyed.count
                && compareSortKeys(Array(keyed[start].keys.prefix(width)), Array(keyed[end].keys.prefix(width)), by: partitionKeys) == 0 {
            end += 1
        }
        let orderValues = keyed[start..<end].map { Array($0.keys.dropFirst(width)) }
        var groupOf: [Int] = []
        var groupStarts: [Int] = []
        groupOf.reserveCapacity(end - start)
        for k in 0..<orderValues.count {
            if k == 0 || compareSortKeys(orderValues[k - 1], orderValues[k], by: orderKeys) != 0 { groupStarts.append(k) }
            groupOf.append(groupStarts.count - 1)
        }
        groupStarts.append(orderValues.count)
        let partition = WindowPartition(rows: Array(order[start..<end]), orderValues: orderValues,
                                        groupOf: groupOf, groupStarts: groupStarts)
        let partitionValues = try evaluatePartition(slot, partition, frame: frame, orderKey: orderKeys.first, rows: rows, ctx: ctx)
        for (k, i) in partition.rows.enumerated() { values[i] = partitionValues[k] }
        start = end
    }
    return (order, values)
}

/// The value of a window call for each position of one partition.
private func evaluatePartition(_ slot: WindowCollector.Slot, _ p: WindowPartition, frame: WindowFrameSpec,
                               orderKey: SortKey?, rows: [Row], ctx: ExecutionContext) throws -> [Value] {
    let n = p.count
    func argument(_ k: Int, _ a: Int) throws -> Value {
        a < slot.arguments.count ? try slot.arguments[a].evaluate(rows[p.rows[k]], ctx) : .null
    }
    // The frames and the order of steps as SQLite's cursors make them (only what reads a frame).
    var walked: (events: [WindowWalkEvent], frames: [Range<Int>])?
    func walk() -> (events: [WindowWalkEvent], frames: [Range<Int>]) {
        if let walked { return walked }
        let made = WindowCursorWalk.walk(frame, p, orderKey: orderKey)
        walked = made
        return made
    }
    func frameParts(_ k: Int) -> [Range<Int>] {
        frame.exclude(walk().frames[k], k, in: p)
    }
    var out: [Value] = []
    out.reserveCapacity(n)
    switch slot.name {
    case "row_number":
        for k in 0..<n { out.append(.integer(Int64(k + 1))) }
    case "rank":
        for k in 0..<n { out.append(.integer(Int64(p.peers(of: k).lowerBound + 1))) }
    case "dense_rank":
        for k in 0..<n { out.append(.integer(Int64(p.groupOf[k] + 1))) }
    case "percent_rank":
        for k in 0..<n { out.append(.real(n > 1 ? Double(p.peers(of: k).lowerBound) / Double(n - 1) : 0)) }
    case "cume_dist":
        for k in 0..<n { out.append(.real(Double(p.peers(of: k).upperBound) / Double(n))) }
    case "ntile":
        // ntileStepFunc reads its argument as sqlite3_value_int64 on the partition's first row.
        let buckets = Int(clamping: try argument(0, 0).int64Value)
        guard buckets > 0 else { throw SQLError(.runtime, "argument of ntile must be a positive integer") }
        let size = n / buckets, large = n - buckets * size, small = large * (size + 1)
        for k in 0..<n {
            out.append(.integer(Int64(size == 0 ? k + 1 : k < small ? 1 + k / (size + 1) : 1 + large + (k - small) / size)))
        }
    case "lag", "lead":
        // SQLite seeks the row whose number is this row's plus (lead) or minus (lag) the
        // offset, computed as SQL arithmetic: a negative offset looks the other way, and an
        // offset that gives no integer finds no row, so the default is returned. lag() reads
        // rows as they arrive and has at most the next one, so a lag by -2 or less finds none.
        for k in 0..<n {
            try ctx.checkInterrupt()
            let offset = slot.arguments.count > 1 ? try argument(k, 1) : .integer(1)
            let here = Value.integer(Int64(k + 1))
            let target = Affinity.numeric.apply(slot.name == "lead" ? Value.add(here, offset) : Value.subtract(here, offset))
            let reach = slot.name == "lead" ? Int64(n) : min(Int64(n), Int64(k + 2))
            if case .integer(let t) = target, t >= 1, t <= reach {
                out.append(try argument(Int(t - 1), 0))
            } else {
                out.append(slot.arguments.count > 2 ? try argument(k, 2) : .null)
            }
        }
    case "first_value", "last_value", "nth_value":
        for k in 0..<n {
            try ctx.checkInterrupt()
            let parts = frameParts(k)
            let size = parts.reduce(0) { $0 + $1.count }
            var nth = slot.name == "first_value" ? 1 : size
            if slot.name == "nth_value" {
                let v = try argument(k, 1)
                guard let i = positiveInteger(v) else {
                    throw SQLError(.runtime, "second argument to nth_value must be a positive integer")
                }
                nth = i
            }
            if nth >= 1 && nth <= size, let position = position(nth - 1, in: parts) {
                out.append(try argument(position, 0))
            } else {
                out.append(.null)
            }
        }
    default:
        guard let aggregate = slot.aggregate else { throw SQLError(.unknownFunction, "no such window function: \(slot.name)") }
        out = try aggregateOverFrames(slot, aggregate, p, frame: frame, walk: walk(), rows: rows, ctx: ctx)
    }
    return out
}

/// An aggregate over each row's frame. Frames without EXCLUDE replay SQLite's steps: rows enter
/// and leave one accumulator in the order its cursors take them (xStep, xInverse) and each row
/// gets the value at its turn (xValue). min() and max() with a frame that can lose rows keep
/// the frame's values in an index in SQLite, which answers the latest of equal values: they are
/// computed over each frame, as are aggregates that cannot take a row out. Frames with an
/// EXCLUDE clause (even EXCLUDE NO OTHERS) are computed afresh for each row and finished
/// (xFinal), as SQLite does.
private func aggregateOverFrames(_ slot: WindowCollector.Slot, _ aggregate: AggregateFunction, _ p: WindowPartition,
                                 frame: WindowFrameSpec, walk: (events: [WindowWalkEvent], frames: [Range<Int>]),
                                 rows: [Row], ctx: ExecutionContext) throws -> [Value] {
    let isExtreme = (slot.name == "min" || slot.name == "max") && slot.arguments.count == 1
    let losesRows: Bool
    if case .unboundedPreceding = frame.start { losesRows = false } else { losesRows = true }
    // SQLite's index of min()/max() values is filled before FILTER is looked at.
    let filter = isExtreme && losesRows && !frame.recomputes ? nil : slot.filter
    func arguments(_ position: Int) throws -> [Value]? {
        try ctx.checkInterrupt()
        let row = rows[p.rows[position]]
        if let filter, try filter.evaluate(row, ctx).truth != true { return nil }
        return try slot.arguments.map { try $0.evaluate(row, ctx) }
    }
    func make(latestWinsTies: Bool) -> AggregateAccumulator {
        guard isExtreme else { return aggregate.make() }
        return Extreme(wantMax: slot.name == "max", collation: slot.arguments[0].collation ?? .binary, latestWinsTies: latestWinsTies)
    }
    var out = [Value](repeating: .null, count: p.count)
    let accumulator = make(latestWinsTies: false)
    if !frame.recomputes && !(isExtreme && losesRows) && (accumulator.canInverse || !losesRows) {
        var value: Value?
        for event in walk.events {
            switch event {
            case .step(let j):
                if let a = try arguments(j) { try accumulator.step(a); value = nil }
            case .inverse(let j):
                if let a = try arguments(j) { try accumulator.inverse(a); value = nil }
            case .emit(let k):
                if value == nil { value = try accumulator.windowValue() }
                out[k] = value ?? .null
            }
        }
        return out
    }
    var lastParts: [Range<Int>]?
    var lastValue = Value.null
    for k in 0..<p.count {
        let parts = frame.exclude(walk.frames[k], k, in: p)
        if parts != lastParts {
            let fresh = make(latestWinsTies: !frame.recomputes)
            for part in parts { for j in part { if let a = try arguments(j) { try fresh.step(a) } } }
            // SQLite finishes EXCLUDE frames (xFinal) and reads the others' value (xValue).
            lastValue = try frame.recomputes ? fresh.finish() : fresh.windowValue()
            lastParts = parts
        }
        out[k] = lastValue
    }
    return out
}

/// The position of the `index`-th row of a frame made of several ranges.
private func position(_ index: Int, in parts: [Range<Int>]) -> Int? {
    var i = index
    for part in parts {
        if i < part.count { return part.lowerBound + i }
        i -= part.count
    }
    return nil
}

/// nth_value's second argument, which must be an integer greater than zero (as an integer,
/// a real with an integer value, or text that reads as one).
private func positiveInteger(_ v: Value) -> Int? {
    switch Affinity.numeric.apply(v) {
    case .integer(let i) where i > 0: return Int(clamping: i)
    default: return nil
    }
}
