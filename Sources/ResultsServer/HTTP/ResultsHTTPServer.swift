// Starting the server: Hummingbird on the address asked for, until the process is stopped.
import Foundation
import Hummingbird

public enum ResultsHTTPServer {
    /// The warning printed for a non-loopback address.
    public static func exposureWarning(host: String) -> String? {
        HostCheck.isLoopback(host) ? nil
            : "warning: serving on \(host), reachable from other machines: the page has no authentication; "
              + "anyone who can reach it can read the results and run read-only queries"
    }

    /// The application serving `service` on `host:port` (port 0: any free port); `onRunning`
    /// is called with the port once it listens.
    public static func application(service: ResultsService, host: String, port: Int, pollMilliseconds: Int = 2000,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: ResultsRouter.make(service: service, hostCheck: HostCheck(boundTo: host),
                                                      pollMilliseconds: pollMilliseconds),
                           configuration: .init(address: .hostname(host, port: port), serverName: nil),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }
}
