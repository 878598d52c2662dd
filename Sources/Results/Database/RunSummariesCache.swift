// The run summaries (from the results ref's commit trailers) kept on disk between commands, so
// `log` and `compare` read only the results commits added since the last time instead of the
// whole ref. One JSON file keyed by the ref's tip; the caller decides whether that tip is still
// in the ref's history (the ref only grows, by appends and union merges).
import Foundation

/// Summaries of the runs recorded up to a tip of the results ref.
public struct RunSummaries: Codable, Equatable, Sendable {
    /// The results ref's tip these summaries were read at.
    public var tip: String
    public var runs: [RunSummaryLine]
    /// Each recorded source commit's parents, as its run recorded them (for shallow clones).
    public var parents: [String: [String]]
    /// Each recorded source commit's subject.
    public var subjects: [String: String]

    public init(tip: String, runs: [RunSummaryLine] = [], parents: [String: [String]] = [:], subjects: [String: String] = [:]) {
        self.tip = tip
        self.runs = runs
        self.parents = parents
        self.subjects = subjects
    }

    /// These summaries with newer ones (read from the commits since `tip`) added, at `newTip`.
    public func extended(with newer: RunSummaries) -> RunSummaries {
        var merged = self
        merged.tip = newer.tip
        merged.runs = newer.runs + runs
        merged.parents.merge(newer.parents) { _, new in new }
        merged.subjects.merge(newer.subjects) { _, new in new }
        return merged
    }
}

/// The file that keeps `RunSummaries` between commands. A file that cannot be read is ignored
/// (the summaries are read from the ref again); one that cannot be written is skipped.
public struct RunSummariesCache {
    public let path: String
    static let format = 1

    public init(path: String) {
        self.path = path
    }

    private struct File: Codable {
        var format: Int
        var summaries: RunSummaries
    }

    public func load() -> RunSummaries? {
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(File.self, from: data), file.format == Self.format else { return nil }
        return file.summaries
    }

    public func save(_ summaries: RunSummaries) {
        guard let data = try? JSONEncoder().encode(File(format: Self.format, summaries: summaries)) else { return }
        writeWhole(data, to: path)
    }
}
