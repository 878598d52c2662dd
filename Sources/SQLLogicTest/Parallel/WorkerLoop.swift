// The worker side of a parallel run: read file paths on stdin, run each, answer with one JSON line.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a worker publishes the line of the record it is running: an 8-byte file mapped shared,
/// so the supervisor can still read it after the worker was killed or crashed. A write is a store
/// to memory, cheap enough to do before every record.
public final class RecordLineBeacon {
    private let pointer: UnsafeMutablePointer<Int64>

    /// Maps `path` (created and sized as needed).
    public init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw RunnerError.worker("cannot open status file \(path)") }
        defer { close(fd) }
        guard ftruncate(fd, 8) == 0,
              let raw = mmap(nil, 8, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), raw != MAP_FAILED else {
            throw RunnerError.worker("cannot map status file \(path)")
        }
        pointer = raw.bindMemory(to: Int64.self, capacity: 1)
    }

    deinit { munmap(pointer, 8) }

    public func set(_ line: Int) { pointer.pointee = Int64(line) }

    /// Reads the line a (possibly dead) worker last published; nil when none.
    public static func read(path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 8 else { return nil }
        let value = data.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        return value > 0 ? Int(value) : nil
    }
}

/// The worker process's main loop.
public enum WorkerLoop {
    /// Reads one path per line from stdin (see `pathLine`) until EOF; runs each file with
    /// `runner`; writes each `FileReport` as one JSON line on stdout (one write, so a line is
    /// never torn by a crash).
    public static func run(runner baseRunner: FileRunner, statusPath: String?) throws {
        var runner = baseRunner
        watchParent()
        let beacon = try statusPath.map(RecordLineBeacon.init(path:))
        if let beacon { runner.onRecord = { beacon.set($0) } }
        let encoder = JSONEncoder()
        while let line = readLine(strippingNewline: true) {
            guard let path = Self.path(fromLine: line) else {
                throw RunnerError.worker("unreadable file name line from the supervisor: \(line.prefix(200))")
            }
            beacon?.set(0)
            let report = runner.run(path: path)
            var data = try encoder.encode(report)
            data.append(UInt8(ascii: "\n"))
            try writeAll(STDOUT_FILENO, data)
        }
    }

    /// A file name as one line for a worker: a JSON array of one string, so a name holding a
    /// newline, a tab, quotes or any other character arrives whole.
    static func pathLine(_ path: String) -> Data {
        var data = (try? JSONEncoder().encode([path])) ?? Data("[]".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The file name of a `pathLine`.
    static func path(fromLine line: String) -> String? {
        (try? JSONDecoder().decode([String].self, from: Data(line.utf8)))?.first
    }

    /// Ends this worker when its supervisor dies (even by SIGKILL), so no worker outlives a run,
    /// however stuck the record it is on.
    private static func watchParent() {
        let parent = getppid()
        let thread = Thread {
            while true {
                sleep(1)
                if getppid() != parent { _exit(3) }
            }
        }
        thread.start()
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try writeAll(fd, Data(bytes))
    }

    static func writeAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var p = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RunnerError.worker("write failed: errno \(errno)")
                }
                p += n
                left -= n
            }
        }
    }
}
