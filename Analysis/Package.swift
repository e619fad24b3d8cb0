// swift-tools-version:6.1
import PackageDescription

// The analysis library: builds and tests on its own and never imports server code.
//   RootIO → Histogram → Columnar (queries fill histograms)
//   Fit (cost functions, MIGRAD; plain arrays in, no dependency)
//   Plot (Histogram + Fit results → SVG/PNG)
//   AnalysisCLI (`hepbox analyze …`, used by the hepbox executable)

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "hepbox-analysis",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RootIO", targets: ["RootIO"]),
        .library(name: "Histogram", targets: ["Histogram"]),
        .library(name: "Columnar", targets: ["Columnar"]),
        .library(name: "Fit", targets: ["Fit"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "AnalysisCLI", targets: ["AnalysisCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Debian's libdeflate (libdeflate-dev): whole-buffer zlib decoding, about twice zlib's speed.
        .systemLibrary(name: "CDeflate", path: "Sources/CSystem/CDeflate", pkgConfig: "libdeflate",
                       providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CLZ4", path: "Sources/CSystem/CLZ4"),
        .systemLibrary(name: "CZstd", path: "Sources/CSystem/CZstd"),
        .systemLibrary(name: "CLZMA", path: "Sources/CSystem/CLZMA"),
        .systemLibrary(name: "CXXHash", path: "Sources/CSystem/CXXHash"),
        .systemLibrary(name: "CRsvg", path: "Sources/CSystem/CRsvg", pkgConfig: "librsvg-2.0"),
        .target(name: "RootIO", dependencies: ["CDeflate", "CLZ4", "CZstd", "CLZMA", "CXXHash"], swiftSettings: strict),
        .target(name: "Histogram", dependencies: ["RootIO"], swiftSettings: strict),
        .target(name: "Columnar", dependencies: ["RootIO", "Histogram"], swiftSettings: strict),
        .target(name: "Fit", swiftSettings: strict),
        .target(name: "Plot", dependencies: ["Histogram", "Fit", "CRsvg"], swiftSettings: strict),
        .target(
            name: "AnalysisCLI",
            dependencies: [
                "RootIO", "Histogram", "Columnar", "Fit", "Plot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .testTarget(name: "RootIOTests", dependencies: ["RootIO"]),
        .target(name: "AnalysisTestSupport", path: "Tests/AnalysisTestSupport"),
        .testTarget(name: "HistogramTests", dependencies: ["Histogram", "RootIO", "AnalysisTestSupport"]),
        .testTarget(name: "ColumnarTests", dependencies: ["Columnar", "RootIO", "Histogram", "AnalysisTestSupport"], exclude: ["adl"]),
        .testTarget(name: "FitTests", dependencies: ["Fit"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Fit", "Histogram"]),
        .testTarget(name: "AnalysisCLITests", dependencies: ["AnalysisCLI"]),
    ]
)
