import HepboxCore
import HTTPTypes
import Hummingbird

enum Put {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        if dav.header("Content-Range") != nil {
            throw HepboxError.badRequest("partial PUT (Content-Range) is not supported")
        }
        let mtime = dav.header("X-OC-Mtime").flatMap { Int64($0.split(separator: ".").first ?? "") }
        var checksum: ClaimedChecksum?
        if let header = dav.header("OC-Checksum") {
            guard let parsed = ClaimedChecksum(header: header) else {
                throw HepboxError.badRequest("OC-Checksum must be TYPE:hex with TYPE one of SHA1, MD5, ADLER32")
            }
            checksum = parsed
        }
        let expected = dav.header("Content-Length").flatMap { Int64($0) }
        let options = UploadOptions(mtime: mtime, checksum: checksum, expectedLength: expected,
                                    contentType: nil, conditions: dav.preconditions())
        let result = try await services.files.upload(dav.context, owner: dav.owner, path: dav.path,
                                                     body: ByteChunks(dav.request.body), options: options)
        var headers = NodeHeaders.identity(result.node, services: services)
        if mtime != nil { headers[HTTPField.Name("X-OC-MTime")!] = "accepted" }
        if let sums = result.node.checksums { headers[HTTPField.Name("OC-Checksum")!] = "SHA1:\(sums.sha1)" }
        headers[.contentLength] = "0"
        return Response(status: result.created ? .created : .noContent, headers: headers)
    }
}

/// The request body as chunks of bytes, for the domain (which does not know NIO).
struct ByteChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: RequestBody
    init(_ body: RequestBody) { self.body = body }

    struct AsyncIterator: AsyncIteratorProtocol {
        var inner: RequestBody.AsyncIterator
        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await inner.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inner: body.makeAsyncIterator()) }
}
