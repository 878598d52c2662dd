import Foundation
@testable import SQLLogicTest

/// Paths the tests use: the hand-written fixtures, the package root, and the optional corpus.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/sqllogictest").path

    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    /// The SQLLogicTest corpus: $VIBESQL_SLT_CORPUS, else ../shared/sqllogictest next to the package.
    static var corpus: String? {
        let env = ProcessInfo.processInfo.environment["VIBESQL_SLT_CORPUS"]
        let candidates: [String?] = [env, packageRoot.deletingLastPathComponent().appendingPathComponent("shared/sqllogictest").path]
        for case let c? in candidates {
            for dir in [c + "/test", c] where FileManager.default.fileExists(atPath: dir + "/select1.test") {
                return dir
            }
        }
        return nil
    }

    /// The built `vibesql-git`, next to the test bundle; nil when it was not built.
    static var tool: String? {
        // The test process is .build/<config>/<Package>Tests.xctest (Linux) or inside it (macOS).
        var dir = URL(fileURLWithPath: WorkerLaunch.currentExecutable ?? CommandLine.arguments[0])
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("vibesql-git").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("vibesql-slt-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

extension FileRunner {
    /// A runner on an in-memory SQLite, the engine the corpus's answers come from.
    static func sqlite(engineName: String = "sqlite") -> FileRunner {
        FileRunner(engine: .sqlite, engineName: engineName)
    }
}
