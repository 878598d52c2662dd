// How SQLite 3.40 walks one window partition (window.c: sqlite3WindowCodeStep, windowCodeOp,
// windowCodeRangeTest): three cursors over the partition's rows, `end` adding rows to the
// aggregates (xStep), `start` taking them out (xInverse) and `current` returning rows with the
// aggregates' value (xValue). They move one row (ROWS) or one peer group (RANGE, GROUPS) per
// operation, held back by countdowns of the frame's offsets (ROWS, GROUPS) or by comparisons
// of ORDER BY values (RANGE), first while rows arrive, then once the partition is complete.
//
// Following it operation for operation gives sqlite3's answers where the order shows: sums of
// reals round differently, group_concat's text bookkeeping answers differently, and a RANGE
// frame over text or with crossing offsets covers the rows SQLite's comparisons let in. The
// frame of each row is what the cursors leave when it is returned: the rows stepped less the
// rows taken out, always a run of positions.

/// One thing the cursors do to a partition, in order.
enum WindowWalkEvent: Equatable {
    /// The row at this position enters the aggregates (xStep).
    case step(Int)
    /// The row at this position leaves the aggregates (xInverse).
    case inverse(Int)
    /// The row at this position is returned with the aggregates' value as it stands (xValue).
    case emit(Int)
}

struct WindowCursorWalk {
    /// The walk of one partition: the events in order, and each row's frame when it is returned.
    static func walk(_ frame: WindowFrameSpec, _ partition: WindowPartition, orderKey: SortKey?)
        -> (events: [WindowWalkEvent], frames: [Range<Int>]) {
        var walk = WindowCursorWalk(frame, partition, orderKey: orderKey)
        walk.run()
        var frames = [Range<Int>](repeating: 0..<0, count: partition.count)
        var taken = 0, stepped = 0
        for event in walk.events {
            switch event {
            case .step: stepped += 1
            case .inverse: taken += 1
            case .emit(let k): frames[k] = min(taken, stepped)..<stepped
            }
        }
        return (walk.events, frames)
    }

    private enum Kind { case unbounded, preceding, current, following }
    private enum Operation { case step, inverse, returnRow }
    private enum Countdown { case none, start, end }
    private enum Comparison {
        case lt, le, gt, ge
        var reversed: Comparison {
            switch self { case .lt: return .gt; case .le: return .ge; case .gt: return .lt; case .ge: return .le }
        }
        func holds(_ c: Int) -> Bool {
            switch self { case .lt: return c < 0; case .le: return c <= 0; case .gt: return c > 0; case .ge: return c >= 0 }
        }
    }
    /// A cursor's position; once it has run off the rows it stays there (a btree cursor at EOF),
    /// and reads NULL.
    private struct Cursor {
        var position = 0
        var atEnd = false
    }

    private let p: WindowPartition
    private let unit: WindowFrame.Unit
    private let startKind: Kind, endKind: Kind
    /// The offsets as written (RANGE compares with them).
    private let startOffset: Value?, endOffset: Value?
    private let key: SortKey?
    /// The ROWS and GROUPS countdowns (regStart, regEnd).
    private var startCount: Int64 = 0, endCount: Int64 = 0
    private var start = Cursor(), current = Cursor(), end = Cursor()
    /// Rows of the partition in SQLite's table so far, and the one just added while they arrive.
    private var inserted = 0
    private var newest: Int?
    private var events: [WindowWalkEvent] = []

    private init(_ frame: WindowFrameSpec, _ partition: WindowPartition, orderKey: SortKey?) {
        p = partition
        unit = frame.unit
        key = orderKey
        func kind(_ b: WindowFrameSpec.Bound) -> (Kind, Value?) {
            switch b {
            case .unboundedPreceding, .unboundedFollowing: return (.unbounded, nil)
            case .currentRow: return (.current, nil)
            case .preceding(let v): return (.preceding, v)
            case .following(let v): return (.following, v)
            }
        }
        (startKind, startOffset) = kind(frame.start)
        (endKind, endOffset) = kind(frame.end)
        events.reserveCapacity(partition.count * 3)
    }

