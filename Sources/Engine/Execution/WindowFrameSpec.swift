// A window's frame with its offsets computed: which positions of a partition each row's frame
// covers, for ROWS, GROUPS and RANGE units, and the rows EXCLUDE leaves out.

struct WindowFrameSpec {
    enum Bound { case unboundedPreceding, preceding(Value), currentRow, following(Value), unboundedFollowing }
    let unit: WindowFrame.Unit
    let start: Bound
    let end: Bound
    let exclusion: WindowFrame.Exclusion
    /// An EXCLUDE clause was written (NO OTHERS too): aggregates are computed afresh per row.
    let recomputes: Bool
    /// No frame clause: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (all peers).
    let isDefault: Bool

    /// The slot's frame with its offsets computed once. An offset is checked as SQLite's
    /// windowCheckValue does, only when there are rows: a non-negative integer for ROWS and
    /// GROUPS, a non-negative number for RANGE.
    init(_ slot: WindowCollector.Slot, ctx: ExecutionContext, isEmpty: Bool) throws {
        guard let frame = slot.frame else {
            unit = .range; start = .unboundedPreceding; end = .currentRow; exclusion = .noOthers; isDefault = true
            recomputes = false
            return
        }
        unit = frame.unit
        exclusion = frame.exclude ?? .noOthers
        recomputes = frame.exclude != nil
        isDefault = false
        func bound(_ b: WindowFrame.Bound, _ offset: CompiledExpression?, isStart: Bool) throws -> Bound {
            switch b {
            case .unboundedPreceding: return .unboundedPreceding
            case .unboundedFollowing: return .unboundedFollowing
            case .currentRow: return .currentRow
            case .preceding, .following:
                let raw = isEmpty ? .integer(0) : try offset?.evaluate([], ctx) ?? .null
                let value = try WindowFrameSpec.checkedOffset(raw, unit: frame.unit, isStart: isStart)
                if case .preceding = b { return .preceding(value) }
                return .following(value)
            }
        }
        start = try bound(frame.start, slot.startOffset, isStart: true)
        end = try bound(frame.end, slot.endOffset, isStart: false)
    }

    @inline(never)
    private static func checkedOffset(_ v: Value, unit: WindowFrame.Unit, isStart: Bool) throws -> Value {
        let which = isStart ? "starting" : "ending"
        let number = Affinity.numeric.apply(v)
        if unit == .range {
            // Any number: text that reads as one counts, other text and blobs do not.
            switch number {
            case .integer, .real: if Value.compare(number, .integer(0)) >= 0 { return number }
            default: break
            }
            throw SQLError(.runtime, "frame \(which) offset must be a non-negative number")
        }
        if case .integer(let i) = number, i >= 0 { return .integer(i) }
        throw SQLError(.runtime, "frame \(which) offset must be a non-negative integer")
    }

    /// The positions of row `k`'s frame, before EXCLUDE (empty when the bounds cross).
    func range(_ k: Int, in p: WindowPartition, orderKey: SortKey?) -> Range<Int> {
        let n = p.count
        if isDefault { return orderKey == nil ? 0..<n : 0..<p.peers(of: k).upperBound }
        let s = position(start, k, in: p, orderKey: orderKey, isStart: true)
        let e = position(end, k, in: p, orderKey: orderKey, isStart: false)
        let lower = max(0, min(n, s)), upper = max(0, min(n, e))
        return lower < upper ? lower..<upper : lower..<lower
    }

    /// Where a bound falls: the first position of the frame (start) or one past its last (end).
    private func position(_ bound: Bound, _ k: Int, in p: WindowPartition, orderKey: SortKey?, isStart: Bool) -> Int {
        let n = p.count
        switch bound {
        case .unboundedPreceding: return 0
        case .unboundedFollowing: return n
        case .currentRow:
            if unit == .rows { return isStart ? k : k + 1 }
            let peers = p.peers(of: k)
            return isStart ? peers.lowerBound : peers.upperBound
        case .preceding(let offset), .following(let offset):
            let sign: Int64
            if case .preceding = bound { sign = -1 } else { sign = 1 }
            switch unit {
            case .rows:
                let o = offset.int64Value
                let target = Int64(k) &+ (sign < 0 ? -min(o, Int64(n) + 1) : min(o, Int64(n) + 1))
                return Int(isStart ? target : target + 1)
            case .groups:
                let groups = p.groupStarts.count - 1
                let o = Int(min(offset.int64Value, Int64(groups) + 1))
                let g = p.groupOf[k] + (sign < 0 ? -o : o)
                if isStart { return g < 0 ? 0 : g >= groups ? n : p.groupStarts[g] }
                return g < 0 ? 0 : g >= groups ? n : p.groupStarts[g + 1]
            case .range:
                guard let key = orderKey else { return isStart ? 0 : n }
                let target = rangeTarget(p.orderValues[k][0], offset, towardsEnd: sign > 0, descending: key.descending)
                // Sorted by this key, so the frame's edge is found by bisection.
                var low = 0, high = n
                while low < high {
                    let mid = (low + high) / 2
                    let c = compareSortKeys([p.orderValues[mid][0]], [target], by: [key])
                    if isStart ? c < 0 : c <= 0 { low = mid + 1 } else { high = mid }
                }
                return low
            }
        }
    }

    /// The ORDER BY value a RANGE bound reaches from `value`: offset added towards the end of
    /// the order (subtracted towards its start; reversed for DESC). NULL, text and blobs stay
    /// as they are, as in SQLite's windowCodeRangeTest.
    private func rangeTarget(_ value: Value, _ offset: Value, towardsEnd: Bool, descending: Bool) -> Value {
        switch value {
        case .integer, .real: return towardsEnd != descending ? Value.add(value, offset) : Value.subtract(value, offset)
        default: return value
        }
    }

    /// Row `k`'s frame with EXCLUDE applied: up to three runs of positions, in order.
    func exclude(_ frame: Range<Int>, _ k: Int, in p: WindowPartition) -> [Range<Int>] {
        func clipped(_ r: Range<Int>) -> Range<Int>? {
            let lower = max(r.lowerBound, frame.lowerBound), upper = min(r.upperBound, frame.upperBound)
            return lower < upper ? lower..<upper : nil
        }
        switch exclusion {
        case .noOthers: return frame.isEmpty ? [] : [frame]
        case .currentRow: return [clipped(0..<k), clipped((k + 1)..<Int.max)].compactMap { $0 }
        case .group, .ties:
            let peers = p.peers(of: k)
            let middle = exclusion == .ties ? clipped(k..<(k + 1)) : nil
            return [clipped(0..<peers.lowerBound), middle, clipped(peers.upperBound..<Int.max)].compactMap { $0 }
        }
    }
}
