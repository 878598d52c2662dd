// Merging two result histories: a three-way union of trees. Runs live at unique paths, so
// the usual case is a plain union; a path changed on one side only (e.g. schema.sql) takes
// that side; a path both sides changed differently keeps ours at the path and theirs next to
// it under a `.conflict-<blob>` name, so no data is ever lost. Deletions are never propagated.
import CGit2

extension Repository {
    /// Merges `ours` and `theirs` (trees) against `base` (their merge base's tree, `nil` for
    /// unrelated histories). Returns the merged tree and the paths where both versions were
    /// kept (theirs under the suffixed name).
    func unionMerge(base: ObjectID?, ours: ObjectID, theirs: ObjectID,
                    prefix: String = "") throws -> (tree: ObjectID, keptBoth: [String]) {
        if ours == theirs || theirs == base { return (ours, []) }
        if ours == base { return (theirs, []) }
        func entries(_ tree: ObjectID?) throws -> [String: TreeEntry] {
            guard let tree else { return [:] }
            let list = try treeEntries(tree, what: prefix.isEmpty ? "the results tree" : prefix)
            return Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let baseEntries = try entries(base), ourEntries = try entries(ours), theirEntries = try entries(theirs)
        var merged = ourEntries
        var keptBoth: [String] = []
        for (name, their) in theirEntries.sorted(by: { $0.key < $1.key }) {
            guard let our = ourEntries[name] else {
                merged[name] = their  // only theirs has it (or we deleted it: union keeps it)
                continue
            }
            let old = baseEntries[name]
            if our == their || their == old { continue }
            if our == old {
                merged[name] = their
            } else if our.isTree && their.isTree {
                let sub = try unionMerge(base: old?.isTree == true ? old?.id : nil, ours: our.id, theirs: their.id,
                                         prefix: prefix + name + "/")
                merged[name] = TreeEntry(name: name, id: sub.tree, mode: our.mode)
                keptBoth += sub.keptBoth
            } else {
                var alternative = Self.conflictName(name, their.id, digits: 12)
                if let taken = merged[alternative], taken.id != their.id {
                    alternative = Self.conflictName(name, their.id, digits: 40)  // never overwrite an entry
                }
                merged[alternative] = TreeEntry(name: alternative, id: their.id, mode: their.mode)
                keptBoth.append(prefix + name)
            }
        }
        return (try writeTree(Array(merged.values)), keptBoth)
    }

    /// `run.sql` → `run.conflict-<hex of their blob>.sql`; other names get the suffix.
    static func conflictName(_ name: String, _ id: ObjectID, digits: Int) -> String {
        let tag = ".conflict-" + id.hex.prefix(digits)
        if name.hasSuffix(".sql"), name.count > 4 { return name.dropLast(4) + tag + ".sql" }
        return name + tag
    }
}
