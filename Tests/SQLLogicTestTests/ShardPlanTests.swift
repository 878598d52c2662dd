import XCTest
@testable import SQLLogicTest

final class ShardPlanTests: XCTestCase {
    func testParsesKOverNAndRejectsWhatIsNotAShard() throws {
        XCTAssertEqual(try Shard(parsing: "2/4"), try Shard(index: 2, count: 4))
        XCTAssertEqual(try Shard(parsing: "1/1").description, "1/1")
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { error in
                XCTAssertTrue("\(error)".contains("K/N"), "\(bad): \(error)")
            }
        }
    }

    func testEveryFileIsInExactlyOneShard() throws {
        let items = (0..<37).map { ShardItem(key: "f\($0).test", bytes: 100 + ($0 * 7919) % 1000) }
        for count in 1...6 {
            let plan = try ShardPlanner.plan(items, count: count)
            XCTAssertEqual(plan.shards.count, count)
            let all = plan.shards.flatMap { $0 }
            XCTAssertEqual(all.count, items.count, "count \(count)")
            XCTAssertEqual(Set(all), Set(items.map(\.key)), "count \(count)")
        }
    }

    func testThePlanDoesNotDependOnTheInputOrder() throws {
        let items = (0..<20).map { ShardItem(key: "f\($0).test", bytes: 500, recordedMs: $0 % 3 == 0 ? nil : $0 * 10) }
        let plan = try ShardPlanner.plan(items, count: 3)
        XCTAssertEqual(try ShardPlanner.plan(items.reversed(), count: 3), plan)
        XCTAssertEqual(try ShardPlanner.plan(items.shuffled(), count: 3).fingerprint, plan.fingerprint)
        XCTAssertNotEqual(try ShardPlanner.plan(items, count: 4).fingerprint, plan.fingerprint)
    }

    func testRecordedDurationsOutweighSizes() throws {
        // Sizes say the files are equal; the recorded durations say one is slow.
        let items = [ShardItem(key: "slow.test", bytes: 100, recordedMs: 9000),
                     ShardItem(key: "a.test", bytes: 100, recordedMs: 3000),
                     ShardItem(key: "b.test", bytes: 100, recordedMs: 3000),
                     ShardItem(key: "c.test", bytes: 100, recordedMs: 3000)]
        let plan = try ShardPlanner.plan(items, count: 2)
        XCTAssertEqual(plan.shards, [["slow.test"], ["a.test", "b.test", "c.test"]])
        XCTAssertEqual(plan.expectedCost, [9000, 9000])
        XCTAssertEqual(plan.expectedImbalance, 1, accuracy: 1e-9)
        XCTAssertEqual(plan.recordedCount, 4)
    }

    func testFilesWithoutHistoryAreEstimatedFromTheirSizeAtTheRecordedRate() throws {
        // 10 ms per byte from the timed files: new.test (400 bytes) is expected to take 4000 ms.
        let items = [ShardItem(key: "old1.test", bytes: 100, recordedMs: 1000),
                     ShardItem(key: "old2.test", bytes: 300, recordedMs: 3000),
                     ShardItem(key: "new.test", bytes: 400)]
        XCTAssertEqual(ShardPlanner.costs(items), [1000, 3000, 4000])
        let plan = try ShardPlanner.plan(items, count: 2)
        XCTAssertEqual(plan.shards, [["new.test"], ["old1.test", "old2.test"]])
        XCTAssertEqual(plan.recordedCount, 2)
    }

    func testWithoutHistorySizesBalanceTheShards() throws {
        let sizes = [700, 600, 500, 400, 300, 200, 100, 100]
        let items = sizes.enumerated().map { ShardItem(key: "f\($0.offset).test", bytes: $0.element) }
        let plan = try ShardPlanner.plan(items, count: 2)
        XCTAssertEqual(plan.expectedCost.reduce(0, +), 2900)
        XCTAssertLessThanOrEqual(plan.expectedCost.max() ?? 0, 1500, "LPT: \(plan.expectedCost)")
    }

    func testFilesThatCostNothingStillSpreadOut() throws {
        let items = (0..<8).map { ShardItem(key: "f\($0).test", bytes: 0, recordedMs: 0) }
        let plan = try ShardPlanner.plan(items, count: 4)
        XCTAssertEqual(plan.shards.map(\.count), [2, 2, 2, 2])
    }

    func testMoreShardsThanFilesLeavesSomeEmpty() throws {
        let plan = try ShardPlanner.plan([ShardItem(key: "only.test", bytes: 10)], count: 3)
        XCTAssertEqual(plan.files(of: try Shard(index: 1, count: 3)), ["only.test"])
        XCTAssertEqual(plan.files(of: try Shard(index: 3, count: 3)), [])
    }

    func testDuplicateKeysAndZeroShardsAreErrors() {
        XCTAssertThrowsError(try ShardPlanner.plan([ShardItem(key: "a", bytes: 1), ShardItem(key: "a", bytes: 2)], count: 2)) {
            XCTAssertTrue("\($0)".contains("a is listed twice"), "\($0)")
        }
        XCTAssertThrowsError(try ShardPlanner.plan([], count: 0))
    }
}
