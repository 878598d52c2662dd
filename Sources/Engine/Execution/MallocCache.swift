// The allocator's per-thread cache, sized for how a statement allocates.
#if canImport(Glibc)
import Glibc
#endif

/// glibc keeps up to 7 freed blocks of each size in a per-thread cache. A statement allocates
/// its syntax tree, compiled expressions and rows in bursts of hundreds of blocks of one size
/// and frees them together; past the 7th, the blocks go to glibc's shared bins, and the next
/// large request (a row of 120 values) merges and re-sorts those bins. On the ORM workload of
/// speedtest1 that sorting was a fifth of the run. A cache of 1,000 blocks per size keeps a
/// statement's blocks for the next one (SQLite's lookaside allocator does the same for it):
/// one-row statements with 120 columns ran 1.98 s -> 1.44 s, peak memory 60.4 -> 61.0 MB.
///
/// glibc reads the size only from the environment (GLIBC_TUNABLES) when a program starts, so
/// the shell and vibesql-git start themselves once more with it set, before they do anything
/// else. A size the user set is kept.
public enum MallocCache {
    static let tunable = "glibc.malloc.tcache_count"
    static let blocksPerSize = 1000

    /// The GLIBC_TUNABLES value to restart with, or nil when `current` already sizes the cache.
    static func tunables(adding current: String?) -> String? {
        let setting = "\(tunable)=\(blocksPerSize)"
        guard let current, !current.isEmpty else { return setting }
        if current.split(separator: ":").contains(where: { $0.hasPrefix(tunable + "=") }) { return nil }
        return current + ":" + setting
    }

    /// Restarts the running program (same arguments, same open files) with the cache sized,
    /// unless it is already. Call first thing in `main`. Where the program can't be restarted
    /// (no /proc, not glibc) it runs on with glibc's default.
    public static func restartWithLargerCache() {
        #if os(Linux) && canImport(Glibc)
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        guard let value = tunables(adding: current) else { return }
        guard setenv("GLIBC_TUNABLES", value, 1) == 0 else { return }
        var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
        // Only a failed exec returns: run on as started, leaving the environment as it was.
        for pointer in argv { free(pointer) }
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }
}
