import Foundation
import HepboxArchive
import HepboxCore
import HTTPTypes
import Hummingbird

/// A folder downloaded as one zip, streamed as it is written: memory stays bounded by the writer's small buffer
/// whatever the folder's size (metadata of the listing aside).
enum FolderArchive {
    static func response(principal: Principal, owner: String, path: TreePath, name: String, files: FileService,
                         includeBody: Bool, faults: FaultLog) async throws -> Response {
        let entries = try await files.list(principal, owner: owner, path: path, depth: .allIncludingShares)
        let rootName = name.isEmpty ? "files" : name
        var headers = HTMLPage.securityHeaders()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = LinkDownload.attachment(rootName + ".zip")
        guard includeBody else { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let output = BodyWriterBox(writer)
            var zip = try ZipStreamWriter(sink: { bytes in try await output.write(bytes) })
            for entry in entries.dropFirst() {
                let member = ([rootName] + entry.path.components.dropFirst(path.components.count)).joined(separator: "/")
                if entry.node.isFolder {
                    try await zip.addFolder(.folder(member, mtime: entry.node.mtime))
                } else if entry.node.kind == .file {
                    let (node, record) = try await files.download(principal, owner: owner, path: entry.path)
                    try await zip.add(.file(member, mtime: node.mtime, size: node.size),
                                      content: faults.watching(try files.content(of: node, record: record), user: principal.name))
                }
            }
            try await zip.finish()
            try await output.finish()
        })
    }
}

/// Lets the zip writer's sink reach the response writer: the sink runs on the body's own task, one call at a
/// time, so the unchecked sendability holds.
private final class BodyWriterBox: @unchecked Sendable {
    var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ bytes: [UInt8]) async throws { try await writer.write(ByteBuffer(bytes: bytes)) }

    func finish() async throws { try await writer.finish(nil) }
}
