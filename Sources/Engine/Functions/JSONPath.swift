// JSON paths ($.a.b[0], $."key", $[#-1]) and the lookups and edits json_extract, json_set,
// json_insert, json_replace and json_remove make along them.

/// One step of a path: an object key (unescaped) or an array position.
enum JSONPathStep: Equatable {
    case key(String)
    /// `[N]`, or `[#-N]` counted from the end (`[#]` is one past the last: append).
    case index(Int, fromEnd: Bool)
}

struct JSONPath {
    var steps: [JSONPathStep]

    /// Parses `$...`; anything else is sqlite3's "JSON path error near '...'".
    init(_ text: String) throws {
        let bytes = Array(text.utf8)
        func failure(at i: Int) -> SQLError {
            SQLError(.runtime, "JSON path error near '\(String(decoding: bytes[min(i, bytes.count)...], as: UTF8.self))'")
        }
        guard bytes.first == UInt8(ascii: "$") else { throw failure(at: 0) }
        var i = 1
        steps = []
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ".") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                    var j = i + 1
                    while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += 1 }
                    guard j < bytes.count else { throw failure(at: i) }
                    steps.append(.key(String(decoding: bytes[(i + 1)..<j], as: UTF8.self)))
                    i = j + 1
                } else {
                    var j = i
                    while j < bytes.count, bytes[j] != UInt8(ascii: "."), bytes[j] != UInt8(ascii: "[") { j += 1 }
                    guard j > i else { throw failure(at: i) }
                    steps.append(.key(String(decoding: bytes[i..<j], as: UTF8.self)))
                    i = j
                }
            } else if bytes[i] == UInt8(ascii: "[") {
                let open = i
                i += 1
                var fromEnd = false
                if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
                    fromEnd = true
                    i += 1
                    if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 } else {
                        guard i < bytes.count, bytes[i] == UInt8(ascii: "]") else { throw failure(at: open) }
                        steps.append(.index(0, fromEnd: true))
                        i += 1
                        continue
                    }
                }
                var n = 0
                let digitsStart = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    let (m, o1) = n.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
                    guard !o1, !o2 else { throw failure(at: open) }
                    n = s
                    i += 1
                }
                guard i > digitsStart, i < bytes.count, bytes[i] == UInt8(ascii: "]") else { throw failure(at: open) }
                i += 1
                steps.append(.index(n, fromEnd: fromEnd))
            } else {
                throw failure(at: i)
            }
        }
    }

    init(steps: [JSONPathStep]) { self.steps = steps }

    /// The value at the path, or nil when there is none.
    func lookup(in node: JSONNode) -> JSONNode? {
        var current = node
        for step in steps {
            guard let next = JSONPath.child(of: current, step) else { return nil }
            current = next
        }
        return current
    }

    private static func position(_ step: JSONPathStep, count: Int) -> Int? {
        guard case .index(let n, let fromEnd) = step else { return nil }
        return fromEnd ? count - n : n
    }

    private static func child(of node: JSONNode, _ step: JSONPathStep) -> JSONNode? {
        switch (node, step) {
        case (.object(let members), .key(let key)):
            return members.last(where: { JSONText.unescape($0.key) == key }).map(\.value)
        case (.array(let items), .index):
            guard let p = position(step, count: items.count), p >= 0, p < items.count else { return nil }
            return items[p]
        default:
            return nil
        }
    }

    enum Edit { case set, insert, replace, remove }

    /// The document after one edit at this path. set and insert create what is missing
    /// (objects on the way, a member, an element at `[#]`); replace and remove change only
    /// what exists. Removing the root gives nil.
    func applying(_ edit: Edit, _ value: JSONNode?, to node: JSONNode) -> JSONNode? {
        guard !steps.isEmpty else {
            switch edit {
            case .remove: return nil
            case .set, .replace: return value ?? node
            case .insert: return node
            }
        }
        return JSONPath.apply(edit, value, steps[...], to: node) ?? node
    }

    /// nil: nothing changed (the path does not reach, and nothing may be created).
    private static func apply(_ edit: Edit, _ value: JSONNode?, _ steps: ArraySlice<JSONPathStep>,
                              to node: JSONNode) -> JSONNode? {
        guard let step = steps.first else { return nil }
        let rest = steps.dropFirst()
        let creates = edit == .set || edit == .insert
        switch (node, step) {
        case (.object(var members), .key(let key)):
            if let i = members.lastIndex(where: { JSONText.unescape($0.key) == key }) {
                if rest.isEmpty {
                    switch edit {
                    case .insert: return nil
                    case .remove: members.remove(at: i)
                    case .set, .replace: members[i].value = value ?? .null
                    }
                } else {
                    guard let changed = apply(edit, value, rest, to: members[i].value) else { return nil }
                    members[i].value = changed
                }
                return .object(members)
            }
            guard creates, let made = created(value, rest) else { return nil }
            members.append(JSONMember(key: JSONText.escape(key), value: made))
            return .object(members)
        case (.array(var items), .index):
            guard let p = position(step, count: items.count), p >= 0 else { return nil }
            if p < items.count {
                if rest.isEmpty {
                    switch edit {
                    case .insert: return nil
                    case .remove: items.remove(at: p)
                    case .set, .replace: items[p] = value ?? .null
                    }
                } else {
                    guard let changed = apply(edit, value, rest, to: items[p]) else { return nil }
                    items[p] = changed
                }
                return .array(items)
            }
            guard creates, p == items.count, let made = created(value, rest) else { return nil }
            items.append(made)
            return .array(items)
        default:
            return nil
        }
    }

    /// What set and insert put where the path leaves the document: the value, inside new
    /// objects for the keys still to come (an index still to come creates nothing).
    private static func created(_ value: JSONNode?, _ rest: ArraySlice<JSONPathStep>) -> JSONNode? {
        guard let step = rest.first else { return value ?? .null }
        guard case .key(let key) = step, let inner = created(value, rest.dropFirst()) else { return nil }
        return .object([JSONMember(key: JSONText.escape(key), value: inner)])
    }
}
