import HepboxCore
import HTTPTypes
import Hummingbird

enum Put {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        if dav.header("OC-Chunked") != nil, let chunk = ChunkingV1.ChunkName(dav.path.name),
           !AccessPolicy.isUploadsOwner(dav.owner) {
            return try await ChunkingV1.respond(dav, services: services, chunk: chunk)
        }
        if dav.header("Content-Range") != nil {
            throw HepboxError.badRequest("partial PUT (Content-Range) is not supported")
        }
        if let header = dav.header("OC-Checksum"), ClaimedChecksum(header: header) == nil {
            throw HepboxError.badRequest("OC-Checksum must be TYPE:hex with TYPE one of SHA1, MD5, ADLER32")
        }
        let options = UploadRequestOptions.make(dav, lengthHeader: "Content-Length")
        let result = try await services.files.upload(dav.context, owner: dav.owner, path: dav.path,
                                                     body: ByteChunks(dav.request.body), options: options)
        return UploadRequestOptions.answer(result, dav: dav, services: services)
    }
}

/// The request body as chunks of bytes, for the domain (which does not know NIO); a failure to read it is the
/// request's fault (see `ClientBody`).
struct ByteChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: RequestBody
    init(_ body: RequestBody) { self.body = body }

    struct AsyncIterator: AsyncIteratorProtocol {
        var inner: ClientBody<RequestBody>.AsyncIterator
        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await inner.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inner: ClientBody(body).makeAsyncIterator()) }
}
