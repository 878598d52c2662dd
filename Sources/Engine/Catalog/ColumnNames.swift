// Column names as name resolution reads them: computed once per table definition, not per statement.

/// A list of column names with their lookup keys (ASCII-lowercased, as SQLite compares names)
/// and, built on first use, the first position of each key. A table keeps one until its columns
/// change, so a statement over a wide table neither lowercases nor indexes its names again:
/// speedtest1's ORM workload names 120 columns in each of its 12,500 statements.
final class ColumnNames {
    let names: [String]
    let keys: [String]
    /// Key to the first position holding it (of two equal names, the leftmost, as a search from
    /// the left finds it).
    private lazy var firstPositions: [String: Int] = {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated().reversed() { positions[key] = i }
        return positions
    }()

    /// Below this many columns a search from the left is cheaper than building the map.
    static let mapThreshold = 24

    init(_ names: [String]) {
        self.names = names
        self.keys = names.map(asciiLowercased)
    }

    var count: Int { names.count }

    /// The first position whose key is `key` (already lowercased).
    func firstPosition(ofKey key: String) -> Int? {
        if keys.count < ColumnNames.mapThreshold { return keys.firstIndex(of: key) }
        return firstPositions[key]
    }

    /// The first position from `start` on whose key is `key`.
    func position(ofKey key: String, from start: Int) -> Int? {
        guard start < keys.count else { return nil }
        return keys[start...].firstIndex(of: key)
    }
}
