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
        let paragraphs = message
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .split(separator: "", omittingEmptySubsequences: true)
        let summary = paragraphs.first?.joined(separator: " ") ?? ""
        guard paragraphs.count > 1, let last = paragraphs.last else { return (summary, []) }
        var trailers: [Trailer] = []
        for line in last {
            guard let colon = line.firstIndex(of: ":") else { return (summary, []) }
            let key = String(line[..<colon])
            guard !key.isEmpty, !key.contains(" ") else { return (summary, []) }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            trailers.append(Trailer(key, value))
        }
        return (summary, trailers)
    }
}
