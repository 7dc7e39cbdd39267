// swift-tools-version: 6.1
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// What both executables (paylink, paylink-dev) are built from.
let commandDependencies: [Target.Dependency] = [
    "Paylink",
    "PaylinkCLI",
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    .product(name: "UnixSignals", package: "swift-service-lifecycle"),
]

let package = Package(
    name: "paylink",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "paylink", targets: ["paylink"]),
        .executable(name: "paylink-dev", targets: ["paylink-dev"]),
        .library(name: "Paylink", targets: ["Paylink"]),
        .library(name: "PaylinkRedis", targets: ["PaylinkRedis"]),
        .library(name: "PaylinkHTTP", targets: ["PaylinkHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        // /metrics: the registry and the text format; swift-metrics comes with it.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        // Declared for the HTTP tests' loopback server, which uses Hummingbird's own types.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // The dashboard (paylink-dev only): bcrypt for its users file, Mustache for its pages.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // OpenSSL for the Redis client's TLS; only CRedisTLS includes it.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Argon2 (the reference implementation) for the dashboard's users file, beside bcrypt.
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // The TLS handshake, certificate checks and record I/O for rediss:// connections.
        .target(name: "CRedisTLS", dependencies: ["COpenSSL"]),
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(name: "CPaylinkSystem"),
        .target(name: "PaylinkSystem", dependencies: ["CPaylinkSystem"], swiftSettings: upcomingFeatures),
        .target(
            name: "PaylinkRedis",
            dependencies: [
                "CHiredis",
                "CRedisTLS",
                "PaylinkSystem",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "PaylinkHTTP",
            dependencies: ["CCurl", "PaylinkSystem"],
            swiftSettings: upcomingFeatures
        ),
        // The worker's operator endpoint (/metrics, /livez, /readyz): a few hundred lines on one
        // OS thread rather than a web framework, so the production binary stays small.
        .target(name: "PaylinkEndpoint", dependencies: ["PaylinkSystem"], swiftSettings: upcomingFeatures),
        .target(
            name: "Paylink",
            dependencies: [
                "PaylinkSystem",
                "PaylinkRedis",
                "PaylinkHTTP",
                "PaylinkEndpoint",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "PaylinkServer",
            dependencies: [
                "Paylink",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // The operators' web dashboard (`paylink dashboard`): a JSON API over the queues' Redis
        // state, sessions and roles, and the seam (`DashboardPages`) its HTML pages plug into.
        .target(
            name: "PaylinkDashboard",
            dependencies: [
                "Paylink",
                "PaylinkEndpoint",
                "CArgon2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "PaylinkCLI",
            dependencies: [
                "PaylinkRedis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // The production binary: no Foundation (only FoundationEssentials), no web server, so a
        // worker process stays small. `paylink mock-api` and `paylink demo` run paylink-dev.
        .executableTarget(
            name: "paylink",
            dependencies: commandDependencies + ["PaylinkSystem"],
            swiftSettings: upcomingFeatures
        ),
        // The development and operator tools: the OTT Pay stand-in, the demo and the dashboard.
        .executableTarget(
            name: "paylink-dev",
            dependencies: commandDependencies + [
                "PaylinkServer", "PaylinkDashboard", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "PaylinkTestSupport",
            dependencies: [
                "PaylinkRedis",
                "PaylinkServer",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PaylinkTestSupport",
            swiftSettings: upcomingFeatures
        ),
        .testTarget(name: "PaylinkSystemTests", dependencies: ["PaylinkSystem"], swiftSettings: upcomingFeatures),
        .testTarget(name: "PaylinkEndpointTests", dependencies: ["PaylinkEndpoint"], swiftSettings: upcomingFeatures),
        .testTarget(name: "PaylinkCLITests", dependencies: ["PaylinkCLI"], swiftSettings: upcomingFeatures),
        .testTarget(
            name: "PaylinkRedisTests",
            dependencies: [
                "PaylinkRedis",
                "PaylinkServer",
                "PaylinkTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "PaylinkHTTPTests",
            dependencies: [
                "PaylinkHTTP",
                "PaylinkTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "PaylinkServerTests",
            dependencies: [
                "PaylinkServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "PaylinkDashboardTests",
            dependencies: [
                "PaylinkDashboard",
                "Paylink",
                "PaylinkTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                // The template tests render through MustacheLibrary themselves.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "PaylinkTests",
            dependencies: [
                "Paylink",
                "PaylinkServer",
                "PaylinkTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
    ]
)
