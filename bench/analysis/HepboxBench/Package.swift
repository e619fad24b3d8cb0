// swift-tools-version:6.1
import PackageDescription

// The hepbox side of bench/analysis: a small release executable over the Analysis package.
let package = Package(
    name: "hepbox-analysis-bench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../../../Analysis")],
    targets: [
        .executableTarget(
            name: "hepbox-analysis-bench",
            dependencies: [
                .product(name: "Columnar", package: "Analysis"),
                .product(name: "Histogram", package: "Analysis"),
                .product(name: "RootIO", package: "Analysis"),
            ],
            path: "Sources"),
    ]
)
