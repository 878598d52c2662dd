// Pushing when others push too. N machines of a CI matrix finish their shards together and
// push the same ref: all but one are rejected because the remote moved. Each rejected pusher
// waits a little (exponential backoff with jitter, so they do not collide again in lockstep),
// pulls (a union merge, nothing lost), and pushes again, a bounded number of times.
import CGit2
import Foundation

/// How often and how patiently `pushRetrying` tries.
public struct PushRetryPolicy: Sendable, Equatable {
    /// Pushes tried in all, the first included.
    public var attempts: Int
    /// The wait before the second attempt; it doubles each time after, up to `maxDelay`.
    public var initialDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(attempts: Int = 8, initialDelay: TimeInterval = 0.25, maxDelay: TimeInterval = 8) {
        self.attempts = max(1, attempts)
        self.initialDelay = max(0, initialDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// The wait before attempt `attempt` (2, 3, ...), scaled by `jitter` (drawn in 0.5..<1.5).
    public func delay(beforeAttempt attempt: Int, jitter: Double) -> TimeInterval {
        let doublings = Double(min(30, max(0, attempt - 2)))
        return min(maxDelay, initialDelay * pow(2, doublings)) * jitter
    }
}

/// The outcome of `pushRetrying`.
public struct RetriedPush: Equatable, Sendable {
    public let push: PushOutcome
    /// Pushes tried (1 when the first was accepted).
    public let attempts: Int
    /// What each pull between attempts did.
    public let pulls: [PullOutcome]
}

extension ResultsStore {
    /// Pushes the results ref; when the remote rejects it because it moved (or its ref was
    /// locked by a concurrent push), waits, pulls the remote's runs in, and pushes again, up to
    /// `policy.attempts` pushes. Any other failure is thrown at once.
    @discardableResult
    public func pushRetrying(to remote: String, policy: PushRetryPolicy = PushRetryPolicy(),
                             pause: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                             jitter: () -> Double = { Double.random(in: 0.5..<1.5) }) throws -> RetriedPush {
        var pulls: [PullOutcome] = []
        let (outcome, attempts) = try Self.retrying(policy: policy, pause: pause, jitter: jitter,
                                                    attempt: { try push(to: remote) },
                                                    beforeRetry: { pulls.append(try pull(from: remote)) })
        return RetriedPush(push: outcome, attempts: attempts, pulls: pulls)
    }

    /// The retry loop: `attempt` until it succeeds or fails for a reason a retry cannot fix;
    /// between attempts, a backoff pause then `beforeRetry`. Returns the result and the
    /// number of attempts.
    static func retrying<T>(policy: PushRetryPolicy, pause: (TimeInterval) -> Void, jitter: () -> Double,
                            attempt: () throws -> T, beforeRetry: () throws -> Void) throws -> (T, Int) {
        var number = 1
        while true {
            do {
                return (try attempt(), number)
            } catch let error where isRetryable(error) {
                guard number < policy.attempts else {
                    if case .pushRejected(let remote, let ref, let reason) = error as? VibeGitError {
                        throw VibeGitError.pushRejected(remote: remote, ref: ref,
                                                        reason: "\(reason), still after \(number) attempts")
                    }
                    throw error
                }
                number += 1
                pause(policy.delay(beforeAttempt: number, jitter: jitter()))
                try beforeRetry()
            }
        }
    }

    /// A rejection because the remote moved, or the remote's ref being locked or changed under
    /// a concurrent local push: pulling and pushing again can succeed.
    static func isRetryable(_ error: Error) -> Bool {
        if case .pushRejected? = error as? VibeGitError { return true }
        if let error = error as? GitError {
            return error.code == GIT_ELOCKED.rawValue || error.code == GIT_EMODIFIED.rawValue
                || error.code == GIT_ENONFASTFORWARD.rawValue || error.message.contains("failed to lock")
        }
        return false
    }
}
