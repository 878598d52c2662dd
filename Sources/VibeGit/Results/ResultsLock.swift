// The writer lock for the results ref in one clone: `<common dir>/vibesql/results.lock`,
// created with O_CREAT|O_EXCL. It serialises writers so they do not waste work racing; the
// ref's compare-and-swap, not the lock, is what guarantees no run is lost, so a writer that
// wrongly breaks a lock can only cause a retry, never a lost update.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A held lock file; released by `release()` or when deallocated.
final class ResultsLock {
    let path: String
    private var held = true

    private init(path: String) { self.path = path }
    deinit { release() }

    /// Removes the lock file if this process still holds it.
    func release() {
        guard held else { return }
        held = false
        unlink(path)
    }

    /// Takes the lock, waiting up to `timeout` seconds for another writer. A lock whose
    /// owner process is gone (same host) or that is older than `staleAfter` seconds is stale
    /// and is broken.
    static func acquire(commonDirectory: String, timeout: TimeInterval = 30,
                        staleAfter: TimeInterval = 600) throws -> ResultsLock {
        let directory = commonDirectory + "/vibesql"
        let path = directory + "/results.lock"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let deadline = Date().addingTimeInterval(timeout)
        var delay: useconds_t = 2_000
        while true {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if fd >= 0 {
                let owner = "\(getpid()) \(hostName()) \(Int(Date().timeIntervalSince1970))\n"
                _ = owner.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return ResultsLock(path: path)
            }
            guard errno == EEXIST else {
                let reason = String(cString: strerror(errno))
                throw VibeGitError.corruptResults("cannot create the results lock \(path): \(reason)")
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if isStale(holder: holder, path: path, staleAfter: staleAfter) {
                // Re-read right before breaking it, so a lock freshly re-taken by someone
                // else is not removed (the CAS on the ref covers the tiny remaining window).
                if (try? String(contentsOfFile: path, encoding: .utf8)) == holder { unlink(path) }
                continue
            }
            if Date() >= deadline {
                let who = holder.split(separator: " ").prefix(2).joined(separator: " on ")
                throw VibeGitError.resultsLocked(lockPath: path, holder: who.isEmpty ? "unknown" : "pid " + who)
            }
            usleep(delay)
            delay = min(delay * 2, 200_000)
        }
    }

    private static func isStale(holder: String, path: String, staleAfter: TimeInterval) -> Bool {
        let fields = holder.split(whereSeparator: \.isWhitespace)
        if fields.count >= 2, let pid = pid_t(fields[0]), String(fields[1]) == hostName(),
           kill(pid, 0) == -1, errno == ESRCH {
            return true  // the writer died without cleaning up
        }
        // An empty file is a writer between open() and write(): only its age can tell.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date else { return false }
        return Date().timeIntervalSince(modified) > staleAfter
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
