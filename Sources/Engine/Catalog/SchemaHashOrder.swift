// The order SQLite 3.40 keeps a schema's tables and views in, which is the order PRAGMA
// table_list lists them: its schema hash (hash.c) holds them in one list, a new name going
// to the front, or in front of the names of its bucket once the hash has buckets (from ten
// names on: twice the count, at most 64 buckets, every name placed again when they change).
// A dropped name leaves the list; an ALTER TABLE reads the whole schema again in sqlite_master
// order (SQLite's schema reload), which starts the hash afresh.

struct SchemaHashOrder: Sendable {
    /// The names (lowercased keys), first to last.
    private(set) var names: [String] = []
    /// The schema's own table, always there.
    let schemaTable: String
    /// Each bucket's count and first name, once the hash has buckets.
    private var buckets: [(count: Int, first: String?)] = []

    /// A hash holding the schema's own table (`sqlite_master`, or `sqlite_temp_master` in temp),
    /// which SQLite puts there first.
    init(schemaTable: String) {
        self.schemaTable = schemaTable
        insert(schemaTable)
    }

    /// sqlite3HashInsert of a new name.
    mutating func insert(_ key: String) {
        let count = names.count + 1
        if count >= 10 && count > 2 * buckets.count {
            // rehash(): the size is capped by SQLITE_MALLOC_SOFT_LIMIT (1024 bytes of 16-byte buckets).
            let size = min(count * 2, 64)
            if size != buckets.count {
                let old = names
                names = []
                buckets = Array(repeating: (0, nil), count: size)
                for name in old { place(name) }
            }
        }
        place(key)
    }

    /// sqlite3HashInsert of a name with no data: the name leaves the list and its bucket.
    mutating func remove(_ key: String) {
        guard let i = names.firstIndex(of: key) else { return }
        let next = i + 1 < names.count ? names[i + 1] : nil
        names.remove(at: i)
        if !buckets.isEmpty {
            let b = bucket(of: key)
            if buckets[b].first == key { buckets[b].first = next }
            buckets[b].count -= 1
        }
        if names.isEmpty { buckets = [] }
    }

    /// insertElement(): in front of the first name of its bucket, or at the front of the list.
    private mutating func place(_ key: String) {
        var head: String?
        if !buckets.isEmpty {
            let b = bucket(of: key)
            head = buckets[b].count > 0 ? buckets[b].first : nil
            buckets[b].count += 1
            buckets[b].first = key
        }
        if let head, let i = names.firstIndex(of: head) {
            names.insert(key, at: i)
        } else {
            names.insert(key, at: 0)
        }
    }

    private func bucket(of key: String) -> Int { Int(SchemaHashOrder.hash(key) % UInt32(buckets.count)) }

    /// strHash(): Knuth's multiplicative hash of the ASCII-lowercased bytes.
    static func hash(_ key: String) -> UInt32 {
        var h: UInt32 = 0
        for byte in key.utf8 {
            h &+= UInt32(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            h &*= 0x9E37_79B1
        }
        return h
    }
}

extension Database {
    /// After an ALTER TABLE, SQLite reads the schema again (renameReloadSchema), and temp's too.
    func reloadTableOrders(afterAlterIn s: Int) {
        catalogs[s].reloadTableOrder()
        if s != Database.tempSchema { catalogs[Database.tempSchema].reloadTableOrder() }
    }
}
