// Object ids as lowercase hex strings: easy to compare, print, store in SQL and pass across
// threads; converted to `git_oid` only at the libgit2 boundary.
import CGit2

/// A git object id (SHA-1, 40 lowercase hex digits).
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The full lowercase hex form.
    public let hex: String

    /// The all-zero id git uses for "no object" (new branches and deletes in pre-push input).
    public static let zero = ObjectID(unchecked: String(repeating: "0", count: 40))

    /// Parses a full 40-digit hex id (either case); `nil` for anything else.
    public init?(hex: String) {
        let lower = hex.lowercased()
        guard lower.utf8.count == 40, lower.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        self.hex = lower
    }

    private init(unchecked hex: String) { self.hex = hex }

    init(_ oid: UnsafePointer<git_oid>) {
        var buffer = [UInt8](repeating: 0, count: 40)
        buffer.withUnsafeMutableBytes { raw in
            _ = git_oid_fmt(raw.baseAddress?.assumingMemoryBound(to: CChar.self), oid)
        }
        self.hex = String(decoding: buffer, as: UTF8.self)
    }

    /// The first 7 digits, as `git log --oneline` shows.
    public var short: String { String(hex.prefix(7)) }
    public var isZero: Bool { self == .zero }
    public var description: String { hex }
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    /// The libgit2 form. Cannot fail: `hex` was validated on construction.
    var gitOID: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstrn(&oid, hex, hex.utf8.count)
        return oid
    }
}
