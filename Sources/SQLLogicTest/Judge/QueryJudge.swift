// Judges one query's rows against its expected block: render, sort, hash, compare, labels.
import Engine

/// The verdict on one query's output.
public struct QueryVerdict: Sendable, Equatable {
    public var passed: Bool
    /// Why it failed, in one line.
    public var reason: String?
    /// The output as it was compared: the rendered lines, or the one hash line.
    public var actual: [String]
    /// MD5 of the values, when the query was hashed or labeled.
    public var hash: String?
}

/// Compares rendered query output with what the file expects, exactly as the format page says.
public enum QueryJudge {
    /// Renders rows column by column and orders them by the query's sort mode.
    public static func renderedValues(rows: [[Value]], types: [ColumnType], sort: SortMode) -> [String] {
        var rendered: [[String]] = rows.map { row in
            var line: [String] = []
            line.reserveCapacity(row.count)
            for (i, v) in row.enumerated() { line.append(ValueRendering.render(v, as: i < types.count ? types[i] : .text)) }
            return line
        }
        switch sort {
        case .nosort:
            return rendered.flatMap { $0 }
        case .rowsort:
            // strcmp column by column; rendered values are ASCII, so String order is byte order.
            rendered.sort { a, b in a.lexicographicallyPrecedes(b, by: byteLess) }
            return rendered.flatMap { $0 }
        case .valuesort:
            return rendered.flatMap { $0 }.sorted(by: byteLess)
        }
    }

    /// strcmp order.
    static func byteLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// MD5 over every value followed by a newline.
    public static func hash(_ values: [String]) -> String {
        var md5 = MD5()
        for v in values {
            md5.update(v.utf8)
            md5.update(CollectionOfOne(UInt8(ascii: "\n")))
        }
        return md5.hexDigest()
    }

    /// Judges a query that ran: `columnCount` columns and `rows` (those produced before any
    /// run-time error). `labels` holds the hash each label got first in this file.
    public static func judge(_ query: Query, columnCount: Int, rows: [[Value]], hashThreshold: Int,
                             labels: inout [String: String]) -> QueryVerdict {
        if columnCount != query.types.count {
            return QueryVerdict(passed: false,
                                reason: "wrong number of columns: the type string has \(query.types.count), the query returned \(columnCount)",
                                actual: [], hash: nil)
        }
        let values = renderedValues(rows: rows, types: query.types, sort: query.sort)
        let hashed = hashThreshold > 0 && values.count > hashThreshold
        let digest = (hashed || query.label != nil) ? hash(values) : nil
        var verdict: QueryVerdict
        if hashed, let digest {
            let line = "\(values.count) values hashing to \(digest)"
            let ok = query.expected == [line]
            verdict = QueryVerdict(passed: ok, reason: ok ? nil : "wrong result hash", actual: [line], hash: digest)
        } else {
            let ok = values == query.expected
            var reason: String?
            if !ok {
                reason = values.count == query.expected.count
                    ? "wrong result"
                    : "wrong result: \(values.count) values, expected \(query.expected.count) lines"
            }
            verdict = QueryVerdict(passed: ok, reason: reason, actual: values, hash: digest)
        }
        if let label = query.label, let digest {
            if let first = labels[label] {
                if first != digest {
                    verdict.passed = false
                    let note = "result hash \(digest) differs from \(first), the first result labeled '\(label)'"
                    verdict.reason = verdict.reason.map { "\($0); \(note)" } ?? note
                }
            } else {
                labels[label] = digest
            }
        }
        return verdict
    }
}
