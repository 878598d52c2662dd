// Recursion whose depth the SQL decides (views over views, CTEs over CTEs, triggers firing
// triggers, foreign-key cascades) checks how much of its thread's stack is left, so a statement
// too deep for the thread fails with an error instead of ending the process.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lowest address the current thread's stack may reach before a check fails, computed once
/// per thread (reading the bounds can cost a read of /proc on the main thread).
enum StackGuard {
    /// Stack kept free below the last check: room for the deepest non-checked work between two
    /// checks (a compile of a 1000-high expression, one trigger step), in a debug build too.
    static let reserve = 4 << 20

    /// The thread's limit, per thread (0 until computed; 1 when the bounds are unknown).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Fails with "statement too deeply nested" when less than `reserve` bytes of stack remain.
    @inline(__always)
    static func check() throws {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if here < limit() { throw SQLError(.runtime, "statement too deeply nested for this thread's stack") }
    }

    private static func limit() -> UInt {
        if let stored = pthread_getspecific(key) { return UInt(bitPattern: stored) }
        let computed = computeLimit()
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: computed))
        return computed
    }

    private static func computeLimit() -> UInt {
        #if os(Linux)
        var attributes = pthread_attr_t()
        guard pthreadGetattrNP(pthread_self(), &attributes) == 0 else { return 1 }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return 1 }
        let low = UInt(bitPattern: base)
        #else
        let high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = pthread_get_stacksize_np(pthread_self())
        let low = high - UInt(size)
        #endif
        // A thread too small for the reserve keeps half of its stack free.
        let keep = min(UInt(reserve), UInt(size) / 2)
        return max(low + keep, 1)
    }
}

/// Runs `body` on a new thread whose stack is `stackSize` bytes and waits for it: the engine's
/// limits (expression height 1000, 1000 levels of triggers, long chains of views) need more
/// stack than a secondary thread's default, which the shell and the runner's workers give it.
public func runWithLargeStack<T>(stackSize: Int = 512 << 20, _ body: @escaping () throws -> T) throws -> T {
    var result: Result<T, Error>?
    let work = ThreadWork { result = Result { try body() } }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    let context = Unmanaged.passRetained(work).toOpaque()
    #if os(Linux)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let created = pthread_create(&thread, &attributes, { raw in
        guard let raw else { return nil }
        Unmanaged<ThreadWork>.fromOpaque(raw).takeRetainedValue().run()
        return nil
    }, context)
    if created != 0 {
        // No thread (a stack that size cannot be had): run here rather than not at all.
        Unmanaged<ThreadWork>.fromOpaque(context).release()
        return try body()
    }
    #if os(Linux)
    pthread_join(thread, nil)
    #else
    if let thread { pthread_join(thread, nil) }
    #endif
    guard let result else { throw SQLError(.misuse, "the engine's thread ended without a result") }
    return try result.get()
}

/// What runWithLargeStack hands its thread.
private final class ThreadWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

#if os(Linux)
/// glibc's pthread_getattr_np, which the Glibc module leaves out (it needs _GNU_SOURCE).
@_silgen_name("pthread_getattr_np")
private func pthreadGetattrNP(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif
