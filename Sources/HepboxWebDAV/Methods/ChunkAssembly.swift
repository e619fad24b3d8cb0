import HepboxCore
import HTTPTypes
import Hummingbird

/// The last step of a chunked upload: `MOVE …/uploads/<user>/<id>/.file` with the final path as Destination, or
/// the last chunk of a v1 (`-chunking-`) upload.
enum ChunkAssembly {
    static func respond(_ dav: DAVRequest, services: WebDAVServices, destinationHeader: String) async throws -> Response {
        guard let folder = dav.path.parent else { throw HepboxError.badRequest(".file must be inside an upload folder") }
        let user = AccessPolicy.account(ofTree: dav.owner)
        let filesBase = WebDAVFrontEnd.filesPrefix + URLEncoding.encodeSegment(user)
        let destination = try DestinationParser.treePath(of: destinationHeader, base: filesBase)
        let options = UploadRequestOptions.make(dav, lengthHeader: "OC-Total-Length", conditionsFor: destination,
                                               filesBase: filesBase)
        let result = try await services.files.assemble(dav.context, uploadsOwner: dav.owner, folder: folder,
                                                       owner: user, destination: destination, options: options)
        return UploadRequestOptions.answer(result, dav: dav, services: services)
    }
}

/// Reading the upload headers the clients send (`X-OC-Mtime`, `OC-Checksum`, lengths, `If-Match`, `If:` etags) and
/// writing the answer they insist on (ETag, OC-ETag, OC-FileId, X-OC-MTime: accepted).
enum UploadRequestOptions {
    static func make(_ dav: DAVRequest, lengthHeader: String, conditionsFor target: TreePath? = nil,
                     filesBase: String? = nil) -> UploadOptions {
        let mtime = dav.header("X-OC-Mtime").flatMap { Int64($0.split(separator: ".").first ?? "") }
        let checksum = dav.header("OC-Checksum").flatMap(ClaimedChecksum.init(header:))
        let expected = dav.header(lengthHeader).flatMap { Int64($0) }
        var conditions = dav.preconditions()
        // owncloudcmd sends `If: <path> (["etag"])` instead of If-Match on the final MOVE.
        if conditions.ifMatch == nil, let ifText = dav.header("If"), let header = try? IfHeader(parsing: ifText) {
            let etags = header.lists.flatMap(\.conditions).compactMap { condition -> String? in
                guard !condition.negated, case .etag(let tag) = condition.kind else { return nil }
                return tag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if !etags.isEmpty { conditions.ifMatch = etags }
        }
        return UploadOptions(mtime: mtime, checksum: checksum, expectedLength: expected, contentType: nil,
                             conditions: conditions)
    }

    static func answer(_ result: UploadResult, dav: DAVRequest, services: WebDAVServices) -> Response {
        var headers = NodeHeaders.identity(result.node, services: services)
        if dav.header("X-OC-Mtime") != nil { headers[.ocMTimeAccepted] = "accepted" }
        if let sums = result.node.checksums { headers[.ocChecksum] = sums.ownCloudHeader }
        headers[.ocPermissions] = result.permissions.ownCloudLetters(isFolder: false)
        headers[.contentLength] = "0"
        return Response(status: result.created ? .created : .noContent, headers: headers)
    }
}

import Foundation
