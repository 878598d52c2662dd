// Finds the .test files a run covers.
import Foundation

public enum TestDiscovery {
    /// Expands files and folders (recursively, `*.test`) into a sorted list of files. A path that
    /// does not exist is kept, so the run reports it as unreadable instead of dropping it.
    public static func files(in paths: [String]) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)
                continue
            }
            var found: [String] = []
            if let walker = fm.enumerator(atPath: path) {
                for case let relative as String in walker where relative.hasSuffix(".test") {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            result += found.sorted()
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }
    }

    /// The file's size in bytes, 0 when unknown: the scheduler starts with the largest files.
    public static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
