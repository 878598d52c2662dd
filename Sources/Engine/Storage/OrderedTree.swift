// The ordered structure under tables and indexes: a B+-tree. Finding, adding and removing a
// key cost O(log n) whatever the table's size, and entries come out in key order.

/// How a tree orders its keys: negative, zero or positive, as `a` comes before, with or after
/// `b`. A type rather than a closure, so each tree's comparison is compiled into its searches.
protocol TreeOrder {
    associatedtype Key
    func compare(_ a: Key, _ b: Key) -> Int
}

/// An ordered map from unique keys to values. Entries live in leaves of up to `leafCapacity`
/// entries; an inner node holds, for each child after the first, the smallest key of that
/// child. Removal drops emptied leaves without rebalancing, so the depth stays that of the
/// largest size the tree ever had (SQLite's b-trees also keep their pages until VACUUM).
final class OrderedTree<Order: TreeOrder, Value> {
    typealias Key = Order.Key

    private final class Node {
        var keys: [Key] = []
        /// Leaves only: the value of each key.
        var values: [Value] = []
        /// Inner nodes only: `keys.count + 1` children.
        var children: [Node] = []
        let isLeaf: Bool
        init(isLeaf: Bool) { self.isLeaf = isLeaf }
    }

    private static var leafCapacity: Int { 64 }
    private static var innerCapacity: Int { 64 }

    let order: Order
    private var root = Node(isLeaf: true)
    private(set) var count = 0

    init(order: Order) {
        self.order = order
    }

    var isEmpty: Bool { count == 0 }

