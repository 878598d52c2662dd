// The `.vibesql/config` file: which suites exist, the baseline branch, what the pre-push hook
// runs and whether it blocks or warns, its time budget and build command, and regressions the
// project has accepted (each with a reason).
import Foundation

/// The parsed `.vibesql/config`.
///
/// Format (INI-like, no dependency): `[section]` or `[section "name"]` headers, `key = value`
/// lines, whole-line comments starting with `#` or `;`. There are no inline comments, so
/// values (build commands, reasons) may contain `#`. Durations are seconds (`300`) or a number
/// with `s`, `m` or `h` (`5m`).
///
/// ```
/// [suite "quick"]
/// path = test/select1.test      # repeatable; the runner expands directories
/// timeout = 30s                 # per-file limit
///
/// [baseline]
/// branch = main
///
/// [hook]
/// suite = quick
/// policy = block                # block | warn
/// time-budget = 5m
/// build = swift build -c release
///
/// [accept "test/select3.test"]  # a file path or a record key
/// reason = collation of NULLs differs, see issue 12
/// suite = quick                 # optional: only in this suite
/// ```
public struct VibeConfig: Equatable, Sendable {
    /// Where the file lives, relative to the repository root.
    public static let path = ".vibesql/config"

    /// A named set of test files.
    public struct Suite: Equatable, Sendable {
        public var name: String
        /// Files or directories, relative to the repository root, in file order.
        public var paths: [String]
        /// Per-file time limit in seconds, `nil` for the runner's default.
        public var timeout: Int?

        public init(name: String, paths: [String], timeout: Int? = nil) {
            self.name = name
            self.paths = paths
            self.timeout = timeout
        }
    }

    /// What the pre-push hook does when it finds regressions that are not accepted.
    public enum Policy: String, Equatable, Sendable {
        /// Refuse the push (exit non-zero); `git push --no-verify` still skips the hook.
        case block
        /// Print the regressions and let the push go.
        case warn
    }

    /// A regression the project knowingly accepts.
    public struct AcceptedRegression: Equatable, Sendable {
        /// A test file path or a record key, matched exactly.
        public var key: String
        public var reason: String
        /// Only accepted in this suite, or in every suite when `nil`.
        public var suite: String?
        /// Line of the `[accept]` header, for messages.
        public var line: Int

        public init(key: String, reason: String, suite: String? = nil, line: Int = 0) {
            self.key = key
            self.reason = reason
            self.suite = suite
            self.line = line
        }
    }

    public var suites: [Suite] = []
    /// The branch runs are compared with.
    public var baselineBranch = "main"
    /// The suite the hook runs; `nil` means "quick" if defined, else the first suite.
    public var hookSuite: String?
    public var policy: Policy = .block
    /// Seconds the hook may spend (build + run), `nil` for no limit.
    public var timeBudget: Int?
    /// Shell command that builds the engine before a run, `nil` to skip building.
    public var buildCommand: String?
    public var accepted: [AcceptedRegression] = []

    public init() {}

    /// The suite the pre-push hook runs, `nil` when no suite is configured.
    public var suiteForHook: Suite? {
        let name = hookSuite ?? (suites.contains { $0.name == "quick" } ? "quick" : suites.first?.name)
        return suites.first { $0.name == name }
    }

    /// The acceptance covering a regression of `file` (or of its record `recordKey`) in
    /// `suite`, if any.
    public func acceptance(file: String, recordKey: String? = nil, suite: String) -> AcceptedRegression? {
        accepted.first { accepted in
            (accepted.key == file || (recordKey != nil && accepted.key == recordKey))
                && (accepted.suite == nil || accepted.suite == suite)
        }
    }
}

/// A mistake in `.vibesql/config`, with its line.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let message: String

    public var description: String { "\(file):\(line): \(message)" }
}

extension VibeConfig {
    /// Loads `.vibesql/config` from `commit`'s tree (so the hook judges a commit by the
    /// configuration it carries), or from the work tree when `commit` is `nil`. A missing file
    /// gives the defaults.
    public static func load(from repository: Repository, at commit: ObjectID? = nil) throws -> VibeConfig {
        let bytes: [UInt8]?
        let file: String
        if let commit {
            bytes = try repository.fileBytes(at: path, in: commit)
            file = "\(path) in \(commit.short)"
        } else if let root = repository.workTree {
            file = root + "/" + path
            bytes = FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        } else {
            throw VibeGitError.bareRepository(operation: "reading \(path) from the work tree")
        }
        guard let bytes else { return VibeConfig() }
        return try parse(text(of: bytes, file: file), file: path)
    }

    /// The text of a config file; an error naming the file and the line when it is not UTF-8
    /// (read with replacement characters, its names and paths would silently be wrong).
    static func text(of bytes: [UInt8], file: String) throws -> String {
        if let text = String(bytes: bytes, encoding: .utf8) { return text }
        var line = 1, start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if String(bytes: bytes[start..<end], encoding: .utf8) == nil { break }
            line += 1
            start = end + 1
        }
        throw ConfigError(file: file, line: line, message: "not UTF-8 text: save the file as UTF-8")
    }
}
