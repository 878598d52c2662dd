// The server on a real socket (loopback, a free port): the Host header is checked against the
// bound address, so a DNS-rebinding page's own name is refused; pages answer over TCP.
import Foundation
import Hummingbird
import HummingbirdTesting
import ResultsServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class LiveServerTests: XCTestCase {
    /// One HTTP/1.1 request written by hand (so the Host header is ours), the response's text.
    static func rawRequest(port: Int, host: String, path: String = "/overview.json", method: String = "GET") throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ResultsServerTestError("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ResultsServerTestError("connect() to port \(port) failed") }
        let request = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        return String(decoding: response, as: UTF8.self)
    }

    func testHostHeaderIsCheckedOnARealSocket() async throws {
        let service = ResultsService(source: RecordedHistory())
        let app = Application(router: ResultsRouter.make(service: service, hostCheck: HostCheck(boundTo: "127.0.0.1")),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            // Blocking socket calls stay off the server's threads.
            let answers = try await Task.detached {
                try ["127.0.0.1:\(port)", "localhost:\(port)", "evil.example:\(port)", "127.0.0.1.evil.example", ""]
                    .map { try LiveServerTests.rawRequest(port: port, host: $0) }
            }.value
            XCTAssertTrue(answers[0].hasPrefix("HTTP/1.1 200"), answers[0])
            XCTAssertTrue(answers[0].contains("\"pass_rate\":33.3"), answers[0])
            XCTAssertTrue(answers[1].hasPrefix("HTTP/1.1 200"), answers[1])
            XCTAssertTrue(answers[2].hasPrefix("HTTP/1.1 421"), answers[2])
            XCTAssertFalse(answers[2].contains("pass_rate"))
            XCTAssertTrue(answers[3].hasPrefix("HTTP/1.1 421"), answers[3])
            let post = try await Task.detached { try LiveServerTests.rawRequest(port: port, host: "127.0.0.1", path: "/sql?q=SELECT+1", method: "POST") }.value
            XCTAssertTrue(post.hasPrefix("HTTP/1.1 405"), post)
            // Hummingbird's own client: the page over TCP.
            try await client.execute(uri: "/sql.csv?q=SELECT+42+AS+answer", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(String(buffer: response.body), "answer\n42\n")
            }
        }
    }

    func testHostCheckNames() {
        let loopback = HostCheck(boundTo: "127.0.0.1")
        for host in ["127.0.0.1", "127.0.0.1:8080", "localhost:1", "LOCALHOST", "[::1]:80", "localhost."] {
            XCTAssertTrue(loopback.accepts(host), host)
        }
        for host in ["evil.example", "evil.example:8080", "127.0.0.1.nip.io", "10.0.0.1", "", "[::2]"] {
            XCTAssertFalse(loopback.accepts(host), host)
        }
        XCTAssertFalse(loopback.accepts(nil))
        let named = HostCheck(boundTo: "192.168.1.5")
        XCTAssertTrue(named.accepts("192.168.1.5:8080"))
        XCTAssertFalse(named.accepts("localhost"))
        let any = HostCheck(boundTo: "0.0.0.0")
        XCTAssertTrue(any.accepts("10.1.2.3:80"))
        XCTAssertFalse(any.accepts("evil.example"))
        XCTAssertNil(ResultsHTTPServer.exposureWarning(host: "127.0.0.1"))
        XCTAssertNotNil(ResultsHTTPServer.exposureWarning(host: "0.0.0.0"))
    }
}
