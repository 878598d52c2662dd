// A window's frame with its offsets computed (the positions each row's frame covers come from
// SQLite's cursor walk, WindowCursorWalk), and the rows EXCLUDE leaves out of a frame.

struct WindowFrameSpec {
    enum Bound { case unboundedPreceding, preceding(Value), currentRow, following(Value), unboundedFollowing }
    let unit: WindowFrame.Unit
    let start: Bound
    let end: Bound
    let exclusion: WindowFrame.Exclusion
    /// An EXCLUDE clause was written (NO OTHERS too): aggregates are computed afresh per row.
    let recomputes: Bool

    /// The slot's frame with its offsets computed once. An offset is checked as SQLite's
    /// windowCheckValue does, only when there are rows: a non-negative integer for ROWS and
    /// GROUPS, a non-negative number for RANGE.
    init(_ slot: WindowCollector.Slot, ctx: ExecutionContext, isEmpty: Bool) throws {
        guard let frame = slot.frame else {
            unit = .range; start = .unboundedPreceding; end = .currentRow; exclusion = .noOthers
            recomputes = false
            return
        }
        unit = frame.unit
        exclusion = frame.exclude ?? .noOthers
        recomputes = frame.exclude != nil
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

    /// A frame given by its parts, offsets already computed.
    init(unit: WindowFrame.Unit, start: Bound, end: Bound, exclusion: WindowFrame.Exclusion? = nil) {
        self.unit = unit
        self.start = start
        self.end = end
        self.exclusion = exclusion ?? .noOthers
        recomputes = exclusion != nil
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
