import XCTest
@testable import SQLLogicTest

final class MD5Tests: XCTestCase {
    /// The test suite of RFC 1321, appendix A.5.
    func testRFC1321Vectors() {
        let vectors: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
             "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, digest) in vectors {
            XCTAssertEqual(MD5.hex(input), digest, input)
        }
    }

    func testIncrementalUpdatesAcrossBlockBoundaries() {
        let text = String(repeating: "0123456789", count: 20)  // 200 bytes: several blocks
        XCTAssertEqual(MD5.hex(text), "c902a17556796a9f97afa23bad130b04")
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 200] {
            var md5 = MD5()
            md5.update(String(text.prefix(split)))
            md5.update(String(text.dropFirst(split)))
            XCTAssertEqual(md5.hexDigest(), "c902a17556796a9f97afa23bad130b04", "split at \(split)")
        }
    }
}
