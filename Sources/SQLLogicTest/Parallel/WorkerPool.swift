// The supervisor of a parallel run: worker processes pull files from one queue, largest first;
// a worker that dies or runs past the time limit costs only its file (CRASH, TIMEOUT).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How to start a worker: the executable and its arguments (the tool re-invokes itself with a
/// hidden `worker` subcommand). The pool appends `--status-file <path>`.
public struct WorkerLaunch: Sendable {
    public var executable: String
    public var arguments: [String]
    /// Extra environment variables for the workers.
    public var environment: [String: String]

    public init(executable: String, arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// This process's own executable, for re-invoking it.
    public static var currentExecutable: String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath
    }
}

/// Runs files in worker processes, `jobs` at a time.
public final class WorkerPool {
    public let command: WorkerLaunch
    public let jobs: Int
    /// Per-file time limit in seconds. A worker given it (`worker --timeout`) stops the file
    /// itself and reports TIMEOUT; one still busy `killGrace` later is killed.
    public let timeout: Double
    /// How long past `timeout` a worker may take to stop its file before it is killed.
    var killGrace: Double { min(5, max(0.5, timeout / 10)) }

    public init(command: WorkerLaunch, jobs: Int, timeout: Double) {
        self.command = command
        self.jobs = max(1, jobs)
        self.timeout = timeout
    }

    private final class Worker {
        let pid: pid_t
        let input: Int32
        let output: Int32
        let errors: Int32
        let statusPath: String
        var file: String?
        var started = ContinuousClock.now
        var outBuffer: [UInt8] = []
        var errTail: [UInt8] = []
        var outputClosed = false
        var errorsClosed = false

        init(pid: pid_t, input: Int32, output: Int32, errors: Int32, statusPath: String) {
            self.pid = pid
            self.input = input
            self.output = output
            self.errors = errors
            self.statusPath = statusPath
        }
    }

