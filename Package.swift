// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Turnout",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "turnout", targets: ["turnout"]),
        .library(name: "TurnoutManifest", targets: ["TurnoutManifest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Manifest value types, the YAML loader that keeps line/column marks, and the validator.
        .target(name: "TurnoutManifest", dependencies: [.product(name: "Yams", package: "Yams")]),
        // nginx, compose and Kubernetes renderers over the templates in templates/.
        .target(
            name: "TurnoutGenerators",
            dependencies: ["TurnoutManifest", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // The subcommands, as a library so tests can drive them.
        .target(
            name: "TurnoutCLI",
            dependencies: [
                "TurnoutManifest", "TurnoutGenerators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The local runtime's moving parts: processes, ports, health probes and managed accessories.
        .target(name: "TurnoutRuntime", dependencies: ["TurnoutManifest"]),
        .executableTarget(name: "turnout", dependencies: ["TurnoutCLI"]),
        .testTarget(name: "TurnoutManifestTests", dependencies: ["TurnoutManifest"]),
        .testTarget(name: "TurnoutRuntimeTests", dependencies: ["TurnoutRuntime"], exclude: ["Fixtures"]),
    ]
)
