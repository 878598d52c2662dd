// Commit messages on the results ref: a one-line summary, a blank line, then git-style
// trailers (`Key: value`), so `log` can read a run's facts without opening any tree.
import Foundation

/// One `Key: value` line at the end of a commit message.
public struct Trailer: Equatable, Hashable, Sendable {
    public let key: String
    public let value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// Trailer keys used on the results ref. VibeGit writes `sourceCommit`, `runId` and the merge
/// keys itself; the results library writes the rest when it records a run.
public enum TrailerKey {
    public static let sourceCommit = "Source-Commit"
    public static let runId = "Run-Id"
    /// The suite a run used; `ResultsStore.hasRun` matches on it.
    public static let suite = "Suite"
    public static let branch = "Branch"
    public static let passed = "Passed"
    public static let failed = "Failed"
    public static let total = "Total"
    /// On merge commits: the remote merged from, its tip, and each path kept in two versions.
    public static let mergedFrom = "Merged-From"
    public static let mergedCommit = "Merged-Commit"
    public static let keptBoth = "Kept-Both"
}

/// Formats and parses results-ref commit messages.
public enum TrailerMessage {
    /// Builds "summary\n\nKey: value\n...". Keys must be `[A-Za-z0-9-]+`; values and the
    /// summary must be a single line (they are stored verbatim, so a newline would forge a
    /// trailer).
    public static func format(summary: String, trailers: [Trailer]) throws -> String {
        guard !summary.isEmpty, !summary.contains(where: \.isNewline) else {
            throw VibeGitError.invalidArgument("the run summary must be one non-empty line")
        }
        var message = summary + "\n"
        if !trailers.isEmpty { message += "\n" }
        for trailer in trailers {
            guard !trailer.key.isEmpty,
                  trailer.key.unicodeScalars.allSatisfy({ $0 == "-" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) })
            else { throw VibeGitError.invalidArgument("invalid trailer key '\(trailer.key)': use letters, digits and '-'") }
            guard !trailer.value.contains(where: \.isNewline) else {
                throw VibeGitError.invalidArgument("trailer \(trailer.key) must be a single line")
            }
            message += "\(trailer.key): \(trailer.value)\n"
        }
        return message
    }

    /// Parses the trailers of a message: the lines of its last paragraph, when every line of
    /// that paragraph (after the first) has the form `Key: value`. A message with only a
    /// subject has no trailers.
    public static func parse(_ message: String) -> (summary: String, trailers: [Trailer]) {
        // Standard-library trimming: Foundation's trimmingCharacters(in:) bridges each line
        // through NSString on Linux, and `log` parses every commit of the ref.
        let paragraphs = message
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(trimmedBlanks)
            .split(separator: "", omittingEmptySubsequences: true)
        let summary = paragraphs.first?.joined(separator: " ") ?? ""
        guard paragraphs.count > 1, let last = paragraphs.last else { return (summary, []) }
        var trailers: [Trailer] = []
        for line in last {
            guard let colon = line.firstIndex(of: ":") else { return (summary, []) }
            let key = String(line[..<colon])
            guard !key.isEmpty, !key.contains(" ") else { return (summary, []) }
            let value = String(trimmedBlanks(line[line.index(after: colon)...]))
            trailers.append(Trailer(key, value))
        }
        return (summary, trailers)
    }

    /// The text without leading and trailing blanks: what `CharacterSet.whitespaces` holds
    /// (spaces and tabs, not line breaks).
    static func trimmedBlanks(_ text: Substring) -> Substring {
        func blank(_ c: Character) -> Bool { c.isWhitespace && !c.isNewline }
        guard let first = text.firstIndex(where: { !blank($0) }),
              let last = text.lastIndex(where: { !blank($0) }) else { return text[text.endIndex...] }
        return text[first...last]
    }
}

extension ResultsLogEntry {
    /// Trailer keys are ASCII (`[A-Za-z0-9-]`): compare them without Foundation.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }
}
