// Persistence through SQL dumps: files, the schema as SQL, the names of tables and views.
import Foundation

extension Database {
    /// The CREATE statements (no rows) of every object, or of one table or view with its
    /// indexes and triggers.
    public func schemaSQL(for name: String? = nil) -> String {
        DumpWriter(catalog: catalog).writeSchema(for: name)
    }

    /// The names of all tables and views, sorted case-insensitively.
    public var tableNames: [String] {
        (catalog.tables.values.map(\.name) + catalog.views.values.map(\.name))
            .sorted { asciiLowercased($0) < asciiLowercased($1) }
    }

    /// Writes the dump to a file, replacing it atomically.
    public func save(to url: URL) throws {
        try Data(dump().utf8).write(to: url, options: .atomic)
    }

    /// A new database holding the dump stored in a file.
    public static func load(from url: URL) throws -> Database {
        let data = try Data(contentsOf: url)
        guard let text = SQLText.source(fromBytes: [UInt8](data)) else {
            throw SQLError(.dump, "\(url.path): the dump is not valid UTF-8")
        }
        return try Database.load(dump: text)
    }
}
