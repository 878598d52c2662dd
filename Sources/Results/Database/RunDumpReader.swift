// Reads run dumps of every schema version. A current dump's data statements apply directly to
// the results database; an older dump is loaded on its own with the schema it carries, then
// migrated one version at a time and re-emitted as current INSERTs.
import Engine

/// Why a run dump could not be read.
public struct RunDumpError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where the dump came from (its path in the results ref, or a file).
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}

/// Reads run dumps.
public enum RunDumpReader {
    /// The schema version a dump names (`-- schema-version: N` in its leading comments);
    /// a dump without one predates versioning and is version 1.
    public static func version(of dump: String) -> Int {
        for line in dump.split(separator: "\n", maxSplits: 8, omittingEmptySubsequences: true).prefix(8) {
            guard line.hasPrefix("--") else { break }
            if let range = line.range(of: "schema-version:") {
                return Int(line[range.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
            }
        }
        return 1
    }

    /// The statements that add a dump's rows to a results database of the current version.
    public static func currentInserts(of dump: String, source: String) throws -> String {
        let version = version(of: dump)
        guard version >= 1 else { throw RunDumpError(source: source, message: "unreadable schema-version line") }
        guard version <= ResultsSchema.currentVersion else {
            throw RunDumpError(source: source, message: "written with schema version \(version); this vibesql-git "
                + "reads up to \(ResultsSchema.currentVersion) (upgrade it)")
        }
        if version == ResultsSchema.currentVersion { return dataStatements(of: dump) }
        if version == 2 {
            // Version 3 only added columns at the end of test_runs: the same rows, with the
            // version 2 columns named, leave them NULL.
            guard let columns = version2RunColumns else {
                throw RunDumpError(source: source, message: "cannot read schema version 2")
            }
            return dataStatements(of: dump).replacingOccurrences(
                of: "\nINSERT INTO test_runs VALUES(", with: "\nINSERT INTO test_runs (\(columns)) VALUES(")
        }
        let database = Database()
        database.foreignKeysEnabled = false
        do {
            try database.execute(dump)
        } catch {
            throw RunDumpError(source: source, message: "cannot load (schema version \(version)): \(error)")
        }
        var migrated = database
        // Version 1 migrates straight to the current schema (its rows name their columns).
        for from in version..<2 {
            do {
                migrated = try Migration.step(from: from, migrated)
            } catch {
                throw RunDumpError(source: source, message: "cannot migrate from schema version \(from): \(error)")
            }
        }
        return try ResultsSchema.recordedTables.flatMap { try SQLText.inserts(of: $0, in: migrated) }
            .joined(separator: "\n")
    }

    /// The INSERTs of a dump written by `RunRecorder` (each on a line of its own, after the schema).
    static func dataStatements(of dump: String) -> String {
        guard let start = dump.range(of: "\nINSERT INTO ") else { return "" }
        var data = dump[start.lowerBound...]
        if let end = data.range(of: "\nCOMMIT;", options: .backwards) { data = data[..<end.lowerBound] }
        return String(data)
    }

    /// test_runs' columns in version 2: the current ones less those version 3 added.
    static let version2RunColumns: String? = {
        let database = Database()
        for statement in ResultsSchema.statements where statement.contains("CREATE TABLE test_runs") {
            _ = try? database.execute(statement)
        }
        return (try? database.execute("SELECT * FROM test_runs LIMIT 0"))?.columns
            .filter { !ResultsSchema.version3RunColumns.contains($0) }.joined(separator: ", ")
    }()
}

/// Migrations between schema versions: each takes a database of one version and returns the
/// same facts in the next. Add a case here when the schema grows.
enum Migration {
    static func step(from version: Int, _ database: Database) throws -> Database {
        switch version {
        case 1: return try v1toV2(database)
        default: throw RunDumpError(source: "migration", message: "no migration from version \(version)")
        }
    }

    /// Version 1 had no failures table and fewer columns: copy what exists into the current
    /// schema, leave the rest NULL, mark the runs as written with version 1. `test_files` is derived, so not copied.
    static func v1toV2(_ old: Database) throws -> Database {
        let new = Database()
        new.foreignKeysEnabled = false
        for statement in ResultsSchema.statements { try new.execute(statement) }
        for table in ["test_runs", "test_results"] {
            try copyCommonColumns(table, from: old, to: new)
        }
        try new.execute("UPDATE test_runs SET schema_version = 1")
        return new
    }

    /// Copies the columns both versions of `table` have, by name.
    static func copyCommonColumns(_ table: String, from old: Database, to new: Database) throws {
        let target = try new.execute("SELECT * FROM \(table) LIMIT 0").columns
        let source = try old.execute("SELECT * FROM \(table) LIMIT 0").columns
        let common = source.filter { target.contains($0) }
        guard !common.isEmpty else { return }
        let rows = try old.execute("SELECT \(common.joined(separator: ", ")) FROM \(table)").rows
        let placeholders = Array(repeating: "?", count: common.count).joined(separator: ", ")
        let insert = "INSERT INTO \(table) (\(common.joined(separator: ", "))) VALUES (\(placeholders))"
        for row in rows { try new.execute(insert, parameters: row) }
    }
}
