// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Turnout",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "turnout", targets: ["turnout"]),
        .library(name: "TurnoutManifest", targets: ["TurnoutManifest"]),
        .library(name: "TurnoutStrategies", targets: ["TurnoutStrategies"]),
        // The bundled application Turnout deploys (see docs/app.md).
        .executable(name: "turnout-api", targets: ["turnout-api"]),
        .executable(name: "turnout-worker", targets: ["turnout-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        // Revisions, deploys, steps, events, instances, traffic and the deploy lock, in SQLite.
        .target(name: "TurnoutState", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The HTTP load generator the tests and benchmarks use (keep-alive, retrying like real clients).
        .target(name: "TurnoutLoad", dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")]),
        // The deploy engine: the loop that runs the strategies against the runtime, nginx router, state.
        .target(
            name: "TurnoutController",
            dependencies: [
                "TurnoutManifest", "TurnoutStrategies", "TurnoutGenerators", "TurnoutRuntime", "TurnoutPlatforms", "TurnoutState", "TurnoutAnalysis",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Metric sources (instance /metrics, Redis, /proc, Prometheus), histogram math and the judges that
        // turn readings into an analysis verdict. Independent of the controller, which wraps its engine.
        .target(name: "TurnoutAnalysis", dependencies: ["TurnoutManifest", "TurnoutStrategies", "TurnoutRuntime"]),
        // The subcommands, as a library so tests can drive them.
        .target(
            name: "TurnoutCLI",
            dependencies: [
                "TurnoutManifest", "TurnoutGenerators", "TurnoutController", "TurnoutPlatforms", "TurnoutLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The platform seam: neutral instance records and specs, the runtime, router, prober and platform protocols,
        // health tracking and probes over endpoints, and the in-memory platform for unit tests.
        .target(name: "TurnoutRuntime", dependencies: ["TurnoutManifest"]),
        // The platforms instances run on, each one implementation of the seam in TurnoutRuntime: Local (processes
        // on this host), Docker (containers), the two-tier nginx router they share, and the host accessories.
        .target(
            name: "TurnoutPlatforms",
            dependencies: ["TurnoutManifest", "TurnoutRuntime", "TurnoutGenerators", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The bundled application: hiredis (C), its Swift wrapper with a waiting pool, the shared core, the
        // Hummingbird API and the queue worker.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(name: "TurnoutRedis", dependencies: ["CHiredis"]),
        .target(name: "TurnoutAppCore", dependencies: ["TurnoutRedis", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "turnout-api",
            dependencies: [
                "TurnoutAppCore", "TurnoutRedis",
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
                "TurnoutAppCore", "TurnoutRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "turnout",
            dependencies: ["TurnoutCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TurnoutManifestTests", dependencies: ["TurnoutManifest"], exclude: ["Fixtures"]),
        .testTarget(name: "TurnoutStateTests", dependencies: ["TurnoutState"]),
        .testTarget(name: "TurnoutLoadTests", dependencies: ["TurnoutLoad"]),
        // Golden files, the real validators (nginx -t, docker-compose config, kubernetes-validate, a real
        // kube-apiserver when scripts/build-kubernetes.sh has built one), escaping; Yams reads generated objects.
        .testTarget(
            name: "TurnoutGeneratorsTests",
            dependencies: ["TurnoutGenerators", "TurnoutManifest", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden"]
        ),
        .testTarget(name: "TurnoutStrategiesTests", dependencies: ["TurnoutStrategies"]),
        // Parser tables and fuzzing, histogram math, judges and their simulations, and the sources against
        // real redis-server, Prometheus and processes.
        .testTarget(
            name: "TurnoutAnalysisTests",
            dependencies: ["TurnoutAnalysis", "TurnoutManifest", "TurnoutStrategies", "TurnoutRuntime"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "TurnoutRuntimeTests", dependencies: ["TurnoutRuntime"]),
        // Each platform against the real thing: processes, accessories (redis-server, PostgreSQL, Prometheus),
        // nginx; and the runtime contract every platform passes.
        .testTarget(name: "TurnoutPlatformsTests", dependencies: ["TurnoutPlatforms", "TurnoutRuntime", "TurnoutAnalysis"], exclude: ["Fixtures"]),
        // End to end: real nginx and real processes under load.
        .testTarget(
            name: "TurnoutControllerTests",
            dependencies: ["TurnoutController", "TurnoutLoad", "TurnoutRuntime", "TurnoutPlatforms", "TurnoutState"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "TurnoutAppTests", dependencies: ["TurnoutAppCore", "TurnoutRedis"]),
    ]
)
