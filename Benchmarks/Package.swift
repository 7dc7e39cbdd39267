// swift-tools-version: 6.1
// Benchmarks for paylink, kept out of the main package's ordinary builds.
// Micro-benchmarks: `swift package benchmark` (ordo-one package-benchmark).
// End to end: `./run-e2e.sh` (builds release binaries and drives real processes).
import PackageDescription

let package = Package(
    name: "paylink-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "paylink", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "PaylinkMicro",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Paylink", package: "paylink"),
                .product(name: "PaylinkRedis", package: "paylink"),
            ],
            path: "Benchmarks/PaylinkMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The RedisClient workload against one redis-server and against a cluster: run-cluster-client.sh.
        .executableTarget(
            name: "redis-cluster-bench",
            dependencies: [
                .product(name: "PaylinkRedis", package: "paylink"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/RedisClusterBench"
        ),
        .executableTarget(
            name: "paylink-load",
            dependencies: [
                .product(name: "Paylink", package: "paylink"),
                .product(name: "PaylinkRedis", package: "paylink"),
                .product(name: "PaylinkHTTP", package: "paylink"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PaylinkLoad"
        ),
    ]
)
