import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird
import MultipartKit

/// Nextcloud's bulk upload (`POST /remote.php/dav/bulk`, multipart/related): many small files in one request, each
/// part with `X-File-Path`, `X-File-MD5`, `X-File-Mtime`. Every file is stored like a PUT (checksum-verified,
/// durable before the answer); the answer maps each path to its etag and file id, or to its error.
struct BulkUpload: Sendable {
    static let path = "/remote.php/dav/bulk"
    /// A part larger than this is refused (bulk upload is for small files; big ones use chunking).
    static let maxPartBytes = 64 << 20
    /// Parts stored at once.
    static let parallelParts = 8
    let services: WebDAVServices
    let faults: FaultLog

    private final class PartCollector {
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var completed: [(headers: [String: String], body: [UInt8])] = []
        var oversized = false
    }

    func respond(_ request: Request, principal: Principal) async throws -> Response {
        guard request.method == .post else { throw HepboxError(.methodNotAllowed, "bulk upload takes POST") }
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/related"),
              let boundary = Self.boundary(type)
        else { throw HepboxError(.unsupportedMediaType, "bulk upload needs a multipart/related body with a boundary") }
        try await services.files.ensureRoot(owner: principal.name)
        let collector = PartCollector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            if collector.body.count + buffer.readableBytes > Self.maxPartBytes { collector.oversized = true; return }
            collector.body.append(contentsOf: buffer.readableBytesView)
        }
        parser.onPartComplete = {
            collector.completed.append((collector.headers, collector.oversized ? [] : collector.body))
            if collector.oversized { collector.completed[collector.completed.count - 1].headers["x-hepbox-oversized"] = "1" }
            collector.headers = [:]
            collector.body = []
            collector.oversized = false
        }
        let context = OperationContext(principal: principal)
        // Parts are stored concurrently (a few at a time): each waits for its fsyncs, and concurrent uploads share
        // the metadata commits (group commit). A path seen again waits for the earlier parts, so the last one wins
        // as it would one after the other.
        let results: [(String, String)] = try await withThrowingTaskGroup(of: (Int, (String, String)).self) { group in
            var slots: [(String, String)?] = []
            var inFlight: [String: Int] = [:]  // path → slots taken (a part over 1 MiB takes them all)
            func collect() async throws {
                guard let done = try await group.next() else { return }
                slots[done.0] = done.1
                inFlight[done.1.0] = nil
            }
            for try await buffer in ClientBody(request.body) {
                do { try parser.execute(buffer) } catch {
                    throw HepboxError.badRequest("the multipart body is malformed: \(error)")
                }
                while !collector.completed.isEmpty {
                    let part = collector.completed.removeFirst()
                    let path = part.headers["x-file-path"] ?? ""
                    if inFlight[path] != nil {
                        while !inFlight.isEmpty { try await collect() }
                    }
                    let weight = part.body.count > 1 << 20 ? Self.parallelParts : 1
                    while !inFlight.isEmpty && inFlight.values.reduce(weight, +) > Self.parallelParts {
                        try await collect()
                    }
                    let index = slots.count
                    slots.append(nil)
                    inFlight[path] = weight
                    group.addTask { (index, await self.store(part, context: context)) }
                }
            }
            while !inFlight.isEmpty { try await collect() }
            return slots.compactMap { $0 }
        }
        let json = "{" + results.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    private func store(_ part: (headers: [String: String], body: [UInt8]), context: OperationContext) async -> (String, String) {
        let rawPath = part.headers["x-file-path"] ?? ""
        func failure(_ message: String) -> (String, String) {
            (rawPath, "{\"error\":true,\"message\":\(JSONText.quote(message))}")
        }
        if part.headers["x-hepbox-oversized"] != nil { return failure("a bulk part may hold at most \(Self.maxPartBytes) bytes") }
        guard !rawPath.isEmpty else { return failure("the part has no X-File-Path") }
        do {
            let path = try TreePath(slashSeparated: rawPath)
            if let length = part.headers["content-length"].flatMap(Int.init), length != part.body.count {
                return failure("the part has \(part.body.count) bytes, not the announced \(length)")
            }
            // nextcloudcmd sends changed files in bulk too, each with the etag it last saw: a stale one must fail
            // for that file (the client then makes a conflict copy) instead of overwriting someone else's edit.
            let ifMatch = part.headers["if-match"].map { [$0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))] }
            let options = UploadOptions(mtime: part.headers["x-file-mtime"].flatMap { Int64($0) },
                                        checksum: part.headers["x-file-md5"].map { ClaimedChecksum(type: "MD5", value: $0) },
                                        expectedLength: Int64(part.body.count),
                                        conditions: Preconditions(ifMatch: ifMatch))
            let result = try await services.files.upload(context, owner: context.principal.name, path: path,
                                                         body: [part.body].async, options: options)
            let permissions = result.permissions.ownCloudLetters(isFolder: false)
            return (rawPath, "{\"error\":false,\"etag\":\(JSONText.quote(result.node.etag)),\"fileid\":\(JSONText.quote(services.files.ownCloudID(result.node))),\"permissions\":\(JSONText.quote(permissions))}")
        } catch {
            return failure(faults.visible(error, user: context.principal.name).message)
        }
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
