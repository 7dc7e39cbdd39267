// swift-tools-version: 6.1
// A producer that uses paylink as a library: pushes orders and waits for their results.
// Build and run from this folder:
//   swift build && PAYLINK_REDIS_URL=redis://127.0.0.1:6379/0 .build/debug/swift-producer 10 swift-demo
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-producer",
    platforms: [.macOS(.v15)],
    dependencies: [
        // In your own project: .package(url: "<paylink's repository>", from: "<version>").
        // The name keeps the identity stable whatever the checkout's folder is called.
        .package(name: "paylink", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "swift-producer",
            dependencies: [
                .product(name: "Paylink", package: "paylink"),
                .product(name: "PaylinkRedis", package: "paylink"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        )
    ]
)
