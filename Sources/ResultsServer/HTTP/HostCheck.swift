// The Host header checked against the address the server is bound to: a page on another site
// that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own name as Host and is
// refused, so it can never read the results or run a query through a visitor's browser.

/// Which Host names a server bound to one address answers to.
public struct HostCheck: Sendable, Equatable {
    /// Names (lowercased, IPv6 without brackets) that are accepted; empty: any IP literal or
    /// `localhost` (a server bound to every address).
    public let names: Set<String>
    public let anyAddress: Bool

    /// For a server bound to `host` (an address or a name).
    public init(boundTo host: String) {
        let bound = HostCheck.normalise(host)
        anyAddress = bound == "0.0.0.0" || bound == "::" || bound.isEmpty
        var names: Set<String> = [bound]
        if HostCheck.isLoopback(bound) || bound == "localhost" {
            names.formUnion(["localhost", "127.0.0.1", "::1"])
        }
        self.names = names
    }

    /// True for a loopback address or `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = normalise(host)
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Whether a request with this Host header (name, optional port) is answered.
    public func accepts(_ hostHeader: String?) -> Bool {
        guard let hostHeader, !hostHeader.isEmpty else { return false }
        let name = HostCheck.normalise(HostCheck.stripPort(hostHeader))
        if names.contains(name) { return true }
        // Bound to every address: an address typed by hand is fine, a name is not (a
        // rebinding site sends its own name).
        return anyAddress && (HostCheck.isIPv4(name) || name.contains(":") || name == "localhost")
    }

    /// `name:port` → `name`; `[::1]:8080` → `::1`.
    static func stripPort(_ host: String) -> String {
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return host }
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            return String(host[..<colon])
        }
        return host
    }

    static func normalise(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
