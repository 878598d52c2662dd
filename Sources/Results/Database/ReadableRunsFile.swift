// The runs whose dumps were read and found to agree with their path and trailers, kept on disk
// between commands so `log`, `status` and the server check each run's dump once per clone
// instead of once per command. A verdict holds forever: it is keyed by the dump's blob id (its
// content) and by everything the dump was checked against (its path and its trailers' counts).
// Only readable verdicts are kept; a refused run is checked (and warned about) each time.
import Foundation

/// One line per readable run: `<blob> <path> <passed>/<total>[,<passed>/<total>...]`.
public final class ReadableRunsFile {
    public let path: String
    private var known: Set<String>?

    public init(path: String) {
        self.path = path
    }

    /// The key of a run's verdict.
    public static func key(blob: String, path: String, trailers: [RunTrailerCounts]) -> String {
        let counts = trailers.map { "\($0.passed)/\($0.total)" }.joined(separator: ",")
        return "\(blob) \(path) \(counts.isEmpty ? "-" : counts)"
    }

    /// Whether the run with this key was found readable before. A file that cannot be read
    /// counts as empty.
    public func contains(_ key: String) -> Bool {
        if known == nil {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            known = Set(text.split(separator: "\n").map(String.init))
        }
        return known?.contains(key) ?? false
    }

    /// Records a readable run (appended to the file; one that cannot be written is skipped and
    /// the run is simply checked again next time).
    public func insert(_ key: String) {
        guard !key.contains("\n"), contains(key) == false else { return }
        known?.insert(key)
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // One write of a short line in append mode: concurrent writers do not interleave it.
        let line = Array((key + "\n").utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
