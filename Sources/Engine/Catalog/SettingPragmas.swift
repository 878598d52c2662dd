// Pragmas that read or change a setting of the connection, with SQLite 3.40's defaults and
// answers (Debian's build). Those about storage (page_size, journal_mode, synchronous, ...)
// describe an in-memory database and change nothing else; those that change what SQL means
// (case_sensitive_like, recursive_triggers, ignore_check_constraints, query_only) are
// honoured; those kept for old programs that would change the shape of results
// (count_changes, full_column_names, ...) are refused when turned from their default rather
// than silently ignored.

/// One setting pragma: how an assignment is read, what reading it answers.
struct SettingPragma {
    enum Kind {
        /// 0 or 1, assigned as a number or as on/off, yes/no, true/false (sqlite3GetBoolean).
        case boolean
        /// A 64-bit integer.
        case integer
        /// One of the words, or its number (the word's position); reading gives the number.
        case numbered([String])
        /// One of the words; reading gives the word (journal_mode, locking_mode).
        case word([String])
    }

    let kind: Kind
    let initial: Value
    /// Reading gives no row, as SQLite's case_sensitive_like.
    var writeOnly = false
    /// An assignment answers the value it set, as one row (journal_mode, busy_timeout, ...).
    var answersAssignment = false
    /// A value other than the initial one would change the shape of results: refused.
    var onlyInitial = false
    /// Reading only: an assignment is ignored (data_version, freelist_count).
    var readOnly = false

    static func boolean(_ on: Bool, writeOnly: Bool = false, onlyInitial: Bool = false) -> SettingPragma {
        SettingPragma(kind: .boolean, initial: .integer(on ? 1 : 0), writeOnly: writeOnly, onlyInitial: onlyInitial)
    }

    static func integer(_ value: Int64, answersAssignment: Bool = false) -> SettingPragma {
        SettingPragma(kind: .integer, initial: .integer(value), answersAssignment: answersAssignment)
    }

    /// A fact about the storage: an assignment changes nothing and answers it.
    static func fixed(_ value: Int64) -> SettingPragma {
        SettingPragma(kind: .integer, initial: .integer(value), answersAssignment: true, readOnly: true)
    }

    /// The settings, by lowercased name.
    static let all: [String: SettingPragma] = [
        "case_sensitive_like": .boolean(false, writeOnly: true),
        "recursive_triggers": .boolean(false),
        "ignore_check_constraints": .boolean(false),
        "query_only": .boolean(false),
        "legacy_alter_table": .boolean(false, onlyInitial: true),
        "reverse_unordered_selects": .boolean(false, onlyInitial: true),
        "count_changes": .boolean(false, onlyInitial: true),
        "full_column_names": .boolean(false, onlyInitial: true),
        "short_column_names": .boolean(true, onlyInitial: true),
        "writable_schema": .boolean(false, onlyInitial: true),
        "trusted_schema": .boolean(true),
        "automatic_index": .boolean(true),
        "cell_size_check": .boolean(false),
        "checkpoint_fullfsync": .boolean(false),
        "fullfsync": .boolean(false),
        "secure_delete": SettingPragma(kind: .numbered(["off", "on", "fast"]), initial: .integer(1), answersAssignment: true),
        "synchronous": SettingPragma(kind: .numbered(["off", "normal", "full", "extra"]), initial: .integer(2)),
        "temp_store": SettingPragma(kind: .numbered(["default", "file", "memory"]), initial: .integer(0)),
        "auto_vacuum": SettingPragma(kind: .numbered(["none", "full", "incremental"]), initial: .integer(0)),
        "journal_mode": SettingPragma(kind: .word(["memory", "off"]), initial: .text("memory"), answersAssignment: true),
        "locking_mode": SettingPragma(kind: .word(["normal", "exclusive"]), initial: .text("normal"), answersAssignment: true),
        "cache_size": .integer(-2000),
        "page_size": .integer(4096),
        "busy_timeout": .integer(0, answersAssignment: true),
        "wal_autocheckpoint": .integer(1000, answersAssignment: true),
        "analysis_limit": .integer(0, answersAssignment: true),
        "threads": .integer(0, answersAssignment: true),
        "soft_heap_limit": .integer(0, answersAssignment: true),
        "hard_heap_limit": .integer(0, answersAssignment: true),
        "max_page_count": .integer(1_073_741_823, answersAssignment: true),
        "journal_size_limit": .integer(-1, answersAssignment: true),
        "read_uncommitted": .boolean(false),
        "empty_result_callbacks": .boolean(false, onlyInitial: true),
        "data_version": .fixed(1),
        "freelist_count": .fixed(0),
    ]

