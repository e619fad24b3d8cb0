import HepboxCore
import HTTPTypes
import Hummingbird

/// ownCloud's first chunking protocol (pyocclient, clients without `dav.chunking`): PUT
/// `<name>-chunking-<transfer id>-<count>-<index>` with `OC-Chunked: 1`. Chunks are kept in the user's uploads tree;
/// the PUT that completes the set assembles the file.
enum ChunkingV1 {
    struct ChunkName: Equatable {
        var target: String
        var transfer: String
        var count: Int
        var index: Int

        init?(_ name: String) {
            let parts = name.components(separatedBy: "-chunking-")
            guard parts.count >= 2, let last = parts.last else { return nil }
            let fields = last.split(separator: "-")
            guard fields.count == 3, let count = Int(fields[1]), let index = Int(fields[2]),
                  count > 0, count <= 100_000, (0..<count).contains(index), !fields[0].isEmpty
            else { return nil }
            target = parts.dropLast().joined(separator: "-chunking-")
            transfer = String(fields[0])
            self.count = count
            self.index = index
        }
    }

    static func respond(_ dav: DAVRequest, services: WebDAVServices, chunk: ChunkName) async throws -> Response {
        guard let parent = dav.path.parent, !chunk.target.isEmpty else { throw HepboxError.badRequest("a chunk needs a file name") }
        let target = try parent.appending(chunk.target)
        let uploads = AccessPolicy.uploadsOwner(of: dav.owner)
        try await services.files.ensureRoot(owner: uploads)
        // One folder per transfer and target, so two transfers with the same id cannot mix.
        let folder = try TreePath(components: ["v1-\(chunk.transfer)-\(RandomlessDigest.hex(target.description))"])
        if try await services.files.find(dav.principal, owner: uploads, path: folder) == nil {
            do { _ = try await services.files.makeFolder(dav.context, owner: uploads, path: folder) } catch let error as HepboxError where error.code == .alreadyExists {}
        }
        let chunkPath = try folder.appending(String(format: "%08d", chunk.index))
        _ = try await services.files.upload(dav.context, owner: uploads, path: chunkPath, body: ByteChunks(dav.request.body),
                                           options: UploadOptions(expectedLength: dav.header("Content-Length").flatMap { Int64($0) }))
        let (_, present) = try await services.files.listing(dav.principal, owner: uploads, path: folder)
        guard present.count >= chunk.count else {
            return Response(status: .created, headers: [.contentLength: "0"])
        }
        let options = UploadRequestOptions.make(dav, lengthHeader: "OC-Total-Length")
        let result = try await services.files.assemble(dav.context, uploadsOwner: uploads, folder: folder,
                                                       owner: dav.owner, destination: target, options: options)
        return UploadRequestOptions.answer(result, dav: dav, services: services)
    }
}

/// A short stable digest of a string for folder names (FNV-1a; not security relevant).
enum RandomlessDigest {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

import Foundation
