// The allocator setting the shell and vibesql-git restart with: added once, never over the user's.
import XCTest
@testable import Engine

final class MallocCacheTests: XCTestCase {
    func testAddsTheCacheSizeWhenNothingIsSet() {
        XCTAssertEqual(MallocCache.tunables(adding: nil), "glibc.malloc.tcache_count=1000")
        XCTAssertEqual(MallocCache.tunables(adding: ""), "glibc.malloc.tcache_count=1000")
    }

    func testKeepsTheUsersOtherTunables() {
        XCTAssertEqual(MallocCache.tunables(adding: "glibc.malloc.arena_max=2"),
                       "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=1000")
    }

    /// Set already (by the user, or by the first start): no restart, so no restart loop.
    func testASizeAlreadySetIsKept() {
        XCTAssertNil(MallocCache.tunables(adding: "glibc.malloc.tcache_count=7"))
        XCTAssertNil(MallocCache.tunables(adding: "glibc.malloc.mxfast=0:glibc.malloc.tcache_count=64"))
        // A longer name that only starts alike is another tunable.
        XCTAssertEqual(MallocCache.tunables(adding: "glibc.malloc.tcache_count_x=1"),
                       "glibc.malloc.tcache_count_x=1:glibc.malloc.tcache_count=1000")
    }
}