    /// The value an assignment sets, or nil when SQLite leaves the setting as it is.
    func value(assigned: Value, current: Value) -> Value? {
        switch kind {
        case .boolean:
            return .integer(SettingPragma.level(assigned) != 0 ? 1 : 0)
        case .integer:
            return .integer(assigned.int64Value)
        case .numbered(let words):
            if let text = assigned.textForm, let i = words.firstIndex(of: asciiLowercased(text)) { return .integer(Int64(i)) }
            let n = SettingPragma.level(assigned)
            return n >= 0 && n < words.count ? .integer(Int64(n)) : current
        case .word(let words):
            guard let text = assigned.textForm, words.contains(asciiLowercased(text)) else { return current }
            return .text(asciiLowercased(text))
        }
    }

    /// sqlite3GetBoolean / getSafetyLevel: a number, or one of SQLite's words for a level.
    static func level(_ value: Value) -> Int64 {
        switch value {
        case .integer(let i): return i
        case .real(let d): return d.isFinite && abs(d) < 9e18 ? Int64(d) : 0
        default:
            guard let text = value.textForm else { return 0 }
            let word = asciiLowercased(text)
            let levels: [String: Int64] = ["no": 0, "off": 0, "false": 0, "yes": 1, "on": 1, "true": 1, "full": 2, "extra": 3]
            if let level = levels[word] { return level }
            // sqlite3Atoi: the leading digits, 0 when there are none.
            return Value.text(text).int64Value
        }
    }
}

extension Database {
    /// A setting's value: what was assigned, else its initial value.
    func setting(_ key: String) -> Value {
        settings[key] ?? SettingPragma.all[key]?.initial ?? .null
    }

    /// True when a boolean setting is on.
    func settingIsOn(_ key: String) -> Bool {
        if case .integer(let i) = setting(key) { return i != 0 }
        return false
    }

    /// `PRAGMA name` answers the value; `PRAGMA name = value` sets it and answers it only for
    /// the pragmas SQLite answers an assignment with.
    func executeSetting(_ key: String, _ pragma: SettingPragma, value: Expression?, compiler: Compiler,
                        ctx: ExecutionContext) throws -> QueryResult {
        let current = setting(key)
        guard let value else {
            return pragma.writeOnly ? QueryResult() : QueryResult(columns: [key], rows: [[current]])
        }
        // A bare word (`= ON`, `= memory`) arrives as a column name: it is the word itself.
        let assigned: Value
        if case .column(nil, let word, _) = value { assigned = .text(word) }
        else { assigned = try compiler.compile(value, in: Scope(parent: nil)).evaluate([], ctx) }
        if !pragma.readOnly, var new = pragma.value(assigned: assigned, current: current) {
            if pragma.onlyInitial && new != pragma.initial {
                throw SQLError(.misuse, "PRAGMA \(key) = \(new.textForm ?? "") is not supported: it changes how results are shaped")
            }
            if key == "page_size" {
                // A power of two from 512 to 65536, before the first table: else it stays.
                let size = new.int64Value
                let valid = size >= 512 && size <= 65536 && size & (size - 1) == 0
                if !valid || !catalog.tables.isEmpty { new = current }
            }
            settings[key] = new == pragma.initial ? nil : new
        }
        return pragma.answersAssignment ? QueryResult(columns: [key], rows: [[setting(key)]]) : QueryResult()
    }
}