    /// First position in a node whose key is not below `key` (or, with `orEqual`, above it).
    /// The keys are read in place: copying each one out would retain what it holds.
    @inline(__always)
    private func search(_ node: Node, _ key: Key, orEqual: Bool) -> Int {
        let order = self.order
        return node.keys.withUnsafeBufferPointer { keys in
            var low = 0, high = keys.count
            while low < high {
                let mid = (low + high) >> 1
                let c = order.compare(keys[mid], key)
                if c < 0 || (orEqual && c == 0) { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// The child of an inner node that holds `key`: past every separator not above it.
    @inline(__always)
    private func childIndex(_ node: Node, _ key: Key) -> Int { search(node, key, orEqual: true) }

    /// The leaf that holds `key`, and its position there when present.
    private func find(_ key: Key) -> (leaf: Node, position: Int, found: Bool) {
        var node = root
        while !node.isLeaf { node = node.children[childIndex(node, key)] }
        let i = search(node, key, orEqual: false)
        let found = i < node.keys.count && node.keys.withUnsafeBufferPointer { order.compare($0[i], key) == 0 }
        return (node, i, found)
    }

    func value(for key: Key) -> Value? {
        let (leaf, i, found) = find(key)
        return found ? leaf.values[i] : nil
    }

    func contains(_ key: Key) -> Bool { find(key).found }

    /// The largest key, if any.
    var lastKey: Key? {
        var node = root
        while !node.isLeaf {
            // Emptied children are removed, so an inner node's last child holds keys.
            guard let last = node.children.last else { return nil }
            node = last
        }
        return node.keys.last
    }

    /// Sets the value of `key`; returns the value it replaced.
    @discardableResult
    func insert(_ key: Key, _ value: Value) -> Value? {
        var replaced: Value?
        if let (separator, right) = insert(key, value, into: root, replaced: &replaced) {
            let newRoot = Node(isLeaf: false)
            newRoot.keys = [separator]
            newRoot.children = [root, right]
            root = newRoot
        }
        if replaced == nil { count += 1 }
        return replaced
    }

    /// Sets the value of a present `key` in one descent; returns the value it replaced, or nil
    /// (and changes nothing) when the key is absent.
    func replaceValue(for key: Key, with value: Value) -> Value? {
        let (leaf, i, found) = find(key)
        guard found else { return nil }
        let old = leaf.values[i]
        leaf.values[i] = value
        return old
    }

    /// Inserts under `node`; returns the new right sibling (and its smallest key) when it split.
    private func insert(_ key: Key, _ value: Value, into node: Node, replaced: inout Value?) -> (Key, Node)? {
        if node.isLeaf {
            let i = search(node, key, orEqual: false)
            if i < node.keys.count && node.keys.withUnsafeBufferPointer({ order.compare($0[i], key) == 0 }) {
                replaced = node.values[i]
                node.values[i] = value
                return nil
            }
            node.keys.insert(key, at: i)
            node.values.insert(value, at: i)
            guard node.keys.count > OrderedTree.leafCapacity else { return nil }
            // Appending in key order (the usual load) leaves full leaves behind.
            let half = i == node.keys.count - 1 ? node.keys.count - 1 : node.keys.count / 2
            let right = Node(isLeaf: true)
            right.keys = Array(node.keys[half...])
            right.values = Array(node.values[half...])
            node.keys.removeSubrange(half...)
            node.values.removeSubrange(half...)
            return (right.keys[0], right)
        }
        let c = childIndex(node, key)
        guard let (separator, child) = insert(key, value, into: node.children[c], replaced: &replaced) else { return nil }
        node.keys.insert(separator, at: c)
        node.children.insert(child, at: c + 1)
        guard node.children.count > OrderedTree.innerCapacity else { return nil }
        let half = c == node.keys.count - 1 ? node.keys.count - 1 : node.keys.count / 2
        let right = Node(isLeaf: false)
        let up = node.keys[half]
        right.keys = Array(node.keys[(half + 1)...])
        right.children = Array(node.children[(half + 1)...])
        node.keys.removeSubrange(half...)
        node.children.removeSubrange((half + 1)...)
        return (up, right)
    }

    /// Removes `key`; returns its value, or nil when absent.
    @discardableResult
    func remove(_ key: Key) -> Value? {
        let removed = remove(key, from: root)
        if removed != nil { count -= 1 }
        // A root with one child hands the tree to that child.
        while !root.isLeaf && root.children.count == 1 { root = root.children[0] }
        if !root.isLeaf && root.children.isEmpty { root = Node(isLeaf: true) }
        return removed
    }

    private func remove(_ key: Key, from node: Node) -> Value? {
        if node.isLeaf {
            let i = search(node, key, orEqual: false)
            guard i < node.keys.count && node.keys.withUnsafeBufferPointer({ order.compare($0[i], key) == 0 }) else { return nil }
            node.keys.remove(at: i)
            return node.values.remove(at: i)
        }
        let c = childIndex(node, key)
        let child = node.children[c]
        guard let removed = remove(key, from: child) else { return nil }
        // An emptied child goes; an inner node left without children goes in turn.
        if child.isLeaf ? child.keys.isEmpty : child.children.isEmpty {
            node.children.remove(at: c)
            if !node.keys.isEmpty { node.keys.remove(at: c == 0 ? 0 : c - 1) }
        }
        return removed
    }

    func removeAll() {
        root = Node(isLeaf: true)
        count = 0
    }

    /// An independent tree with the same entries. Only the nodes are new: their arrays are
    /// shared until either tree changes them (copy on write), so a copy costs O(n / 56).
    func copy() -> OrderedTree {
        let copy = OrderedTree(order: order)
        func clone(_ node: Node) -> Node {
            let new = Node(isLeaf: node.isLeaf)
            new.keys = node.keys
            new.values = node.values
            new.children = node.children.map(clone)
            return new
        }
        copy.root = clone(root)
        copy.count = count
        return copy
    }

    /// Replaces the whole content with entries already in strictly ascending key order, built
    /// bottom up in O(n) (CREATE INDEX, ALTER TABLE copying a table) instead of n insertions.
    func load(sortedKeys keys: [Key], values: [Value]) {
        load(count: keys.count, key: { keys[$0] }, value: { values[$0] })
    }

    /// The same, with entry `i` of `count` made by `key(i)` and `value(i)` as its leaf is
    /// filled: a big index is built without a second array of all its entries.
    func load(count total: Int, key: (Int) -> Key, value: (Int) -> Value) {
        removeAll()
        guard total > 0 else { return }
        // Nodes a little under full, so the next inserts do not split them at once.
        let fill = OrderedTree.leafCapacity * 7 / 8
        var level: [(first: Key, node: Node)] = []
        level.reserveCapacity(total / fill + 1)
        var start = 0
        while start < total {
            let end = min(start + fill, total)
            let leaf = Node(isLeaf: true)
            leaf.keys.reserveCapacity(end - start)
            leaf.values.reserveCapacity(end - start)
            for i in start..<end {
                leaf.keys.append(key(i))
                leaf.values.append(value(i))
            }
            level.append((leaf.keys[0], leaf))
            start = end
        }
        let fanout = OrderedTree.innerCapacity * 7 / 8
        while level.count > 1 {
            var next: [(first: Key, node: Node)] = []
            next.reserveCapacity(level.count / fanout + 1)
            var i = 0
            while i < level.count {
                let end = min(i + fanout, level.count)
                let inner = Node(isLeaf: false)
                inner.children = level[i..<end].map(\.node)
                inner.keys = level[(i + 1)..<end].map(\.first)
                next.append((level[i].first, inner))
                i = end
            }
            level = next
        }
        root = level[0].node
        count = total
    }

    /// Calls `body` on the entries in key order, starting at the first key for which `isBelow`
    /// is false (`isBelow` must hold for a prefix of the order), until `body` returns false.
    func forEach(from isBelow: ((Key) -> Bool)? = nil, _ body: (Key, Value) throws -> Bool) rethrows {
        _ = try visit(root, isBelow, body)
    }

    private func visit(_ node: Node, _ isBelow: ((Key) -> Bool)?, _ body: (Key, Value) throws -> Bool) rethrows -> Bool {
        var start = 0
        if let isBelow {
            var high = node.keys.count
            while start < high {
                let mid = (start + high) >> 1
                if isBelow(node.keys[mid]) { start = mid + 1 } else { high = mid }
            }
        }
        if node.isLeaf {
            while start < node.keys.count {
                if try !body(node.keys[start], node.values[start]) { return false }
                start += 1
            }
            return true
        }
        guard !node.children.isEmpty else { return true }
        // Only the first child visited can hold keys below the start.
        if try !visit(node.children[start], isBelow, body) { return false }
        for c in (start + 1)..<node.children.count where try !visit(node.children[c], nil, body) { return false }
        return true
    }

    /// Changes every value in place (the keys stay as they are).
    func updateValues(_ body: (inout Value) -> Void) {
        func update(_ node: Node) {
            guard node.isLeaf else { node.children.forEach(update); return }
            var values = node.values
            node.values = []  // so `values` is the only reference and changes in place
            for i in values.indices { body(&values[i]) }
            node.values = values
        }
        update(root)
    }

    /// Every value in key order.
    var values: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        forEach { _, value in out.append(value); return true }
        return out
    }
}

/// Rowids in ascending order: a table's rows.
struct RowidOrder: TreeOrder {
    @inline(__always)
    func compare(_ a: Int64, _ b: Int64) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
}
