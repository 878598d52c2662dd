// swift-tools-version:6.0
// VibeSQL: a SQL engine with SQLite's semantics, its SQLLogicTest runner, a results database
// kept in VibeSQL itself, and `vibesql-git`, which records conformance runs in a git ref.
import PackageDescription

let package = Package(
    name: "VibeSQL",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Engine", targets: ["Engine"]),
        // The engine's C ABI (Sources/VibeSQLC/vibesql.h), loaded by the Python module in python/.
        .library(name: "VibeSQLC", type: .dynamic, targets: ["VibeSQLC"]),
        .library(name: "ConformanceHistory", targets: ["ConformanceHistory"]),
        .executable(name: "vibesql", targets: ["vibesql"]),
        .executable(name: "vibesql-git", targets: ["vibesql-git"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // libgit2 and libsqlite3 from the system (Debian: libgit2-dev, libsqlite3-dev).
        .systemLibrary(name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        // Release builds leave out the run-time exclusivity checks: every access to a class's
        // stored property in the engine's row loops called into the runtime for them (16% of
        // the instructions of a whole-table UPDATE). Debug builds, which the tests use, keep them.
        .target(name: "Engine", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "VibeSQLC", dependencies: ["Engine"], exclude: ["vibesql.h"]),
        .target(name: "SQLLogicTest", dependencies: ["Engine", "CSQLite"]),
        .target(name: "Results", dependencies: ["Engine", "SQLLogicTest"]),
        .target(name: "VibeGit", dependencies: ["CGit2"]),
        // The conformance history of a repository: its results ref read (as data, never run)
        // and written, for the commands, the web server and the Python module.
        .target(name: "ConformanceHistory", dependencies: ["Engine", "SQLLogicTest", "Results", "VibeGit"]),
        // The results web page (`vibesql-git serve`) and static report (`vibesql-git report`).
        .target(name: "ResultsServer", dependencies: [
            "Engine", "Results", "ConformanceHistory", "VibeGit",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .executableTarget(name: "vibesql-git", dependencies: [
            "Engine", "SQLLogicTest", "Results", "VibeGit", "ConformanceHistory", "ResultsServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "vibesql", dependencies: [
            "Engine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (not timed tests): benchmarks/results-dump and benchmarks/results-history run it.
        .executableTarget(name: "vibesql-bench", dependencies: [
            "Engine", "SQLLogicTest", "Results", "VibeGit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/vibesql-bench"),

        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "SQLLogicTestTests", dependencies: ["SQLLogicTest", "Engine"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Engine", "SQLLogicTest"], exclude: ["Fixtures"]),
        .testTarget(name: "VibeGitTests", dependencies: ["VibeGit"]),
        .testTarget(name: "ConformanceHistoryTests", dependencies: ["ConformanceHistory", "Results", "VibeGit", "SQLLogicTest", "Engine"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Engine"]),
        .testTarget(name: "ResultsServerTests", dependencies: [
            "ResultsServer", "Results", "Engine", "SQLLogicTest",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
