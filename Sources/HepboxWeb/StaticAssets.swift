import Foundation
import HTTPTypes
import Hummingbird

/// The stylesheet, scripts and icons of the pages, built into the binary (the EmbedWebAssets plugin) and served by
/// hepbox itself: works offline (no CDN), and the binary alone is a complete installation. Decoded once at start;
/// unknown names are 404.
enum StaticAssets {
    static let files: [String: (type: String, bytes: [UInt8])] = load()

    static func response(path: String) -> Response? {
        guard path.hasPrefix("/static/"), let asset = files[String(path.dropFirst("/static/".count))] else { return nil }
        var headers = HTMLPage.securityHeaders()
        headers[.contentType] = asset.type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// `HEPBOX_WEB_ASSETS` (a directory, for working on the pages without rebuilding), else the built-in copies.
    private static func load() -> [String: (type: String, bytes: [UInt8])] {
        if let directory = ProcessInfo.processInfo.environment["HEPBOX_WEB_ASSETS"] {
            return fromDirectory(URL(fileURLWithPath: directory))
        }
        var out: [String: (type: String, bytes: [UInt8])] = [:]
        for (name, base64) in EmbeddedWebAssets.files {
            guard let data = Data(base64Encoded: base64) else { continue }
            out[name] = (contentType(of: name), Array(data))
        }
        return out
    }

    private static func fromDirectory(_ root: URL) -> [String: (type: String, bytes: [UInt8])] {
        var out: [String: (type: String, bytes: [UInt8])] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: url), !url.hasDirectoryPath else { continue }
            let name = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            out[name] = (contentType(of: name), Array(data))
        }
        if out.isEmpty {
            FileHandle.standardError.write(Data("hepbox: HEPBOX_WEB_ASSETS=\(root.path) holds no files; pages will be unstyled\n".utf8))
        }
        return out
    }

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