    private var startCountdown: Countdown { startOffset == nil ? .none : .start }
    private var endCountdown: Countdown { endOffset == nil ? .none : .end }

    // MARK: The program

    private mutating func run() {
        let n = p.count
        guard n > 0 else { return }
        inserted = 1
        startCount = startOffset?.int64Value ?? 0
        endCount = endOffset?.int64Value ?? 0
        // ROWS or GROUPS frames between two offsets on the same side that cross are empty for
        // every row: each is returned as it arrives, with the value of no rows.
        if unit != .range && startKind == endKind && startOffset != nil {
            let crossing = startKind == .following ? endCount < startCount : endCount > startCount
            if crossing {
                for k in 0..<n { events.append(.emit(k)) }
                return
            }
        }
        if startKind == .following && unit != .range && endOffset != nil { startCount = endCount - startCount }
        for m in 1..<n {
            inserted = m + 1
            newest = m
            // Outside ROWS, only the first row of a peer group moves the cursors.
            if unit != .rows && p.groupOf[m] == p.groupOf[m - 1] { continue }
            arrive()
        }
        newest = nil
        flush()
    }

    /// The main loop's body, for a row that arrives after the partition's first.
    private mutating func arrive() {
        if startKind == .following {
            operate(.step, .none)
            guard endKind != .unbounded else { return }
            if unit == .range {
                while !current.atEnd, let offset = endOffset, !rangeTest(.ge, current, offset, end) {
                    operate(.inverse, startCountdown)
                    operate(.returnRow, .none)
                }
            } else {
                operate(.returnRow, endCountdown)
                operate(.inverse, startCountdown)
            }
        } else if endKind == .preceding {
            let rangeBothPreceding = startKind == .preceding && unit == .range
            operate(.step, endCountdown)
            if rangeBothPreceding { operate(.inverse, startCountdown) }
            operate(.returnRow, .none)
            if !rangeBothPreceding { operate(.inverse, startCountdown) }
        } else {
            operate(.step, .none)
            guard endKind != .unbounded else { return }
            if unit == .range {
                if let offset = endOffset {
                    while !current.atEnd && !rangeTest(.ge, current, offset, end) {
                        operate(.returnRow, .none)
                        operate(.inverse, startCountdown)
                    }
                } else {
                    operate(.returnRow, .none)
                    operate(.inverse, startCountdown)
                }
            } else if endOffset != nil && endCount > 0 {
                endCount -= 1
            } else {
                operate(.returnRow, .none)
                operate(.inverse, startCountdown)
            }
        }
    }

    /// After the partition's last row: the rows not yet returned.
    private mutating func flush() {
        if endKind == .preceding {
            operate(.step, endCountdown)
            if startKind == .preceding && unit == .range { operate(.inverse, startCountdown) }
            operate(.returnRow, .none)
            return
        }
        operate(.step, .none)
        if startKind == .following {
            var startRanOut = false
            while true {
                if unit == .range {
                    if operate(.inverse, startCountdown, jumpOnEnd: true) { startRanOut = true; break }
                    if operate(.returnRow, .none, jumpOnEnd: true) { break }
                } else if endKind == .unbounded {
                    if operate(.returnRow, startCountdown, jumpOnEnd: true) { break }
                    if operate(.inverse, .none, jumpOnEnd: true) { startRanOut = true; break }
                } else {
                    // Both countdowns running: skip the turns where neither cursor moves.
                    let idle = min(startCount, endCount)
                    if idle > 0 { startCount -= idle; endCount -= idle }
                    if operate(.returnRow, endCountdown, jumpOnEnd: true) { break }
                    if operate(.inverse, startCountdown, jumpOnEnd: true) { startRanOut = true; break }
                }
            }
            if startRanOut {
                while !operate(.returnRow, .none, jumpOnEnd: true) {}
            }
            return
        }
        while !operate(.returnRow, .none, jumpOnEnd: true) {
            operate(.inverse, startCountdown)
        }
    }

    // MARK: One operation (windowCodeOp)

