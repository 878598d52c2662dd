// A run's journal: one JSON line per finished file, appended as it finishes, so a run killed
// halfway keeps what it finished and `--resume` carries on from there. Each run has a journal of
// its own, `<directory>/journals/<run id>.jsonl`: runs at the same time never share one, and
// only a run that did not finish can be resumed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What a journal is about: the first line of the file.
public struct JournalHeader: Codable, Sendable, Equatable {
    public var runId: String
    public var engine: String
    public var engineName: String
    public var startedAt: Date
    /// Every file the run covers, in discovery order.
    public var files: [String]

    public init(runId: String = UUID().uuidString.lowercased(), engine: String, engineName: String,
                startedAt: Date = Date(), files: [String]) {
        self.runId = runId
        self.engine = engine
        self.engineName = engineName
        self.startedAt = startedAt
        self.files = files
    }
}

/// One line of the journal: the header, a finished file, or the end mark.
struct JournalLine: Codable {
    var header: JournalHeader?
    var file: FileReport?
    var end: Date?
}

/// The journal file of one run, `<directory>/journals/<run id>.jsonl`.
public final class RunJournal {
    public let path: String
    private var fd: Int32 = -1
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The journal of run `runId` (a `JournalHeader.runId`) under `directory`.
    public init(directory: String, runId: String) {
        path = Self.folder(directory) + "/" + runId + ".jsonl"
    }

    private init(path: String) {
        self.path = path
    }

    static func folder(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent("journals")
    }

    /// Every journal under `directory`, with what it holds (unreadable ones are left out).
    public static func all(in directory: String) -> [(journal: RunJournal, contents: Contents)] {
        let folder = folder(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().compactMap { name in
            let journal = RunJournal(path: folder + "/" + name)
            return (try? journal.load()).flatMap { $0 }.map { (journal, $0) }
        }
    }

    /// Removes the journals of finished runs under `directory` (nothing of them can be resumed).
    public static func removeFinished(in directory: String) {
        for (journal, contents) in all(in: directory) where contents.complete {
            try? FileManager.default.removeItem(atPath: journal.path)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// What an existing journal holds.
    public struct Contents {
        public var header: JournalHeader
        public var finished: [FileReport]
        public var complete: Bool
    }

    /// Reads the journal; nil when there is none. A torn last line (a kill mid-write) is ignored.
    public func load() throws -> Contents? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var header: JournalHeader?
        var finished: [FileReport] = []
        var complete = false
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let entry = try? decoder.decode(JournalLine.self, from: Data(line)) else { continue }
            if let h = entry.header { header = h }
            if let f = entry.file { finished.append(f) }
            if entry.end != nil { complete = true }
        }
        guard let header else { throw RunnerError.journal("\(path) has no header line") }
        return Contents(header: header, finished: finished, complete: complete)
    }

    /// Starts a new journal (replacing any old one) with its header.
    public func start(_ header: JournalHeader) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try open(truncate: true)
        try write(JournalLine(header: header))
    }

    /// Reopens an existing journal to append to it.
    public func reopen() throws { try open(truncate: false) }

    /// Appends a finished file.
    public func append(_ report: FileReport) throws { try write(JournalLine(file: report)) }

    /// Marks the run complete.
    public func finish() throws {
        try write(JournalLine(end: Date()))
        close(fd)
        fd = -1
    }

    private func open(truncate: Bool) throws {
        if fd >= 0 { close(fd) }
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw RunnerError.journal("cannot open \(path): \(String(cString: strerror(errno)))") }
    }

    private func write(_ line: JournalLine) throws {
        var data = try encoder.encode(line)
        data.append(UInt8(ascii: "\n"))
        // One write per line with O_APPEND: a SIGKILL can lose a line, never interleave two.
        try WorkerLoop.writeAll(fd, data)
    }
}
