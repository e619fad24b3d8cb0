import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// File versions as Nextcloud serves them: `/remote.php/dav/versions/<user>/versions/<fileid>/` lists them
/// (PROPFIND), `…/<fileid>/<version>` downloads one (GET), and COPY or MOVE of a version to
/// `/remote.php/dav/versions/<user>/restore/target` restores it.
struct VersionsFrontEnd: Sendable {
    static let prefix = "/remote.php/dav/versions/"
    let services: WebDAVServices
    let faults: FaultLog

    func respond(_ request: Request, principal: Principal) async throws -> Response {
        let segments = try URLEncoding.decodedSegments(of: request.uri.path, after: Self.prefix)
        guard let user = segments.first else { throw HepboxError.notFound("the versions collection") }
        let base = Self.prefix + URLEncoding.encodeSegment(user)
        let context = OperationContext(principal: principal)
        switch (request.method.rawValue, segments.count) {
        case ("PROPFIND", 1), ("PROPFIND", 2):
            var body = MultistatusWriter()
            body.response(href: base + "/" + (segments.count == 2 ? segments[1] + "/" : ""),
                          propstats: [("HTTP/1.1 200 OK", ["<d:resourcetype><d:collection/></d:resourcetype>"])])
            return body.finish()
        case ("PROPFIND", 3) where segments[1] == "versions":
            let fileID = try Self.number(segments[2])
            let (node, versions) = try await services.files.versions(principal, owner: user, fileID: fileID)
            let depth = request.headers[HTTPField.Name("Depth")!] ?? "1"
            var body = MultistatusWriter()
            body.response(href: "\(base)/versions/\(fileID)/",
                          propstats: [("HTTP/1.1 200 OK", ["<d:resourcetype><d:collection/></d:resourcetype>"])])
            if depth != "0" {
                for version in versions {
                    body.response(href: "\(base)/versions/\(fileID)/\(version.id)",
                                  propstats: [("HTTP/1.1 200 OK", Self.properties(version, name: node.name))])
                }
            }
            return body.finish()
        case ("PROPFIND", 4) where segments[1] == "versions":
            let (version, _) = try await services.files.versionContent(principal, owner: user, fileID: try Self.number(segments[2]),
                                                                        versionID: try Self.number(segments[3]))
            var body = MultistatusWriter()
            body.response(href: "\(base)/versions/\(segments[2])/\(version.id)",
                          propstats: [("HTTP/1.1 200 OK", Self.properties(version, name: ""))])
            return body.finish()
        case ("GET", 4), ("HEAD", 4):
            guard segments[1] == "versions" else { break }
            let (version, record) = try await services.files.versionContent(principal, owner: user, fileID: try Self.number(segments[2]),
                                                                             versionID: try Self.number(segments[3]))
            var headers = HTTPFields()
            headers[.eTag] = "\"\(version.etag)\""
            headers[.lastModified] = HTTPDate.format(version.mtime)
            headers[.contentType] = "application/octet-stream"
            headers[.contentLength] = String(version.size)
            if request.method == .head { return Response(status: .ok, headers: headers) }
            let stream = faults.watching(try services.files.content(of: version, record: record), user: principal.name)
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(version.size)) { writer in
                for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        case ("COPY", 4), ("MOVE", 4):
            guard segments[1] == "versions", let destination = request.headers[HTTPField.Name("Destination")!],
                  destination.hasSuffix("/restore/target") || destination.hasSuffix("/restore/target/")
            else { throw HepboxError.badRequest("restore a version by copying it to \(base)/restore/target") }
            let node = try await services.files.restoreVersion(context, owner: user, fileID: try Self.number(segments[2]),
                                                               versionID: try Self.number(segments[3]))
            var headers = NodeHeaders.identity(node, services: services)
            headers[.contentLength] = "0"
            return Response(status: .noContent, headers: headers)
        default: break
        }
        throw HepboxError(.methodNotAllowed, "\(request.method.rawValue) is not supported on \(request.uri.path)")
    }

    private static func number(_ text: String) throws -> Int64 {
        guard let value = Int64(text) else { throw HepboxError.notFound("\(text)") }
        return value
    }

    private static func properties(_ version: FileVersion, name: String) -> [String] {
        var props = [
            "<d:resourcetype/>", "<d:getetag>\"\(version.etag)\"</d:getetag>",
            "<d:getlastmodified>\(HTTPDate.format(version.mtime))</d:getlastmodified>",
            "<d:getcontentlength>\(version.size)</d:getcontentlength>",
            "<d:getcontenttype>\(XMLText.escape(MimeTypes.guess(name)))</d:getcontenttype>",
            "<nc:version-replaced-at>\(version.replacedAt)</nc:version-replaced-at>",
        ]
        if let sums = version.checksums { props.append("<oc:checksums><oc:checksum>\(sums.ownCloudList)</oc:checksum></oc:checksums>") }
        return props
    }
}
