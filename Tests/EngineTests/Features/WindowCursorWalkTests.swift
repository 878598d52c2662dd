// The order in which window aggregates take rows in and out (SQLite 3.40's cursor walk), and
// the frames it leaves: every row returned once, rows stepped and taken out in order, and the
// frames of ordinary data as the SQL standard defines them.
import XCTest
@testable import Engine

final class WindowCursorWalkTests: XCTestCase {
    /// A partition of `keys` in order (integers; equal keys are peers).
    private func partition(_ keys: [Int64]) -> WindowPartition {
        var groupOf: [Int] = [], groupStarts: [Int] = []
        for (k, key) in keys.enumerated() {
            if k == 0 || keys[k - 1] != key { groupStarts.append(k) }
            groupOf.append(groupStarts.count - 1)
        }
        groupStarts.append(keys.count)
        return WindowPartition(rows: Array(keys.indices), orderValues: keys.map { [.integer($0)] },
                               groupOf: groupOf, groupStarts: groupStarts)
    }

    private let ascending = SortKey(descending: false, nullsFirst: true, collation: .binary)

    func testRowsStartingFollowingStepBeforeTheyAreReturned() {
        // window.c: rows enter as they arrive, the first rows leave before the first row is
        // returned, and the last rows are returned once the start cursor ran off the end.
        let frame = WindowFrameSpec(unit: .rows, start: .following(.integer(1)), end: .following(.integer(3)))
        let walk = WindowCursorWalk.walk(frame, partition([1, 2, 3, 4, 5]), orderKey: ascending)
        XCTAssertEqual(walk.events, [.step(0), .step(1), .step(2), .inverse(0), .step(3), .emit(0), .inverse(1), .step(4),
                                     .emit(1), .inverse(2), .emit(2), .inverse(3), .emit(3), .inverse(4), .emit(4)])
        XCTAssertEqual(walk.frames, [1..<4, 2..<5, 3..<5, 4..<5, 5..<5])
    }

    func testEveryFrameShapeReturnsEachRowOnceOverItsStandardFrame() {
        // Each bound with its rank: a frame's start may not come after its end's kind.
        var bounds: [(WindowFrameSpec.Bound, Int)] = [(.unboundedPreceding, 0), (.currentRow, 2), (.unboundedFollowing, 4)]
        for offset: Int64 in 0...3 {
            bounds.append((.preceding(.integer(offset)), 1))
            bounds.append((.following(.integer(offset)), 3))
        }
        let partitions: [[Int64]] = [[1], [1, 1], [1, 2, 3, 4, 5, 6, 7], [1, 1, 2, 4, 4, 4, 5, 8, 9, 9], [3, 3, 3]]
        for unit in [WindowFrame.Unit.rows, .groups, .range] {
            for (start, startRank) in bounds where startRank < 4 {
                for (end, endRank) in bounds where endRank > 0 && endRank >= startRank && !(startRank == 2 && endRank == 1) {
                    if startRank == 3 && endRank < 3 { continue }
                    let frame = WindowFrameSpec(unit: unit, start: start, end: end)
                    for keys in partitions {
                        let p = partition(keys)
                        let walk = WindowCursorWalk.walk(frame, p, orderKey: ascending)
                        let label = "\(unit) \(start) \(end) \(keys)"
                        var emitted = Array(repeating: 0, count: keys.count), stepped = 0, taken = 0
                        for event in walk.events {
                            switch event {
                            case .step(let j): XCTAssertEqual(j, stepped, label); stepped += 1
                            case .inverse(let j): XCTAssertEqual(j, taken, label); taken += 1; XCTAssertLessThanOrEqual(taken, stepped, label)
                            case .emit(let k): emitted[k] += 1
                            }
                        }
                        XCTAssertEqual(emitted, Array(repeating: 1, count: keys.count), label)
                        for k in keys.indices {
                            let walked = walk.frames[k], standard = standardFrame(unit, start, end, k, keys, p)
                            XCTAssertEqual(walked.isEmpty ? 0..<0 : walked, standard, "\(label) row \(k)")
                        }
                    }
                }
            }
        }
    }

    /// The frame of row `k` by the definition: rows (ROWS), peer groups (GROUPS) or key values
    /// (RANGE) within the offsets, empty when the bounds cross.
    private func standardFrame(_ unit: WindowFrame.Unit, _ start: WindowFrameSpec.Bound, _ end: WindowFrameSpec.Bound,
                               _ k: Int, _ keys: [Int64], _ p: WindowPartition) -> Range<Int> {
        func offset(_ b: WindowFrameSpec.Bound) -> Int64 {
            switch b {
            case .preceding(let v): return -v.int64Value
            case .following(let v): return v.int64Value
            default: return 0
            }
        }
        let n = keys.count
        var lower: Int, upper: Int
        switch unit {
        case .rows:
            lower = Int(Int64(k) + offset(start)); upper = Int(Int64(k) + offset(end)) + 1
        case .groups:
            let g = p.groupOf[k], groups = p.groupStarts.count - 1
            let first = g + Int(offset(start)), last = g + Int(offset(end))
            lower = first < 0 ? 0 : first >= groups ? n : p.groupStarts[first]
            upper = last < 0 ? 0 : last >= groups ? n : p.groupStarts[last + 1]
        case .range:
            let low = keys[k] + offset(start), high = keys[k] + offset(end)
            lower = keys.firstIndex { $0 >= low } ?? n
            upper = (keys.lastIndex { $0 <= high } ?? -1) + 1
        }
        if case .unboundedPreceding = start { lower = 0 }
        if case .currentRow = start { lower = unit == .rows ? k : p.peers(of: k).lowerBound }
        if case .unboundedFollowing = end { upper = n }
        if case .currentRow = end { upper = unit == .rows ? k + 1 : p.peers(of: k).upperBound }
        lower = max(0, min(n, lower)); upper = max(0, min(n, upper))
        return lower < upper ? lower..<upper : 0..<0
    }

    func testHugeOffsetsFinish() {
        // sqlite3 counts the offsets down one turn at a time; the walk skips the idle turns.
        XCTAssertEqual(answer("""
            SELECT i, sum(i) OVER (ORDER BY i ROWS BETWEEN 1000000000000 FOLLOWING AND 2000000000000 FOLLOWING),
                   count(*) OVER (ORDER BY i GROUPS BETWEEN 9000000000000000000 FOLLOWING AND 9223372036854775807 FOLLOWING),
                   sum(i) OVER (ORDER BY i ROWS BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING)
            FROM (SELECT 1 i UNION ALL SELECT 2 UNION ALL SELECT 3)
            """), ["1||0|6", "2||0|6", "3||0|6"])
    }
}
