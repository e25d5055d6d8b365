// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Nomina",
    products: [
        .library(name: "Nomina", targets: ["Nomina"]),
        .executable(name: "nomina", targets: ["nomina"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Thin C shim over the system ICU (Debian's libicu-dev). Its public header is
        // ICU-free so that it can be imported next to Foundation, which bundles its own
        // ICU headers; only nomina_icu.c includes <unicode/*.h>.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
            ]
        ),
        .target(
            name: "Nomina",
            dependencies: ["CICU", "Yams"],
            // The curated dictionaries ship inside the library (Bundle.module), so that
            // `Gazetteer.bundled()` works from `swift run` and in dependent packages.
            resources: [.copy("Dictionaries"), .copy("Resources/designators.tsv"), .copy("Resources/common-words.txt"),
                        .copy("Resources/place-words.tsv"), .copy("Resources/given-names.txt"),
                        .copy("Resources/ordinary-words.tsv"), .copy("Resources/han-place-words.txt"),
                        .copy("Resources/japanese-readings.tsv")]
        ),
        // Byte scans for the CLI's writers, in C where Swift does not vectorise them
        // (SSE2 when the target has it, a plain loop otherwise).
        .target(name: "CBytes"),
        // Reading corpora: records of lines, CSV/TSV and JSONL (package-level: the CLI and
        // the fuzz targets use it; not a product).
        .target(name: "NominaCorpus", dependencies: ["CBytes"]),
        .executableTarget(
            name: "nomina",
            dependencies: [
                "Nomina",
                "NominaCorpus",
                "CBytes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The seeded generator the test targets share (not a product).
        .target(
            name: "NominaTestSupport",
            path: "Tests/NominaTestSupport"
        ),
        .testTarget(
            name: "NominaTests",
            dependencies: ["Nomina", "NominaTestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "NominaCLITests",
            dependencies: ["nomina", "CBytes", "NominaTestSupport"]
        ),
        .testTarget(
            name: "NominaCorpusTests",
            dependencies: ["NominaCorpus", "NominaTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), declared only when NOMINA_FUZZ is set, so that users and the
// test build never compile them: `Fuzz/run` builds them with `--sanitize=fuzzer` and runs
// them (docs/reliability.md). They live in this manifest rather than a nested package so
// that they can reach the package-level parsers and readers without making them public.
if Context.environment["NOMINA_FUZZ"] != nil {
    for name in ["Normalizer", "Dictionary", "Records", "Extractor", "Index"] {
        package.targets.append(.executableTarget(
            name: "Fuzz\(name)",
            dependencies: ["Nomina", "NominaCorpus"],
            path: "Fuzz/Targets/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ))
    }
}
