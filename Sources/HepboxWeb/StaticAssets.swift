import Foundation
import HTTPTypes
import Hummingbird

/// The stylesheet and scripts of the pages, shipped as package resources and served by hepbox itself (works
/// offline, no CDN). Read once at start; unknown names are 404.
enum StaticAssets {
    static let files: [String: (type: String, bytes: [UInt8])] = load()

    static func response(path: String) -> Response? {
        guard path.hasPrefix("/static/"), let asset = files[String(path.dropFirst("/static/".count))] else { return nil }
        var headers = HTMLPage.securityHeaders()
        headers[.contentType] = asset.type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// `HEPBOX_WEB_ASSETS` (a directory), else the resource bundle beside the executable. Looked up by hand rather
    /// than with `Bundle.module`, which stops the process when the bundle was not installed with the binary.
    static func assetsDirectory() -> URL? {
        if let dir = ProcessInfo.processInfo.environment["HEPBOX_WEB_ASSETS"] { return URL(fileURLWithPath: dir) }
        let beside = Bundle.main.bundleURL.appendingPathComponent("hepbox_HepboxWeb.resources/Assets")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let next = executable.appendingPathComponent("hepbox_HepboxWeb.resources/Assets")
        return FileManager.default.fileExists(atPath: next.path) ? next : nil
    }

    private static func load() -> [String: (type: String, bytes: [UInt8])] {
        guard let root = assetsDirectory() else {
            FileHandle.standardError.write(Data("hepbox: web assets not found (install hepbox_HepboxWeb.resources beside the binary or set HEPBOX_WEB_ASSETS); pages will be unstyled\n".utf8))
            return [:]
        }
        var out: [String: (type: String, bytes: [UInt8])] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: url), !url.hasDirectoryPath else { continue }
            let name = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            let type = switch url.pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            default: "application/octet-stream"
            }
            out[name] = (type, Array(data))
        }
        return out
    }
}
