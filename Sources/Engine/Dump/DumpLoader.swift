// Loads a SQL dump, all or nothing.

struct DumpLoader {
    let database: Database

    func load(_ dump: String) throws {
        throw SQLError(.dump, "loading dumps is not implemented yet")
    }
}