    /// One operation over one row (ROWS) or one peer group; with a countdown, skipped while the
    /// countdown runs (ROWS, GROUPS) or repeated while the RANGE comparison lets it. Returns true
    /// when its cursor ran off the rows and the caller jumps on that (`jumpOnEnd`).
    @discardableResult
    private mutating func operate(_ operation: Operation, _ countdown: Countdown, jumpOnEnd: Bool = false) -> Bool {
        if operation == .inverse && startKind == .unbounded { return false }
        let byRange = unit == .range && countdown != .none
        while true {
            if countdown != .none {
                if unit == .range {
                    let offset = (countdown == .start ? startOffset : endOffset) ?? .integer(0)
                    let done: Bool
                    switch operation {
                    case .inverse:
                        done = startKind == .following ? rangeTest(.le, current, offset, start) : rangeTest(.ge, start, offset, current)
                    case .step, .returnRow:
                        done = rangeTest(.gt, end, offset, current)
                    }
                    if done { return false }
                } else if countdown == .start ? startCount > 0 : endCount > 0 {
                    if countdown == .start { startCount -= 1 } else { endCount -= 1 }
                    return false
                }
            }
            // One row, then the rest of its peer group.
            while true {
                if byRange && startKind == endKind {
                    // The start cursor never passes the end cursor, and the end cursor never
                    // reaches the row just added while rows still arrive.
                    if operation == .inverse {
                        if !start.atEnd && !end.atEnd && start.position >= end.position { return false }
                    } else if let newest, !end.atEnd, end.position >= newest {
                        return false
                    }
                }
                var cursor: Cursor
                switch operation {
                case .step: cursor = end
                case .inverse: cursor = start
                case .returnRow: cursor = current
                }
                // A cursor that ran off the rows has nothing left to do (SQLite never gets here).
                if cursor.atEnd { return jumpOnEnd }
                let row = cursor.position
                switch operation {
                case .step: events.append(.step(row))
                case .inverse: events.append(.inverse(row))
                case .returnRow: events.append(.emit(row))
                }
                cursor.position += 1
                cursor.atEnd = cursor.position >= inserted
                switch operation {
                case .step: end = cursor
                case .inverse: start = cursor
                case .returnRow: current = cursor
                }
                if cursor.atEnd { return jumpOnEnd }
                if unit == .rows { return false }
                if p.groupOf[cursor.position] != p.groupOf[row] { break }
            }
            if !byRange { return false }
        }
    }

    // MARK: RANGE comparisons (windowCodeRangeTest)

    /// The ORDER BY value under a cursor (NULL past the rows).
    private func peer(_ c: Cursor) -> Value {
        c.atEnd || p.orderValues[c.position].isEmpty ? .null : p.orderValues[c.position][0]
    }

    /// `a`'s ORDER BY value plus the offset (minus, descending) compared with `b`'s: numbers
    /// take the offset, NULL stays NULL, text and blobs stay as they are. NULL is the smallest
    /// value, or the largest under ASC NULLS LAST and DESC NULLS FIRST.
    private func rangeTest(_ comparison: Comparison, _ a: Cursor, _ offset: Value, _ b: Cursor) -> Bool {
        let descending = key?.descending ?? false
        let op = descending ? comparison.reversed : comparison
        var v1 = peer(a)
        let v2 = peer(b)
        if let key, key.nullsFirst == key.descending {
            if v1.isNull {
                switch op {
                case .ge: return true
                case .gt: return !v2.isNull
                case .le: return v2.isNull
                case .lt: return false
                }
            }
            if v2.isNull { return op == .le || op == .lt }
        }
        switch v1 {
        case .text, .invalidText, .blob:
            break
        default:
            // Already past without the offset (added ascending, subtracted descending).
            if op == (descending ? .le : .ge), !v1.isNull, !v2.isNull, op.holds(Value.compare(v1, v2)) { return true }
            v1 = descending ? Value.subtract(v1, offset) : Value.add(v1, offset)
        }
        let c: Int
        if v1.isNull || v2.isNull {
            c = v1.isNull && v2.isNull ? 0 : v1.isNull ? -1 : 1
        } else {
            c = Value.compare(v1, v2, collation: key?.collation ?? .binary)
        }
        return op.holds(c)
    }
}
