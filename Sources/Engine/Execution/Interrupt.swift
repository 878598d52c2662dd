// Stopping a running statement: Database.interrupt() from any thread, or a time limit per statement.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interrupt state of one database, shared by every context of the statement that runs.
///
/// Loops call `ExecutionContext.checkInterrupt()` once per row (or per step). That costs one
/// decrement of a counter; only every `InterruptCheck.interval` steps is the flag read (under a
/// lock, as another thread sets it) and the clock read for the time limit. Once a statement is
/// interrupted every later check fails too, so an error swallowed on the way (constant folding
/// tries and gives up) cannot let the statement run on. The next statement starts afresh.
final class InterruptCheck: @unchecked Sendable {
    /// Steps between two looks at the flag and the clock: rare enough to cost nothing per row,
    /// often enough that a statement stops within a few milliseconds.
    static let interval = 1024

    /// Steps left before the next look; a raw pointer, so decrementing it has no access check.
    let countdown: UnsafeMutablePointer<Int>
    /// Set by `request()` from any thread; read and cleared under `lock`.
    private var requested = false
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// When the running statement must stop (its start plus the database's time limit).
    private var deadline: ContinuousClock.Instant?
    /// True once the running statement was stopped: every check fails until the next statement.
    private var tripped = false

    init() {
        countdown = .allocate(capacity: 1)
        countdown.initialize(to: InterruptCheck.interval)
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
        countdown.deallocate()
    }

    /// Asks the running statement (or, when none runs, the next one) to stop. Any thread.
    func request() {
        pthread_mutex_lock(lock)
        requested = true
        pthread_mutex_unlock(lock)
        // Not touching `countdown` here: it belongs to the running thread. The next look at
        // the flag comes within `interval` steps.
    }

    /// A statement starts: it gets its own deadline; a pending request still stops it.
    func startStatement(timeLimit: Duration?) {
        tripped = false
        deadline = timeLimit.map { ContinuousClock.now.advanced(by: $0) }
        countdown.pointee = 0 // look at the flag at the first check
    }

    /// Counts one step; every `interval` steps looks at the flag and the deadline.
    @inline(__always)
    func step() throws {
        countdown.pointee &-= 1
        if countdown.pointee < 0 { try look() }
    }

    /// Looks at the flag and the deadline now (at a statement's start, and between steps).
    @inline(never)
    func look() throws {
        countdown.pointee = InterruptCheck.interval
        if tripped { throw SQLError.interrupted }
        pthread_mutex_lock(lock)
        let wasRequested = requested
        requested = false
        pthread_mutex_unlock(lock)
        if wasRequested || (deadline.map { ContinuousClock.now >= $0 } ?? false) {
            tripped = true
            countdown.pointee = 0
            throw SQLError.interrupted
        }
    }
}

extension SQLError {
    /// SQLite's SQLITE_INTERRUPT message.
    static var interrupted: SQLError { SQLError(.interrupted, "interrupted") }
}

extension Database {
    /// Stops the statement running on this database, from any thread: it fails with
    /// SQLError `.interrupted` ("interrupted"), and its changes are undone. When no statement
    /// runs, the next one to start fails that way instead.
    public func interrupt() {
        interruptCheck.request()
    }

    /// What another thread keeps to call `interrupt()`: a `Database` is not `Sendable`, this is.
    public var interruptHandle: InterruptHandle { InterruptHandle(check: interruptCheck) }
}

/// Interrupts one database from any thread (see `Database.interrupt()`).
public struct InterruptHandle: Sendable {
    let check: InterruptCheck

    public func interrupt() {
        check.request()
    }
}

extension ExecutionContext {
    /// One step of a loop whose length the data decides: fails when the statement was
    /// interrupted or ran past its time limit.
    @inline(__always)
    func checkInterrupt() throws {
        try interrupt.step()
    }
}
