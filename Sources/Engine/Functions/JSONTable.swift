// json_each and json_tree: the rows of SQLite 3.40's JSON table-valued functions.
//
// Columns key, value, type, atom, id, parent, fullkey, path and the hidden json and root.
// `id` numbers the nodes of SQLite's parse in document order, an object's member being two
// nodes (its label, then its value); an answer depends on it, so it is reproduced here.
// Where 3.40 writes a path, it is reproduced as written, quirks included: json_each writes
// the root argument as given followed by the element; json_tree writes every path from the
// document's top, and an array that encloses the walk's start shows index 0 there (3.40
// reads a counter that only the walk itself advances).

enum JSONTable {
    static let columns = ["key", "value", "type", "atom", "id", "parent", "fullkey", "path"]
    static let hiddenColumns = ["json", "root"]

    /// The rows for the arguments (json, then optionally the root path): the visible columns,
    /// the hidden ones, then the rowid. NULL json or root: no rows.
    static func rows(_ arguments: [Value], recursive: Bool) throws -> [Row] {
        // Text that is not UTF-8 goes through as SQLite's bytes do (JSONRawBytes.swift).
        if let carried = JSONRawBytes.carried(arguments) {
            return try rows(carried, recursive: recursive).map { $0.map(JSONRawBytes.restored) }
        }
        guard let json = arguments.first, !json.isNull else { return [] }
        let rootArgument = arguments.count > 1 ? arguments[1] : .text("$")
        if rootArgument.isNull { return [] }
        guard let document = try JSONFunctions.document(json) else { return [] }
        let rootText = rootArgument.textForm ?? "$"
        let path = try JSONPath(rootText)
        guard let start = locate(path, in: document) else { return [] }
        let hidden: [Value] = [.text(json.textForm ?? ""), .text(rootText)]
        var rows: [Row] = []
        if recursive {
            // The start's own path, with the array indices 3.40 shows on the way (0).
            let startPath = start.steps.map { $0.written(index: 0) }.joined()
            let parentPath = start.steps.dropLast().map { $0.written(index: 0) }.joined()
            let startKey: Value
            switch start.steps.last {
            case .member(let label)?: startKey = .text(JSONText.unescape(label))
            default: startKey = .null
            }
            var walk = TreeWalk(hidden: hidden)
            walk.visit(start.node, id: start.id, parent: nil, key: startKey, fullkey: "$" + startPath, path: "$" + parentPath)
            rows = walk.rows
        } else {
            func row(_ key: Value, _ node: JSONNode, id: Int, fullkey: String, rowid: Int) -> Row {
                cells(key: key, node: node, id: id, parent: .null, fullkey: fullkey, path: rootText) + hidden + [.integer(Int64(rowid))]
            }
            switch start.node {
            case .array(let items):
                var id = start.id + 1
                for (k, item) in items.enumerated() {
                    rows.append(row(.integer(Int64(k)), item, id: id, fullkey: rootText + "[\(k)]", rowid: k))
                    id += size(item)
                }
            case .object(let members):
                var id = start.id + 1
                for (k, member) in members.enumerated() {
                    rows.append(row(.text(JSONText.unescape(member.key)), member.value, id: id + 1,
                                    fullkey: rootText + PathStep.member(member.key).written(index: 0), rowid: k))
                    id += 1 + size(member.value)
                }
            default:
                rows.append(row(.null, start.node, id: start.id, fullkey: rootText, rowid: 0))
            }
        }
        return rows
    }

    /// The visible columns of one node's row.
    private static func cells(key: Value, node: JSONNode, id: Int, parent: Value, fullkey: String, path: String) -> Row {
        let atom: Value
        switch node {
        case .array, .object: atom = .null
        default: atom = node.sqlValue
        }
        return [key, node.sqlValue, .text(node.typeName), atom, .integer(Int64(id)), parent, .text(fullkey), .text(path)]
    }

    /// How many parse nodes a value takes: itself, its elements, and a label per member.
    static func size(_ node: JSONNode) -> Int {
        switch node {
        case .array(let items): return items.reduce(1) { $0 + size($1) }
        case .object(let members): return members.reduce(1) { $0 + 1 + size($1.value) }
        default: return 1
        }
    }

    /// One step from a container to a child, as a path writes it.
    enum PathStep {
        case element(Int)
        /// The label as written in the document (still escaped).
        case member(String)

        /// `[N]`, or `.label`, quoted unless it is a letter then letters and digits.
        func written(index shown: Int?) -> String {
            switch self {
            case .element(let k): return "[\(shown ?? k)]"
            case .member(let label):
                let bytes = Array(label.utf8)
                func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
                func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
                if let first = bytes.first, isAlpha(first), bytes.dropFirst().allSatisfy({ isAlpha($0) || isDigit($0) }) {
                    return "." + label
                }
                return ".\"" + label + "\""
            }
        }
    }

    /// The node a root path names, with its parse id and the steps that reach it.
    private static func locate(_ path: JSONPath, in document: JSONNode) -> (node: JSONNode, id: Int, steps: [PathStep])? {
        var node = document
        var id = 0
        var steps: [PathStep] = []
        for step in path.steps {
            switch (node, step) {
            case (.object(let members), .key(let key)):
                guard let k = members.lastIndex(where: { JSONText.unescape($0.key) == key }) else { return nil }
                id += 1 + members[..<k].reduce(0) { $0 + 1 + size($1.value) } + 1
                steps.append(.member(members[k].key))
                node = members[k].value
            case (.array(let items), .index(let n, let fromEnd)):
                let k = fromEnd ? items.count - n : n
                guard k >= 0, k < items.count else { return nil }
                id += 1 + items[..<k].reduce(0) { $0 + size($1) }
                steps.append(.element(k))
                node = items[k]
            default:
                return nil
            }
        }
        return (node, id, steps)
    }

    /// json_tree's walk: each node in document order, after its container.
    private struct TreeWalk {
        let hidden: [Value]
        var rows: [Row] = []

        init(hidden: [Value]) { self.hidden = hidden }

        /// Visits `node` (parse id `id`) and everything inside it; returns the next free id.
        @discardableResult
        mutating func visit(_ node: JSONNode, id: Int, parent: Int?, key: Value, fullkey: String, path: String) -> Int {
            rows.append(JSONTable.cells(key: key, node: node, id: id, parent: parent.map { .integer(Int64($0)) } ?? .null,
                                        fullkey: fullkey, path: path)
                        + hidden + [.integer(Int64(rows.count))])
            var next = id + 1
            switch node {
            case .array(let items):
                for (k, item) in items.enumerated() {
                    next = visit(item, id: next, parent: id, key: .integer(Int64(k)),
                                 fullkey: fullkey + PathStep.element(k).written(index: nil), path: fullkey)
                }
            case .object(let members):
                for member in members {
                    next = visit(member.value, id: next + 1, parent: id, key: .text(JSONText.unescape(member.key)),
                                 fullkey: fullkey + PathStep.member(member.key).written(index: nil), path: fullkey)
                }
            default:
                break
            }
            return next
        }
    }
}
