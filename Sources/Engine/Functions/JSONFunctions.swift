// The JSON functions built into SQLite 3.40 (json1): json, json_valid, json_type,
// json_extract and the -> and ->> operators, json_array, json_object, json_quote,
// json_array_length, json_insert, json_replace, json_set, json_remove, json_patch, and the
// aggregates json_group_array and json_group_object.
//
// SQLite marks the results of JSON functions with a subtype, so that json_array(json('[1]'))
// nests an array where json_array('[1]') holds a string. Values carry no subtype here; the
// binder says instead which arguments are JSON-function results (JSONArgument).

/// How an argument is read when it becomes part of a JSON document.
enum JSONArgument: Sendable {
    /// An ordinary SQL value: text becomes a JSON string.
    case value
    /// The result of a JSON function: its text is JSON.
    case json
    /// json_extract's result: JSON when it is an array or object, else an ordinary value.
    case extracted
}

enum JSONFunctions {
    /// Functions whose text result is JSON (SQLite gives it the JSON subtype).
    static let jsonResults: Set<String> = ["json", "json_array", "json_object", "json_set", "json_insert", "json_replace",
                                           "json_remove", "json_patch", "json_quote", "json_group_array",
                                           "json_group_object", "->"]

    /// Scalars by name with their arity (-1: any), each taking the arguments and their kinds.
    static let scalars: [String: (arity: ClosedRange<Int>, body: @Sendable ([Value], [JSONArgument]) throws -> Value)] = [
        "json": (1...1, { a, _ in try document(a[0]).map { .text($0.text) } ?? .null }),
        "json_valid": (1...1, { a, _ in
            guard let text = text(a[0]) else { return .integer(0) }
            return .integer(JSONParser.isValid(text) ? 1 : 0)
        }),
        "json_type": (1...2, { a, _ in
            guard let doc = try document(a[0]) else { return .null }
            guard a.count == 2 else { return .text(doc.typeName) }
            guard let path = try path(a[1]) else { return .null }
            return path.lookup(in: doc).map { .text($0.typeName) } ?? .null
        }),
        "json_extract": (1...Int.max, { a, _ in try extract(a) }),
        "->": (2...2, { a, _ in
            guard let doc = try document(a[0]), let path = try arrowPath(a[1]) else { return .null }
            return path.lookup(in: doc).map { .text($0.text) } ?? .null
        }),
        "->>": (2...2, { a, _ in
            guard let doc = try document(a[0]), let path = try arrowPath(a[1]) else { return .null }
            return path.lookup(in: doc)?.sqlValue ?? .null
        }),
        "json_array": (0...Int.max, { a, kinds in
            .text(JSONNode.array(try zip(a, kinds).map { try node($0, $1) }).text)
        }),
        "json_object": (0...Int.max, { a, kinds in try object(a, kinds) }),
        "json_quote": (1...1, { a, kinds in .text(try node(a[0], kinds[0]).text) }),
        "json_array_length": (1...2, { a, _ in
            guard var doc = try document(a[0]) else { return .null }
            if a.count == 2 {
                guard let path = try path(a[1]), let found = path.lookup(in: doc) else { return .null }
                doc = found
            }
            if case .array(let items) = doc { return .integer(Int64(items.count)) }
            return .integer(0)
        }),
        "json_set": (1...Int.max, { a, kinds in try edit(.set, a, kinds) }),
        "json_insert": (1...Int.max, { a, kinds in try edit(.insert, a, kinds) }),
        "json_replace": (1...Int.max, { a, kinds in try edit(.replace, a, kinds) }),
        "json_remove": (1...Int.max, { a, _ in
            guard var doc = try document(a[0]) else { return .null }
            for p in a.dropFirst() {
                guard let path = try path(p) else { return .null }
                guard let changed = path.applying(.remove, nil, to: doc) else { return .null }
                doc = changed
            }
            return .text(doc.text)
        }),
        "json_patch": (2...2, { a, _ in
            guard let target = try document(a[0]), let patch = try document(a[1]) else { return .null }
            return .text(merge(target, patch).text)
        }),
    ]

    /// The argument kinds of a call: which arguments are JSON-function results.
    static func argumentKind(_ e: Expression) -> JSONArgument {
        guard case .function(let call, _) = e else { return .value }
        let name = asciiLowercased(call.name)
        if name == "json_extract" { return .extracted }
        return jsonResults.contains(name) ? .json : .value
    }

    // MARK: Reading arguments

