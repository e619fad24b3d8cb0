import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// Downloads through a link: a file streams as an attachment; a folder streams as a zip archive.
enum LinkDownload {
    static func response(token: String, path: TreePath, services: PublicLinkPages.Services, includeBody: Bool,
                         faults: FaultLog) async throws -> Response {
        let principal = ShareService.linkPrincipal(token: token)
        let owner = AccessPolicy.linkOwner(token: token)
        let (node, record) = try await services.files.download(principal, owner: owner, path: path)
        if node.isFolder {
            return try await FolderArchive.response(principal: principal, owner: owner, path: path, name: node.name,
                                                    files: services.files, includeBody: includeBody, faults: faults)
        }
        return try file(node, record: record, files: services.files, includeBody: includeBody, faults: faults,
                        user: principal.name)
    }

    /// A file as an attachment, streamed.
    static func file(_ node: Node, record: BlobRecord?, files: FileService, includeBody: Bool, faults: FaultLog,
                     user: String) throws -> Response {
        var headers = HTMLPage.securityHeaders()
        headers[.contentType] = node.contentType ?? MimeTypes.guess(node.name)
        headers[.contentLength] = String(node.size)
        headers[.contentDisposition] = attachment(node.name)
        headers[.eTag] = "\"\(node.etag)\""
        guard includeBody else { return Response(status: .ok, headers: headers) }
        let stream = faults.watching(try files.content(of: node, record: record), user: user)
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(node.size)) { writer in
            for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        })
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): ASCII fallback plus the exact UTF-8 name.
    static func attachment(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
