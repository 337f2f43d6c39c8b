// swift-tools-version:6.0
import PackageDescription

/// Turnout's bundled application: the HTTP API and the queue worker that the
/// rollout engine deploys, plus their Redis client and shared core library.
let package = Package(
    name: "Turnout",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "turnout-api", targets: ["turnout-api"]),
        .executable(name: "turnout-worker", targets: ["turnout-worker"]),
        .library(name: "TurnoutRedis", targets: ["TurnoutRedis"]),
        .library(name: "TurnoutAppCore", targets: ["TurnoutAppCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "TurnoutRedis",
            dependencies: ["CHiredis"]
        ),
        .target(
            name: "TurnoutAppCore",
            dependencies: [
                "TurnoutRedis",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "turnout-api",
            dependencies: [
                "TurnoutAppCore",
                "TurnoutRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "turnout-worker",
            dependencies: [
                "TurnoutAppCore",
                "TurnoutRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "TurnoutAppTests",
            dependencies: ["TurnoutAppCore", "TurnoutRedis"]
        ),
    ]
)
