// swift-tools-version:6.1
import PackageDescription

// Direction of dependencies (see ARCHITECTURE.md):
//   server:   HepboxCore ← HepboxStorage; HepboxCore ← HepboxWebDAV, HepboxOCS, HepboxWeb (front ends); all ← HepboxServer ← hepbox (CLI)
//   HepboxArchive (streaming ZIP over libarchive, for folder downloads) depends on nothing of the project.
//   HepboxPreview (thumbnails and HTML previews for the web UI) depends on HepboxCore and Debian's C libraries only.
//   analysis: the local package Analysis/ (its AnalysisCLI gives `hepbox analyze`); it never imports server code.

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "hepbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hepbox", targets: ["hepbox"]),
    ],
    dependencies: [
        // Without the default ConfigurationSupport trait: hepbox reads its own configuration, and swift-configuration
        // would be compiled for nothing.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(path: "Analysis"),
    ],
    targets: [
        // MARK: server
        .target(
            name: "HepboxCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .systemLibrary(name: "CSystemZlib", path: "Sources/CSystemZlib"),
        // Debian's libdeflate (libdeflate-dev): a vectorised ADLER32, several times faster than zlib's.
        .systemLibrary(name: "CSystemDeflate", path: "Sources/CSystemDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // Debian's libarchive (libarchive-dev) writes the ZIP format; HepboxArchive streams it with bounded memory.
        .systemLibrary(name: "CArchive", path: "Sources/CArchive"),
        .target(name: "HepboxArchive", dependencies: ["CArchive"], swiftSettings: strict),
        // Debian's libvips (libvips-dev) makes image thumbnails; libcmark-gfm (libcmark-gfm-dev) renders markdown.
        .systemLibrary(name: "CVips", path: "Sources/CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .target(name: "HepboxPreview", dependencies: ["HepboxCore", "CVips", "CCmark"], swiftSettings: strict),
        .target(
            name: "HepboxStorage",
            dependencies: [
                "HepboxCore", "CSystemZlib", "CSystemDeflate",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "HepboxWebDAV",
            dependencies: [
                "HepboxCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strict),
        .target(
            name: "HepboxOCS",
            dependencies: [
                "HepboxCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .target(
            name: "HepboxWeb",
            dependencies: [
                "HepboxCore", "HepboxArchive", "HepboxPreview",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Assets"],
            swiftSettings: strict,
            plugins: ["EmbedWebAssets"]),
        // Builds the web assets into the binary (one self-contained `hepbox`); the tool runs on the build machine.
        .executableTarget(name: "embed-web-assets", path: "Sources/embed-web-assets"),
        .plugin(name: "EmbedWebAssets", capability: .buildTool(), dependencies: ["embed-web-assets"]),
        .target(
            name: "HepboxServer",
            dependencies: [
                "HepboxCore", "HepboxStorage", "HepboxWebDAV", "HepboxOCS", "HepboxWeb", "HepboxPreview",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "hepbox",
            dependencies: [
                "HepboxServer", .product(name: "AnalysisCLI", package: "Analysis"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // MARK: tests
        .testTarget(name: "HepboxCoreTests", dependencies: ["HepboxCore", "HepboxStorage"]),
        .testTarget(name: "HepboxArchiveTests", dependencies: ["HepboxArchive"], exclude: ["zip_oracle.py"]),
        .testTarget(name: "HepboxPreviewTests", dependencies: ["HepboxPreview", "HepboxCore", "HepboxStorage", "CVips"]),
        .testTarget(name: "HepboxStorageTests", dependencies: ["HepboxStorage", "HepboxCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "HepboxWebDAVTests", dependencies: ["HepboxServer", "HepboxWebDAV", "HepboxCore", "HepboxStorage",
                                                             .product(name: "Hummingbird", package: "hummingbird"),
                                                             .product(name: "HTTPTypes", package: "swift-http-types"),
                                                             .product(name: "NIOEmbedded", package: "swift-nio"),
                                                             .product(name: "NIOPosix", package: "swift-nio"),
                                                             .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras")]),
    ]
)
