// The server's core, free of HTTP: it keeps the results as of HEAD loaded (read-only) and the
// pages made from them, until the results ref or HEAD moves, and makes every page on one serial
// queue (the engine's databases and libgit2's objects are used from one thread at a time).
import Dispatch
import Engine
import Foundation
import Results

/// Pages over one repository's results, kept up to date with its results ref.
public final class ResultsService: @unchecked Sendable {
    public let source: ResultsSource
    public let limits: QueryLimits
    /// Everything runs here, one request at a time: a slow query holds the others at most
    /// for the time limit.
    private let queue = DispatchQueue(label: "vibesql.results-service")
    /// What was loaded at one (results tip, HEAD); touched on `queue` only.
    private var state: ResultsState?

    public init(source: ResultsSource, limits: QueryLimits = QueryLimits()) {
        self.source = source
        self.limits = limits
    }

    /// Runs `body` on the service's queue with the state of the current tip and HEAD.
    public func withState<T: Sendable>(_ body: @escaping @Sendable (ResultsState) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(try self.currentState()) })
            }
        }
    }

    /// The same, blocking the caller (the static report, benchmarks).
    public func withStateNow<T>(_ body: (ResultsState) throws -> T) throws -> T {
        try queue.sync { try body(try currentState()) }
    }

    /// The results ref's tip, read afresh (the live pages poll it).
    public func currentTip() async throws -> String? {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try self.source.resultsTip() }) }
        }
    }

    /// The state for the current tip and HEAD, loaded when either moved.
    private func currentState() throws -> ResultsState {
        let tip = try source.resultsTip()
        let head = try source.headCommit()
        if let state, state.tip == tip, state.head == head { return state }
        let fresh = try ResultsState(source: source, tip: tip, head: head, limits: limits)
        state = fresh
        return fresh
    }
}

/// The results at one tip of the results ref and one HEAD, and the pages made from them.
public final class ResultsState {
    public let source: ResultsSource
    public let tip: String?
    public let head: String?
    public let limits: QueryLimits
    /// The results database as of HEAD (what `vibesql-git status` and `query` read), read-only.
    public let database: ResultsDatabase
    /// Pages already made at this tip, by path and query (SQL pages excepted: they time).
    private var pages: [String: Page] = [:]
    private var comparisons: [String: Result<RunComparison, Error>] = [:]

    init(source: ResultsSource, tip: String?, head: String?, limits: QueryLimits) throws {
        self.source = source
        self.tip = tip
        self.head = head
        self.limits = limits
        database = try source.results(at: nil)
        database.database.isReadOnly = true
    }

    /// A page made once per state: `key` names it with its parameters.
    public func page(_ key: String, make: () throws -> Page) rethrows -> Page {
        if let page = pages[key] { return page }
        let page = try make()
        if pages.count > 256 { pages.removeAll() }
        pages[key] = page
        return page
    }

    /// `vibesql-git compare base head`, kept for this state.
    public func comparison(base: String, head: String) throws -> RunComparison {
        let key = base + "\u{0}" + head
        if let known = comparisons[key] { return try known.get() }
        let result = Result { try source.compare(base: base, head: head) }
        if comparisons.count > 64 { comparisons.removeAll() }
        comparisons[key] = result
        return try result.get()
    }

    /// Runs a typed query under the limits.
    public func query(_ sql: String) -> QueryOutcome {
        SafeQuery.run(sql, on: database.database, limits: limits)
    }

    /// Runs one of the pages' own queries (known to be read-only and quick).
    func rows(_ sql: String, _ parameters: [Value] = []) throws -> QueryResult {
        try database.database.execute(sql, parameters: parameters)
    }
}
