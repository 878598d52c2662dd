// Aggregate functions: count, sum, total, avg, min, max, group_concat, following SQLite 3.40's
// func.c step and finalize rules (NULLs skipped, integer overflow in sum() is an error).

enum AggregateFunctions {
    static let all: [AggregateFunction] = [
        AggregateFunction("count", arity: 0) { CountAll() },
        AggregateFunction("count", arity: 1) { CountValues() },
        AggregateFunction("sum", arity: 1) { Sum(finish: .sum) },
        AggregateFunction("total", arity: 1) { Sum(finish: .total) },
        AggregateFunction("avg", arity: 1) { Sum(finish: .average) },
        AggregateFunction("min", arity: 1) { Extreme(wantMax: false) },
        AggregateFunction("max", arity: 1) { Extreme(wantMax: true) },
        AggregateFunction("group_concat", arity: 1) { GroupConcat() },
        AggregateFunction("group_concat", arity: 2) { GroupConcat() },
    ]
}

/// count(*): every row.
final class CountAll: AggregateAccumulator {
    private var count: Int64 = 0
    override func step(_ arguments: [Value]) throws { count += 1 }
    override var canInverse: Bool { true }
    override func inverse(_ arguments: [Value]) throws { count -= 1 }
    override func finish() throws -> Value { .integer(count) }
}

/// count(x): rows where x is not NULL.
final class CountValues: AggregateAccumulator {
    private var count: Int64 = 0
    override func step(_ arguments: [Value]) throws {
        if let v = arguments.first, !v.isNull { count += 1 }
    }
    override var canInverse: Bool { true }
    override func inverse(_ arguments: [Value]) throws {
        if let v = arguments.first, !v.isNull { count -= 1 }
    }
    override func finish() throws -> Value { .integer(count) }
}

/// sum(), total() and avg(): one running state (SQLite's SumCtx), three ways to finish.
final class Sum: AggregateAccumulator {
    enum Finish { case sum, total, average }
    private let mode: Finish
    private var realSum: Double = 0
    private var integerSum: Int64 = 0
    private var count: Int64 = 0
    private var approximate = false   // a real (or non-numeric text) was added
    private var overflowed = false    // the integer sum overflowed before any real was seen

    init(finish: Finish) {
        mode = finish
        super.init()
    }

    /// sqlite3_value_numeric_type: well-formed numeric text counts as that number; other text
    /// and blobs are added as reals read from their prefix; NULL is skipped.
    private static func summand(_ arguments: [Value]) -> Value? {
        guard let v = arguments.first else { return nil }
        switch v {
        case .null: return nil
        case .integer, .real: return v
        case .text: return v.wellFormedNumber ?? .real(v.doubleValue)
        case .invalidText, .blob: return .real(v.doubleValue)
        }
    }

    override func step(_ arguments: [Value]) throws {
        guard let number = Sum.summand(arguments) else { return }
        count += 1
        switch number {
        case .integer(let i):
            realSum += Double(i)
            if !approximate && !overflowed {
                let (sum, overflow) = integerSum.addingReportingOverflow(i)
                if overflow { approximate = true; overflowed = true } else { integerSum = sum }
            }
        default:
            realSum += number.doubleValue
            approximate = true
        }
    }

    /// sumInverse: the real sum always, the integer sum while no real was added; a real once
    /// added keeps the result a real, as in SQLite.
    override var canInverse: Bool { true }

    override func inverse(_ arguments: [Value]) throws {
        guard let number = Sum.summand(arguments) else { return }
        count -= 1
        if case .integer(let i) = number, !approximate {
            realSum -= Double(i)
            integerSum = integerSum &- i
        } else {
            realSum -= number.doubleValue
        }
    }

    override func finish() throws -> Value {
        switch mode {
        case .total:
            return .real(realSum)
        case .average:
            return count > 0 ? .real(realSum / Double(count)) : .null
        case .sum:
            if count == 0 { return .null }
            if overflowed { throw CoreFunctions.overflow() }
            return approximate ? .real(realSum) : .integer(integerSum)
        }
    }
}

