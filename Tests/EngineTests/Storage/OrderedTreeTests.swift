import XCTest
@testable import Engine

/// The B+-tree under tables and indexes against a plain sorted array, through random inserts,
/// replacements and removals large enough to split leaves and inner nodes and empty them again.
final class OrderedTreeTests: XCTestCase {
    private struct IntOrder: TreeOrder {
        func compare(_ a: Int, _ b: Int) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
    }

    private func makeTree() -> OrderedTree<IntOrder, String> {
        OrderedTree(order: IntOrder())
    }

    func testRandomOperationsMatchASortedDictionary() {
        var generator = SystemRandomNumberGenerator()
        let tree = makeTree()
        var model: [Int: String] = [:]
        for step in 0..<40_000 {
            let key = Int.random(in: 0..<6_000, using: &generator)
            if Int.random(in: 0..<3, using: &generator) == 0 {
                XCTAssertEqual(tree.remove(key), model.removeValue(forKey: key), "remove \(key) at step \(step)")
            } else {
                XCTAssertEqual(tree.insert(key, "v\(step)"), model.updateValue("v\(step)", forKey: key), "insert \(key)")
            }
            XCTAssertEqual(tree.count, model.count)
        }
        let sorted = model.keys.sorted()
        var seen: [Int] = []
        tree.forEach { key, value in
            XCTAssertEqual(model[key], value)
            seen.append(key)
            return true
        }
        XCTAssertEqual(seen, sorted)
        XCTAssertEqual(tree.lastKey, sorted.last)
        for probe in [-1, 0, 17, 2_999, 5_999, 6_000] {
            var from: [Int] = []
            tree.forEach(from: { $0 < probe }) { key, _ in from.append(key); return from.count < 50 }
            XCTAssertEqual(from, Array(sorted.filter { $0 >= probe }.prefix(50)), "from \(probe)")
        }
        for key in sorted { XCTAssertEqual(tree.value(for: key), model[key]) }
    }

    func testAscendingLoadAndFullRemoval() {
        let tree = makeTree()
        for key in 0..<100_000 { tree.insert(key, "") }
        XCTAssertEqual(tree.count, 100_000)
        XCTAssertEqual(tree.lastKey, 99_999)
        for key in stride(from: 0, to: 100_000, by: 2) { XCTAssertNotNil(tree.remove(key)) }
        XCTAssertEqual(tree.values.count, 50_000)
        for key in stride(from: 99_999, through: 1, by: -2) { XCTAssertNotNil(tree.remove(key)) }
        XCTAssertTrue(tree.isEmpty)
        XCTAssertNil(tree.lastKey)
        tree.insert(5, "five")
        XCTAssertEqual(tree.value(for: 5), "five")
    }
}
