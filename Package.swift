// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "casebook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "Sanitizer", targets: ["Sanitizer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The sanitizer's byte loops that want vector instructions Swift does not give on Linux.
        .target(name: "ScanKernels"),
        .target(
            name: "Sanitizer",
            dependencies: ["ScanKernels", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.embedInCode("redaction-rules")]
        ),
        // The playbooks are the top-level `playbooks/` folder (Sources/Evidence/playbooks links to it).
        .target(name: "Evidence", dependencies: ["Sanitizer"], resources: [.embedInCode("playbooks")]),
        // What GRDB does not wrap of SQLite's C interface (its variadic configuration call, file controls).
        .target(name: "SQLiteSupport", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "Store",
            dependencies: ["Evidence", "SQLiteSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "Matcher", dependencies: ["Store"]),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "Sanitizer", "Evidence", "Store", "Matcher",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "casebook-bench",
            dependencies: ["Sanitizer"],
            path: "Benchmarks/casebook-bench"
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "SanitizerTests",
            dependencies: [
                "Sanitizer", "ScanKernels", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Evidence", "Sanitizer", "TestSupport"]),
        .testTarget(name: "MatcherTests", dependencies: ["Matcher", "Store", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport", "Store"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
