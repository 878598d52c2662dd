// A failing record spelled out for a person: its SQL, and where its output parted from the
// expected block, as a line diff. `vibesql-git run --verbose` prints it under the file's line.

extension RecordFailure {
    /// The record's SQL, then the expected and actual lines as a diff (`-` expected only, `+`
    /// actual only), at most `maxLines` diff lines; each line starts with `indent`.
    public func detail(indent: String = "      ", maxLines: Int = 40) -> String {
        var lines: [String] = []
        for sqlLine in sql.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(String(sqlLine)) }
        if let error, !message.contains(error) { lines.append("error: \(error)") }
        if let expected {
            let want = expected.isEmpty ? [] : expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let got = (actual ?? "").isEmpty ? [] : (actual ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("--- expected (\(want.count) lines)  +++ actual (\(got.count) lines)")
            let diff = RecordFailure.changesInContext(RecordFailure.lineDiff(expected: want, actual: got))
            lines += diff.prefix(maxLines)
            if diff.count > maxLines { lines.append("... \(diff.count - maxLines) more diff lines") }
        }
        return lines.map { indent + $0 }.joined(separator: "\n")
    }

    /// The changed lines of a diff with `context` unchanged lines around each run of changes;
    /// "..." stands for the unchanged lines left out.
    static func changesInContext(_ diff: [String], context: Int = 2) -> [String] {
        let changed = diff.indices.filter { !diff[$0].hasPrefix("  ") }
        guard !changed.isEmpty else { return diff }
        var keep = Set<Int>()
        for i in changed { for j in max(0, i - context)...min(diff.count - 1, i + context) { keep.insert(j) } }
        var out: [String] = []
        var last = -1
        for i in keep.sorted() {
            if i != last + 1 { out.append("...") }
            out.append(diff[i])
            last = i
        }
        if last != diff.count - 1 { out.append("...") }
        return out
    }

    /// Every line of both sides in order: "  " when both have it, "- " expected only, "+ " actual only.
    static func lineDiff(expected: [String], actual: [String]) -> [String] {
        let changes = actual.difference(from: expected)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in changes {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < expected.count || j < actual.count {
            if i < expected.count, removed.contains(i) {
                out.append("- " + expected[i]); i += 1
            } else if j < actual.count, inserted.contains(j) {
                out.append("+ " + actual[j]); j += 1
            } else if i < expected.count, j < actual.count {
                out.append("  " + expected[i]); i += 1; j += 1
            } else if i < expected.count {
                out.append("- " + expected[i]); i += 1
            } else {
                out.append("+ " + actual[j]); j += 1
            }
        }
        return out
    }
}
