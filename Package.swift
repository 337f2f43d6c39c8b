// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Turnout",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "turnout", targets: ["turnout"]),
        .library(name: "TurnoutManifest", targets: ["TurnoutManifest"]),
        .library(name: "TurnoutStrategies", targets: ["TurnoutStrategies"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Manifest value types, the YAML loader that keeps line/column marks, and the validator.
        .target(name: "TurnoutManifest", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Rolling, blue-green and canary as pure state machines: Observation in, actions out.
        .target(name: "TurnoutStrategies", dependencies: ["TurnoutManifest"]),
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
        .executableTarget(name: "turnout", dependencies: ["TurnoutCLI"]),
        .testTarget(name: "TurnoutManifestTests", dependencies: ["TurnoutManifest"]),
        .testTarget(name: "TurnoutStrategiesTests", dependencies: ["TurnoutStrategies"]),
    ]
)