    /// Runs `files` (largest first) and calls `onFinished` with each file's report as it finishes,
    /// on the calling thread. Returns when every file has a report.
    public func run(files: [String], onFinished: (FileReport) -> Void) throws {
        signal(SIGPIPE, SIG_IGN)
        var queue = files.map { ($0, TestDiscovery.size(of: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map(\.0)
        queue.reverse()  // pop from the end
        let statusDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("vibesql-workers-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: statusDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: statusDir) }

        var workers: [Worker] = []
        var spawned = 0
        defer { for w in workers { shutdown(w, kill: true) } }

        func assign(_ w: Worker) {
            guard let next = queue.popLast() else {
                w.file = nil
                return
            }
            w.file = next
            w.started = .now
            RecordLineBeacon.reset(path: w.statusPath)
            if (try? WorkerLoop.writeAll(w.input, WorkerLoop.pathLine(next))) == nil {
                // The worker is gone; its output EOF reports the crash for this file.
            }
        }

        while true {
            // Start workers while there is work for them.
            let busy = workers.filter { $0.file != nil }.count
            var idle = workers.filter { $0.file == nil }
            for w in idle where queue.isEmpty {
                shutdown(w, kill: false)
                workers.removeAll { $0 === w }
            }
            idle = workers.filter { $0.file == nil }
            for w in idle { assign(w) }
            while workers.count < jobs && !queue.isEmpty {
                spawned += 1
                let w = try spawn(statusPath: "\(statusDir)/worker-\(spawned)")
                workers.append(w)
                assign(w)
            }
            if workers.isEmpty && queue.isEmpty { break }
            _ = busy

            // Wait for output, or for the nearest deadline.
            let now = ContinuousClock.now
            var waitMs = 250
            for w in workers where w.file != nil {
                let left = timeout + killGrace - (now - w.started).seconds
                waitMs = min(waitMs, max(0, Int(left * 1000) + 1))
            }
            var fds: [pollfd] = []
            var owners: [(Worker, Bool)] = []
            for w in workers {
                if !w.outputClosed { fds.append(pollfd(fd: w.output, events: Int16(POLLIN), revents: 0)); owners.append((w, true)) }
                if !w.errorsClosed { fds.append(pollfd(fd: w.errors, events: Int16(POLLIN), revents: 0)); owners.append((w, false)) }
            }
            let ready = poll(&fds, nfds_t(fds.count), Int32(waitMs))
            if ready < 0 && errno != EINTR { throw RunnerError.worker("poll failed: errno \(errno)") }

            var chunk = [UInt8](repeating: 0, count: 65536)
            for (i, pfd) in fds.enumerated() where pfd.revents != 0 {
                let (w, isOutput) = owners[i]
                let n = read(pfd.fd, &chunk, chunk.count)
                if n > 0 {
                    if isOutput {
                        w.outBuffer += chunk[0..<n]
                        while let nl = w.outBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = Array(w.outBuffer[..<nl])
                            w.outBuffer.removeSubrange(...nl)
                            if var report = try? JSONDecoder().decode(FileReport.self, from: Data(line)) {
                                // The file as the supervisor named it, whatever the worker said.
                                if let file = w.file { report.path = file }
                                onFinished(report)
                                w.errTail.removeAll()
                                assign(w)
                            }
                        }
                    } else {
                        w.errTail += chunk[0..<n]
                        if w.errTail.count > 4096 { w.errTail.removeFirst(w.errTail.count - 4096) }
                    }
                } else if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) {
                    if isOutput { w.outputClosed = true } else { w.errorsClosed = true }
                }
            }

            // A worker whose output closed has died (or exited): its file, if any, crashed.
            for w in workers where w.outputClosed {
                // Drain what it said on stderr before it went.
                if !w.errorsClosed {
                    while true {
                        let n = read(w.errors, &chunk, chunk.count)
                        if n <= 0 { break }
                        w.errTail += chunk[0..<n]
                    }
                    if w.errTail.count > 4096 { w.errTail.removeFirst(w.errTail.count - 4096) }
                }
                let status = reap(w)
                if let file = w.file {
                    let line = RecordLineBeacon.read(path: w.statusPath)
                    var message = "worker \(status.description)"
                    if let line { message += " while running the record at line \(line)" }
                    let stderrText = String(decoding: w.errTail, as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    if !stderrText.isEmpty { message += "\n" + String(stderrText.suffix(1500)) }
                    onFinished(FileReport(path: file, status: .crash, durationMs: w.started.elapsedMs,
                                          error: message, line: line))
                }
                workers.removeAll { $0 === w }
            }

            // Time limits.
            let later = ContinuousClock.now
            for w in workers {
                guard let file = w.file, (later - w.started).seconds >= timeout + killGrace else { continue }
                kill(w.pid, SIGKILL)
                _ = reap(w)
                let line = RecordLineBeacon.read(path: w.statusPath)
                var message = "timed out after \(Self.format(timeout)) s"
                if let line { message += " while running the record at line \(line)" }
                onFinished(FileReport(path: file, status: .timeout, durationMs: w.started.elapsedMs,
                                      error: message, line: line))
                workers.removeAll { $0 === w }
            }
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// How a worker ended.
    struct ExitStatus: CustomStringConvertible {
        var signal: Int32?
        var code: Int32
        var description: String {
            if let signal { return "killed by signal \(signal) (\(signalName(signal)))" }
            return "exited with status \(code)"
        }
    }

    static func signalName(_ s: Int32) -> String {
        switch s {
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGILL: return "SIGILL"
        case SIGTRAP: return "SIGTRAP"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(s)"
        }
    }

    private func reap(_ w: Worker) -> ExitStatus {
        close(w.input)
        close(w.output)
        close(w.errors)
        var status: Int32 = 0
        while waitpid(w.pid, &status, 0) < 0 && errno == EINTR {}
        let sig = status & 0x7f
        if sig != 0 && sig != 0x7f { return ExitStatus(signal: sig, code: 0) }
        return ExitStatus(signal: nil, code: (status >> 8) & 0xff)
    }

    private func shutdown(_ w: Worker, kill force: Bool) {
        if force { kill(w.pid, SIGKILL) }
        _ = reap(w)
    }

    private func spawn(statusPath: String) throws -> Worker {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0], errChild: [Int32] = [0, 0]
        guard makePipe(&toChild), makePipe(&fromChild), makePipe(&errChild) else {
            throw RunnerError.worker("cannot create pipes: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errChild[1], 2)

        let args = [command.executable] + command.arguments + ["--status-file", statusPath]
        var env = ProcessInfo.processInfo.environment
        // A crash should end the worker at once; the supervisor reports it.
        if env["SWIFT_BACKTRACE"] == nil { env["SWIFT_BACKTRACE"] = "enable=no" }
        for (k, v) in command.environment { env[k] = v }
        let cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command.executable, &actions, nil, cArgs, cEnv)
        close(toChild[0])
        close(fromChild[1])
        close(errChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0]); close(errChild[0])
            throw RunnerError.worker("cannot start \(command.executable): \(String(cString: strerror(rc)))")
        }
        return Worker(pid: pid, input: toChild[1], output: fromChild[0], errors: errChild[0], statusPath: statusPath)
    }

    /// A pipe whose ends are closed on exec, so a worker never holds another worker's pipes open.
    private func makePipe(_ fds: inout [Int32]) -> Bool {
        // The pool is single-threaded, so no spawn can slip in between pipe() and fcntl().
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension RecordLineBeacon {
    /// Clears the published line before a file is handed to a worker.
    static func reset(path: String) {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        var zero: Int64 = 0
        _ = ftruncate(fd, 8)
        _ = pwrite(fd, &zero, 8, 0)
        close(fd)
    }
}
