// swift-tools-version: 6.1
// Nomina's benchmarks. A nested package, so that library users never build
// package-benchmark. Run from this folder: swift package benchmark
import PackageDescription
import struct Foundation.URL

// SwiftPM names a path dependency after its folder, and a clone of Nomina may live in a
// folder of any name: derive the identity from where this manifest is.
let nominaIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "NominaBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Nomina", package: nominaIdentity)],
            path: "Benchmarks/Support"
        ),
        .executableTarget(
            name: "Normalization",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Nomina", package: nominaIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Normalization",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Gazetteer",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Nomina", package: nominaIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Gazetteer",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Resolver",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Nomina", package: nominaIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Resolver",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The resolver on GeoNames (1.2 million names), outside the harness: one index build
        // takes about a minute. Run: swift run -c release GeoNames BULK.tsv OUT
        .executableTarget(
            name: "GeoNames",
            dependencies: ["BenchmarkSupport", .product(name: "Nomina", package: nominaIdentity)],
            path: "Benchmarks/GeoNames"
        ),
        // Mention extraction in MB/s, bundled and GeoNames, with pyahocorasick and FlashText
        // in the same run. Run: swift run -c release Extraction OUT [GEONAMES-BULK.tsv]
        .executableTarget(
            name: "Extraction",
            dependencies: ["BenchmarkSupport", .product(name: "Nomina", package: nominaIdentity)],
            path: "Benchmarks/Extraction"
        ),
        // Multi-core scaling, measured outside the benchmark harness: the harness links a
        // malloc interposer whose shared counters serialise allocating threads (2 threads
        // ran at 1.3× of one inside it, 1.9× outside). Run: swift run -c release Scaling
        .executableTarget(
            name: "Scaling",
            dependencies: ["BenchmarkSupport", .product(name: "Nomina", package: nominaIdentity)],
            path: "Benchmarks/Scaling"
        ),
    ],
    swiftLanguageModes: [.v6]
)
