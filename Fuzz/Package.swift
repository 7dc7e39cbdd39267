// swift-tools-version: 6.1
// libFuzzer harness for paylink's order parser, kept out of the main package's ordinary builds.
// Build and run it with `scripts/fuzz.sh` (needs `-sanitize=fuzzer`, which only Linux toolchains ship).
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
    name: "paylink-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "paylink", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "OrderParserFuzz",
            dependencies: [
                .product(name: "Paylink", package: "paylink")
            ],
            swiftSettings: upcomingFeatures
        )
    ]
)
