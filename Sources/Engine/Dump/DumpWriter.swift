// Writes the catalog as a deterministic SQL dump.

struct DumpWriter {
    let catalog: Catalog

    func write() -> String {
        "-- not implemented yet\n"
    }
}
