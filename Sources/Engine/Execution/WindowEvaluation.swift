// Window functions: partition the rows, order each partition, and compute each call's value
// for every row over its frame. Values are appended to the rows in slot order.

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

/// One window call: the row order it sorted the rows into, and its value for each row (by input index).
private func evaluateWindow(_ slot: WindowCollector.Slot, rows: [Row], ctx: ExecutionContext) throws -> ([Int], [Value]) {
    // Partition, keeping partitions in order of first appearance.
    var partitionIndex: [[Value]: Int] = [:]
    var partitions: [[Int]] = []
    for (i, row) in rows.enumerated() {
        try ctx.checkInterrupt()
        var key: [Value] = []
        for p in slot.partitionBy { key.append(try p.evaluate(row, ctx)) }
        if let existing = partitionIndex[key] { partitions[existing].append(i) } else {
            partitionIndex[key] = partitions.count
            partitions.append([i])
        }
    }
    // Sort partitions by their keys too, as SQLite's sorter does (partition keys, then ORDER BY).
    let sortKeys = slot.partitionBy.map { SortKey(descending: false, nullsFirst: true, collation: $0.collation ?? .binary) }
        + slot.orderBy.map { SortKey(descending: $0.1.descending, nullsFirst: $0.1.nullsFirst ?? !$0.1.descending,
                                     collation: $0.0.collation ?? .binary) }
    var orderKeys: [[Value]] = []
    orderKeys.reserveCapacity(rows.count)
    for row in rows {
        var keys: [Value] = []
        for p in slot.partitionBy { keys.append(try p.evaluate(row, ctx)) }
        for (o, _) in slot.orderBy { keys.append(try o.evaluate(row, ctx)) }
        orderKeys.append(keys)
    }
    var keyed = rows.indices.map { (keys: orderKeys[$0], row: [Value.integer(Int64($0))]) }
    try sortRows(&keyed, by: sortKeys, ctx: ctx)
    let globalOrder = keyed.compactMap { row -> Int? in
        if case .integer(let i) = row.row[0] { return Int(i) }
        return nil
    }
    // Rebuild partitions in sorted order.
    var position = [Int](repeating: 0, count: rows.count)
    for (p, i) in globalOrder.enumerated() { position[i] = p }
    var ordered: [[Int]] = partitions.map { $0.sorted { position[$0] < position[$1] } }
    ordered.sort { position[$0[0]] < position[$1[0]] }

    var values = [Value](repeating: .null, count: rows.count)
    let partitionWidth = slot.partitionBy.count
    for partition in ordered {
        // Peer groups: rows with equal ORDER BY keys.
        var peerStart = [Int](repeating: 0, count: partition.count)
        var peerEnd = [Int](repeating: 0, count: partition.count)
        var groupNumber = [Int](repeating: 0, count: partition.count)
        var g = 0
        var start = 0
        for k in 0..<partition.count {
            if k > 0 {
                let a = orderKeys[partition[k - 1]].dropFirst(partitionWidth)
                let b = orderKeys[partition[k]].dropFirst(partitionWidth)
                if !zip(a, b).allSatisfy({ Value.compare($0, $1) == 0 }) { start = k; g += 1 }
            }
            peerStart[k] = start
            groupNumber[k] = g
        }
        var end = partition.count - 1
        for k in stride(from: partition.count - 1, through: 0, by: -1) {
            if k < partition.count - 1 && peerStart[k + 1] != peerStart[k] { end = k }
            peerEnd[k] = end
        }
        let n = partition.count
        func argument(_ k: Int, _ a: Int) throws -> Value {
            a < slot.arguments.count ? try slot.arguments[a].evaluate(rows[partition[k]], ctx) : .null
        }
        func frame(_ k: Int) throws -> Range<Int> {
            guard let f = slot.frame else {
                return slot.orderBy.isEmpty ? 0..<n : 0..<(peerEnd[k] + 1)
            }
            func bound(_ b: WindowFrame.Bound, isStart: Bool) throws -> Int {
                switch b {
                case .unboundedPreceding: return 0
                case .unboundedFollowing: return n
                case .currentRow:
                    if f.unit == .rows { return isStart ? k : k + 1 }
                    return isStart ? peerStart[k] : peerEnd[k] + 1
                case .preceding(let e), .following(let e):
                    let offset = try frameOffset(e, ctx)
                    let sign = { if case .preceding = b { return -1 } else { return 1 } }()
                    switch f.unit {
                    case .rows:
                        let p = k + sign * offset
                        return isStart ? max(0, min(n, p)) : max(0, min(n, p + 1))
                    case .groups:
                        let target = groupNumber[k] + sign * offset
                        if isStart { return (0..<n).first { groupNumber[$0] >= target } ?? n }
                        return ((0..<n).last { groupNumber[$0] <= target }).map { $0 + 1 } ?? 0
                    case .range:
                        throw SQLError(.misuse, "RANGE with an offset is not supported")
                    }
                }
            }
            let s = try bound(f.start, isStart: true), e = try bound(f.end, isStart: false)
            return s < e ? s..<e : s..<s
        }
        for k in 0..<n {
            try ctx.checkInterrupt()
            let out: Value
            switch slot.name {
            case "row_number": out = .integer(Int64(k + 1))
            case "rank": out = .integer(Int64(peerStart[k] + 1))
            case "dense_rank": out = .integer(Int64(groupNumber[k] + 1))
            case "percent_rank": out = .real(n > 1 ? Double(peerStart[k]) / Double(n - 1) : 0)
            case "cume_dist": out = .real(Double(peerEnd[k] + 1) / Double(n))
            case "ntile":
                let buckets = try frameOffset(slot.arguments.first.map { .literal(try $0.evaluate(rows[partition[k]], ctx)) }, ctx)
                guard buckets > 0 else { throw SQLError(.runtime, "argument of ntile must be a positive integer") }
                let size = n / buckets, extra = n % buckets
                let large = extra * (size + 1)
                out = .integer(Int64(k < large ? k / (size + 1) + 1 : (size == 0 ? k : (k - large) / size + extra + 1)))
            case "lag", "lead":
                let offset = slot.arguments.count > 1 ? try integerArgument(try argument(k, 1)) : 1
                let target = slot.name == "lag" ? k - offset : k + offset
                if target >= 0 && target < n { out = try argument(target, 0) }
                else { out = slot.arguments.count > 2 ? try argument(k, 2) : .null }
            case "first_value":
                let f = try frame(k)
                out = f.isEmpty ? .null : try argument(f.lowerBound, 0)
            case "last_value":
                let f = try frame(k)
                out = f.isEmpty ? .null : try argument(f.upperBound - 1, 0)
            case "nth_value":
                let f = try frame(k)
                let nth = try integerArgument(try argument(k, 1))
                guard nth > 0 else { throw SQLError(.runtime, "second argument to nth_value must be a positive integer") }
                out = nth <= f.count ? try argument(f.lowerBound + nth - 1, 0) : .null
            default:
                guard let aggregate = slot.aggregate else { throw SQLError(.unknownFunction, "no such window function: \(slot.name)") }
                let f = try frame(k)
                let accumulator = aggregate.make()
                var seen = Set<Value>()
                for j in f {
                    try ctx.checkInterrupt()
                    let args = try slot.arguments.map { try $0.evaluate(rows[partition[j]], ctx) }
                    if slot.distinct {
                        guard let v = args.first, !v.isNull, seen.insert(v).inserted else { continue }
                    }
                    try accumulator.step(args)
                }
                out = try accumulator.finish()
            }
            values[partition[k]] = out
        }
    }
    return (globalOrder, values)
}

private func frameOffset(_ e: Expression?, _ ctx: ExecutionContext) throws -> Int {
    guard case .literal(let v)? = e else { throw SQLError(.misuse, "frame offsets must be constant") }
    return try integerArgument(v)
}

private func integerArgument(_ v: Value) throws -> Int {
    switch v {
    case .integer(let i) where i >= 0 && i <= Int64(Int32.max): return Int(i)
    case .real(let d) where d >= 0 && d <= Double(Int32.max) && d == d.rounded(.towardZero): return Int(d)
    default: throw SQLError(.runtime, "frame offset must be a non-negative integer")
    }
}
