// swift-tools-version: 6.1
// A tiny package that depends on Nomina by path, as a user's package would: it checks
// that the bundled dictionaries travel with the library (run by .ci/run).
import PackageDescription
import struct Foundation.URL

// SwiftPM names a path dependency after its folder; a clone may have any folder name.
let nomina = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let nominaIdentity = nomina.lastPathComponent.lowercased()

let package = Package(
    name: "Consumer",
    dependencies: [.package(path: nomina.path)],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "Nomina", package: nominaIdentity)]),
    ],
    swiftLanguageModes: [.v6]
)