    private static func text(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        default:
            if case .text(let s) = v.castToText() { return s }
            return nil
        }
    }

    /// The JSON document an argument holds; nil for NULL.
    static func document(_ v: Value) throws -> JSONNode? {
        guard let text = text(v) else { return nil }
        return try JSONParser.parse(text)
    }

    private static func path(_ v: Value) throws -> JSONPath? {
        guard let text = text(v) else { return nil }
        return try JSONPath(text)
    }

    /// The right side of -> and ->>: a path, an array index, or an object label.
    private static func arrowPath(_ v: Value) throws -> JSONPath? {
        switch v {
        case .integer(let i):
            return i >= 0 ? JSONPath(steps: [.index(Int(i), fromEnd: false)]) : nil
        case .null:
            return nil
        default:
            guard let text = text(v) else { return nil }
            if text.hasPrefix("$") { return try JSONPath(text) }
            if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let i = Int(text) {
                return JSONPath(steps: [.index(i, fromEnd: false)])
            }
            return try JSONPath("$." + text)
        }
    }

    /// A SQL value as a JSON value (SQLite's jsonAppendValue): text of a JSON function's
    /// result is JSON; other text a string; a BLOB cannot be held.
    static func node(_ v: Value, _ kind: JSONArgument) throws -> JSONNode {
        switch v {
        case .null: return .null
        case .integer(let i): return .number(String(i), isInteger: true)
        case .real(let d):
            guard d.isFinite else { return .number(d < 0 ? "-9.0e+999" : "9.0e+999", isInteger: false) }
            guard case .text(let s) = v.castToText() else { return .number("0.0", isInteger: false) }
            return .number(s, isInteger: false)
        case .text(let s):
            switch kind {
            case .json:
                if let parsed = try? JSONParser.parse(s) { return parsed }
            case .extracted:
                if let parsed = try? JSONParser.parse(s) {
                    switch parsed {
                    case .array, .object: return parsed
                    default: break
                    }
                }
            case .value:
                break
            }
            return .string(escaped: JSONText.escape(s))
        case .invalidText(let bytes):
            // Its bytes carried through (JSONRawBytes); the caller restores them in its result.
            return try node(.text(JSONRawBytes.string(bytes)), kind)
        case .blob:
            throw SQLError(.runtime, "JSON cannot hold BLOB values")
        }
    }

    // MARK: Functions

    private static func extract(_ a: [Value]) throws -> Value {
        guard let doc = try document(a[0]), a.count > 1 else { return .null }
        if a.count == 2 {
            guard let path = try path(a[1]) else { return .null }
            return path.lookup(in: doc)?.sqlValue ?? .null
        }
        var found: [JSONNode] = []
        for p in a.dropFirst() {
            guard let path = try path(p) else { return .null }
            found.append(path.lookup(in: doc) ?? .null)
        }
        return .text(JSONNode.array(found).text)
    }

    private static func object(_ a: [Value], _ kinds: [JSONArgument]) throws -> Value {
        guard a.count % 2 == 0 else { throw SQLError(.runtime, "json_object() requires an even number of arguments") }
        var members: [JSONMember] = []
        for i in stride(from: 0, to: a.count, by: 2) {
            guard case .text(let key) = a[i] else { throw SQLError(.runtime, "json_object() labels must be TEXT") }
            members.append(JSONMember(key: JSONText.escape(key), value: try node(a[i + 1], kinds[i + 1])))
        }
        return .text(JSONNode.object(members).text)
    }

    private static func edit(_ edit: JSONPath.Edit, _ a: [Value], _ kinds: [JSONArgument]) throws -> Value {
        let name = edit == .set ? "json_set" : edit == .insert ? "json_insert" : "json_replace"
        guard a.count % 2 == 1 else {
            throw SQLError(.runtime, "\(name)() needs an odd number of arguments")
        }
        guard var doc = try document(a[0]) else { return .null }
        for i in stride(from: 1, to: a.count, by: 2) {
            guard let path = try path(a[i]) else { return .null }
            doc = path.applying(edit, try node(a[i + 1], kinds[i + 1]), to: doc) ?? doc
        }
        return .text(doc.text)
    }

    /// RFC 7396 merge patch, as json_patch applies it.
    static func merge(_ target: JSONNode, _ patch: JSONNode) -> JSONNode {
        guard case .object(let changes) = patch else { return patch }
        var members: [JSONMember]
        if case .object(let existing) = target { members = existing } else { members = [] }
        for change in changes {
            let key = JSONText.unescape(change.key)
            let i = members.firstIndex { JSONText.unescape($0.key) == key }
            if change.value == .null {
                if let i { members.remove(at: i) }
            } else if let i {
                members[i].value = merge(members[i].value, change.value)
            } else {
                members.append(JSONMember(key: change.key, value: merge(.null, change.value)))
            }
        }
        return .object(members)
    }
}

extension JSONFunctions {
    static let aggregates: [AggregateFunction] = [
        AggregateFunction("json_group_array", arity: 1) { JSONGroupArray() },
        AggregateFunction("json_group_object", arity: 2) { JSONGroupObject() },
    ]
}

/// json_group_array(x): the values of the group as a JSON array.
final class JSONGroupArray: AggregateAccumulator {
    private var items: [JSONNode] = []
    /// Set once a value was text that is not UTF-8, whose bytes the result gives back.
    private var carriesBytes = false
    override func step(_ arguments: [Value]) throws {
        let value = arguments.first ?? .null
        if case .invalidText = value { carriesBytes = true }
        items.append(try JSONFunctions.node(value, .value))
    }
    override func finish() throws -> Value {
        let text = Value.text(JSONNode.array(items).text)
        return carriesBytes ? JSONRawBytes.restored(text) : text
    }
}

/// json_group_object(k, v): the group's pairs as a JSON object (NULL keys are skipped).
final class JSONGroupObject: AggregateAccumulator {
    private var members: [JSONMember] = []
    /// Set once a key or value was text that is not UTF-8, whose bytes the result gives back.
    private var carriesBytes = false
    override func step(_ arguments: [Value]) throws {
        guard arguments.count == 2 else { return }
        let carried = JSONRawBytes.carried(arguments)
        if carried != nil { carriesBytes = true }
        let values = carried ?? arguments
        guard case .text(let key) = values[0] else { return }
        members.append(JSONMember(key: JSONText.escape(key), value: try JSONFunctions.node(values[1], .value)))
    }
    override func finish() throws -> Value {
        let text = Value.text(JSONNode.object(members).text)
        return carriesBytes ? JSONRawBytes.restored(text) : text
    }
}
