// A results database kept on disk between commands, so `query`, `compare`, `status` and the
// rest do not rebuild it from every run blob each time. The cache is one file: a header naming
// the key (the results ref's tip), the format, the schema version and every run it holds (its
// path and blob id), then the engine's dump of the database (test_files as the latest runs
// give it, which `query` uses; other perspectives derive it again). It can never be stale: a
// different tip means a different set of runs, and only a cache whose runs are all still in
// the ref is reused; runs added since are loaded on top of it (runs are append-only).
import Engine
import Foundation

/// A run as the cache knows it: where it is in the results ref and the id of its content.
public struct CachedRun: Hashable, Sendable {
    /// Its path in the results tree (also the source named in warnings).
    public var path: String
    /// Its blob id: the same path with another id is another run.
    public var blob: String

    public init(path: String, blob: String) {
        self.path = path
        self.blob = blob
    }
}

/// Loads results databases through a cache file.
public struct ResultsCache {
    /// Bump when the file layout changes; the schema version is part of the key as well.
    /// 3: categories are taken below the suite's root (PathCategory).
    static let format = 3
    static let magic = "-- vibesql-git results cache"

    /// How a load used the cache.
    public enum Outcome: Equatable, Sendable {
        /// The cache was for this tip: nothing was read from the ref.
        case hit
        /// The cache held some of the runs; this many were loaded on top of it.
        case extended(added: Int)
        /// No usable cache: every run was read.
        case rebuilt
    }

    /// The cache file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The results database of the runs in the ref at `tip`, with `test_files` derived for
    /// `perspective`. `runs` lists the tip's runs (called only when the cache is not for this
    /// tip); `read` gives a run's dump and what it must be (called only for runs the cache does not
    /// hold; a `RunDumpError` refuses the run for good, any other error leaves it for later). A run
    /// that cannot be read or loaded is skipped with a warning, as `ResultsDatabase(dumps:)`
    /// does. The cache is rewritten (atomically) whenever it changed; failing to write it is
    /// not an error.
    public func load(tip: String, perspective: Perspective, runs: () throws -> [CachedRun],
                     read: (CachedRun) throws -> RunDumpInput) throws -> (database: ResultsDatabase, outcome: Outcome) {
        // A cache that does not load (damaged, or written by another engine version) is
        // rebuilt like a missing one.
        let cached = Self.read(path: path)
        if let cached, cached.tip == tip, let database = try? cached.restore() {
            // The cache holds test_files as the latest runs give it.
            if perspective != .latest { try database.deriveFiles(perspective) }
            return (database, .hit)
        }
        let current = try runs().sorted { $0.path < $1.path }
        var database: ResultsDatabase?
        var held = Set<CachedRun>()
        if let cached, cached.tip != tip, Set(cached.runs).isSubset(of: current) {
            database = try? cached.restore(packed: false)
            if database != nil { held = Set(cached.runs) }
        }
        let outcome: Outcome = database == nil ? .rebuilt : .extended(added: current.count - held.count)
        let results = try database ?? ResultsDatabase()
        // A run that cannot be read (a missing object) may be readable later at the same tip:
        // it stays out of the cache, and the cache is then not for this tip.
        var unreadable: [String] = []
        var kept: [CachedRun] = []
        for run in current {
            if held.contains(run) { kept.append(run); continue }
            let input: RunDumpInput
            do {
                input = try read(run)
            } catch let error as RunDumpError {
                // Refused before reading (too large): as refused as a bad dump, for good.
                kept.append(run)
                results.warn("skipped \(error)")
                continue
            } catch {
                unreadable.append("skipped \(run.path): \(error)")
                continue
            }
            kept.append(run)
            do {
                try results.add(input)
            } catch {
                results.warn("skipped \(error)")
            }
        }
        try results.deriveFiles(.latest)
        results.database.packStorage()
        write(results, tip: unreadable.isEmpty ? tip : "-", runs: kept)
        for warning in unreadable { results.warn(warning) }
        if perspective != .latest { try results.deriveFiles(perspective) }
        return (results, outcome)
    }

    /// The cache's contents: its key, its runs and warnings, and the dump of its database.
    struct Contents {
        var tip: String
        var runs: [CachedRun]
        var warnings: [String]
        var runCount: Int
        var dump: Substring

        /// `packed: false` when runs are added before use (the database is packed after them).
        func restore(packed: Bool = true) throws -> ResultsDatabase {
            try ResultsDatabase(restoring: String(dump), runCount: runCount, warnings: warnings, packed: packed)
        }
    }

    /// Reads a cache file; nil when it is missing, of another format or schema version, or
    /// damaged (a cache is only ever an optimisation).
    static func read(path: String) -> Contents? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var contents = Contents(tip: "", runs: [], warnings: [], runCount: 0, dump: "")
        var declaredRuns = -1
        var rest = text[...]
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline]
            rest = rest[rest.index(after: newline)...]
            if line == "-- end of header" {
                guard contents.runs.count == declaredRuns, !contents.tip.isEmpty else { return nil }
                contents.dump = rest
                return contents
            }
            if line == Self.magic { continue }
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "--" else { return nil }
            switch parts[1] {
            case "format:": guard parts[2] == String(format) else { return nil }
            case "schema-version:": guard parts[2] == String(ResultsSchema.currentVersion) else { return nil }
            case "tip:": contents.tip = parts[2]
            case "runs:": declaredRuns = Int(parts[2]) ?? -1
            case "loaded:": contents.runCount = Int(parts[2]) ?? 0
            case "run:":
                let run = parts[2].split(separator: " ", maxSplits: 1).map(String.init)
                guard run.count == 2 else { return nil }
                contents.runs.append(CachedRun(path: run[1], blob: run[0]))
            case "warning:": contents.warnings.append(parts[2])
            default: return nil
            }
        }
        return nil
    }

    /// Writes the cache for `runs` at `tip`: to a temporary file, then renamed over the old
    /// one, so a reader sees a whole cache or none.
    func write(_ database: ResultsDatabase, tip: String, runs: [CachedRun]) {
        var header = [Self.magic, "-- format: \(Self.format)", "-- schema-version: \(ResultsSchema.currentVersion)",
                      "-- tip: \(tip)", "-- runs: \(runs.count)", "-- loaded: \(database.runCount)"]
        header += runs.map { "-- run: \($0.blob) \($0.path)" }
        header += database.warnings.map { "-- warning: \($0.replacingOccurrences(of: "\n", with: " "))" }
        header.append("-- end of header")
        let text = header.joined(separator: "\n") + "\n" + database.database.dump()
        writeWhole(Data(text.utf8), to: path)
    }
}

/// Writes a cache file aside and renames it over the old one, so a reader sees a whole file or
/// none. A cache is only an optimisation: failing to write it is not an error.
func writeWhole(_ data: Data, to path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let temporary = path + ".\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
    if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
}
