// A shell command run in its own process group with a deadline: when the time runs out the
// whole group (the build and everything it started) is ended, not only the shell.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `/bin/sh -c command` as the leader of a new process group.
enum GroupProcess {
    /// How a command ended.
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// The deadline passed; the group was ended.
        case timedOut
    }

    /// Runs `command` in `directory` with `environment`, standard output and error appended to
    /// `log`. With a `timeout` (seconds), the process group gets SIGTERM when it passes, then
    /// SIGKILL two seconds later if anything of it is still there.
    static func run(_ command: String, in directory: String, environment: [String: String],
                    log: String, timeout: Double?) throws -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        // posix_spawn has no working directory: the shell changes to it first.
        let script = "cd \(ShellQuote.quote(directory)) && exec /bin/sh -c \(ShellQuote.quote(command))"
        let argv = ["/bin/sh", "-c", script]
        let env = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let code = withCStrings(argv) { cArgv in
            withCStrings(env) { cEnv in posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgv, cEnv) }
        }
        guard code == 0 else { throw HistoryError(.repository, "cannot start /bin/sh: \(String(cString: strerror(code)))") }
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { return .exited(-1) }
            if let deadline, Date() > deadline {
                endGroup(pid)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(20_000)
        }
        // The shell ended; anything it left running in its group goes with it.
        kill(-pid, SIGKILL)
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(status & 0x7f)
    }

    /// SIGTERM to the group, then SIGKILL to whatever is left after a grace period.
    static func endGroup(_ leader: pid_t) {
        kill(-leader, SIGTERM)
        for _ in 0..<100 {
            if kill(-leader, 0) != 0 { return }
            var status: Int32 = 0
            _ = waitpid(leader, &status, WNOHANG)
            usleep(20_000)
        }
        kill(-leader, SIGKILL)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return body(pointers)
    }
}
