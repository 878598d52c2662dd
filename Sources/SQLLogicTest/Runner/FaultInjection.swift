// Test-only faults: make a worker crash or hang on a chosen file, to prove the supervisor copes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults read from the environment of a worker process:
/// `VIBESQL_FAULT_CRASH=<path substring>[:<line>]` raises SIGSEGV, and
/// `VIBESQL_FAULT_HANG=<path substring>[:<line>]` sleeps forever, when the file whose path contains
/// the substring reaches its first record at or after `line` (the first record when omitted).
public struct FaultInjection: Sendable, Equatable {
    public struct Trigger: Sendable, Equatable {
        public var pathSubstring: String
        public var line: Int

        /// Parses `substring[:line]`.
        public init?(_ spec: String) {
            guard !spec.isEmpty else { return nil }
            if let colon = spec.lastIndex(of: ":"), let n = Int(spec[spec.index(after: colon)...]) {
                pathSubstring = String(spec[..<colon])
                line = n
            } else {
                pathSubstring = spec
                line = 0
            }
        }

        func matches(path: String, line: Int) -> Bool {
            line >= self.line && path.contains(pathSubstring)
        }
    }

    public var crash: Trigger?
    public var hang: Trigger?

    public init(crash: Trigger? = nil, hang: Trigger? = nil) {
        self.crash = crash
        self.hang = hang
    }

    /// The faults set in `environment`, or nil when there are none.
    public static func from(environment: [String: String]) -> FaultInjection? {
        let f = FaultInjection(crash: environment["VIBESQL_FAULT_CRASH"].flatMap(Trigger.init),
                               hang: environment["VIBESQL_FAULT_HANG"].flatMap(Trigger.init))
        return f.crash == nil && f.hang == nil ? nil : f
    }

    /// Crashes or hangs when a trigger matches this record.
    func trigger(path: String, line: Int) {
        if let crash, crash.matches(path: path, line: line) {
            raise(SIGSEGV)
        }
        if let hang, hang.matches(path: path, line: line) {
            while true { sleep(3600) }
        }
    }
}
