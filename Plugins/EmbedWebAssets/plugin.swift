import Foundation
import PackagePlugin

/// Builds the web pages' scripts, styles and icons (`Assets/` of the target) into the binary as generated Swift, so
/// `hepbox` is one file that an administrator can copy anywhere: no resource bundle has to travel with it.
@main
struct EmbedWebAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let assets = target.directoryURL.appending(path: "Assets")
        let inputs = try Self.files(under: assets)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWebAssets.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) web assets into \(target.name)",
            executable: try context.tool(named: "embed-web-assets").url,
            arguments: [assets.path(), output.path()] + inputs.map { $0.path() },
            inputFiles: inputs,
            outputFiles: [output])]
    }

    /// Every regular file below `root`, in a stable order.
    private static func files(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            found.append(url)
        }
        return found.sorted { $0.path() < $1.path() }
    }
}