/// min(x) / max(x): the least or greatest non-NULL value in SQLite's order; the first one seen
/// wins a tie (func.c's minmaxStep). Over a window frame that can lose rows SQLite keeps the
/// values in an index and reads its last entry, so there the latest of equal values wins.
final class Extreme: AggregateAccumulator {
    private let wantMax: Bool
    private let collation: Collation
    private let latestWinsTies: Bool
    private var best: Value = .null

    init(wantMax: Bool, collation: Collation = .binary, latestWinsTies: Bool = false) {
        self.wantMax = wantMax
        self.collation = collation
        self.latestWinsTies = latestWinsTies
        super.init()
    }

    override func step(_ arguments: [Value]) throws {
        guard let v = arguments.first, !v.isNull else { return }
        if best.isNull {
            best = v
            return
        }
        let c = Value.compare(best, v, collation: collation)
        if wantMax ? c < 0 : c > 0 { best = v } else if c == 0 && latestWinsTies { best = v }
    }

    override func finish() throws -> Value { best }
}

/// group_concat(x [, separator]): the text of the non-NULL values joined by "," or by the
/// separator given with each value after the first (a NULL separator adds nothing).
///
/// As a window function it keeps SQLite 3.40's bookkeeping (func.c): a row leaving the frame
/// takes its value's bytes off the front of the text with the length of the separator that
/// followed it (or of the first separator, while all had one length), an emptied text starts
/// over without a separator, and an empty text is NULL. So frames answer what sqlite3 answers,
/// even where that is not the frame's values joined ('' leaving the frame can take a byte of
/// the next value with it).
final class GroupConcat: AggregateAccumulator {
    private var bytes: [UInt8] = []
    /// A value was added since the text was last emptied: the next one gets a separator.
    private var started = false
    /// A value was ever added (the aggregate is then text, possibly '', not NULL).
    private var stepped = false
    /// Values added less values taken out (SQLite's nAccum, never reset).
    private var accumulated = 0
    /// The first separator's length, standing for all while they have one length.
    private var firstSeparatorLength = 0
    /// Each separator's length in the text, once two lengths differ.
    private var separatorLengths: [Int]?

    override func step(_ arguments: [Value]) throws {
        guard let v = arguments.first, !v.isNull else { return }
        let firstTerm = !started
        started = true
        stepped = true
        if arguments.count == 1 {
            if !firstTerm { bytes.append(UInt8(ascii: ",")) } else { firstSeparatorLength = 1 }
        } else if !firstTerm {
            let length = arguments[1].withTextBytes { separator in bytes += separator; return separator.count } ?? 0
            if length != firstSeparatorLength || separatorLengths != nil {
                var lengths = separatorLengths ?? Array(repeating: firstSeparatorLength, count: max(accumulated - 1, 0))
                if accumulated > 0 {
                    if lengths.count < accumulated { lengths += Array(repeating: 0, count: accumulated - lengths.count) }
                    lengths.removeLast(lengths.count - accumulated)
                    lengths[accumulated - 1] = length
                }
                separatorLengths = lengths
            }
        } else {
            firstSeparatorLength = arguments[1].withTextBytes { $0.count } ?? 0
        }
        accumulated += 1
        v.withTextBytes { bytes += $0 }
        if bytes.count > CoreFunctions.maxLength { throw CoreFunctions.tooBig() }
    }

    override var canInverse: Bool { true }

    override func inverse(_ arguments: [Value]) throws {
        guard let v = arguments.first, !v.isNull else { return }
        var length = v.withTextBytes { $0.count } ?? 0
        accumulated -= 1
        if var lengths = separatorLengths {
            if accumulated > 0, !lengths.isEmpty {
                length += lengths.removeFirst()
                separatorLengths = lengths
            }
        } else {
            length += firstSeparatorLength
        }
        if length >= bytes.count { bytes.removeAll(keepingCapacity: true) } else { bytes.removeFirst(length) }
        if bytes.isEmpty {
            started = false
            separatorLengths = nil
        }
    }

    override func finish() throws -> Value {
        stepped ? .text(bytes: bytes) : .null
    }

    override func windowValue() throws -> Value {
        bytes.isEmpty ? .null : .text(bytes: bytes)
    }
}
