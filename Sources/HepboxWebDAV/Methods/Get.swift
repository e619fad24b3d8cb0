import HepboxCore
import HTTPTypes
import Hummingbird

/// GET and HEAD with conditional requests and single or multiple byte ranges; the content streams from the blob
/// store block by block.
enum Get {
    /// Files and ranges up to this size are read whole before the answer; larger ones stream block by block.
    static let wholeBodyLimit: Int64 = 256 << 10

    static func respond(_ dav: DAVRequest, services: WebDAVServices, includeBody: Bool) async throws -> Response {
        let (node, record) = try await services.files.download(dav.principal, owner: dav.owner, path: dav.path)
        guard node.kind == .file else {
            throw HepboxError(.methodNotAllowed, "/\(dav.path) is a folder: list it with PROPFIND")
        }
        var headers = NodeHeaders.identity(node, services: services)
        headers[.lastModified] = HTTPDate.format(node.mtime)
        headers[.acceptRanges] = "bytes"
        headers[.contentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = "default-src 'none';"
        if let sums = node.checksums { headers[.ocChecksum] = sums.ownCloudHeader }

        if let status = conditionalStatus(dav, node: node) {
            if status == .notModified { return Response(status: .notModified, headers: headers) }
            throw HepboxError(.preconditionFailed, "the precondition headers do not match /\(dav.path)")
        }

        let contentType = node.contentType ?? MimeTypes.guess(node.name)
        var ranges: [Range<Int64>]? = nil
        if let rangeHeader = dav.header("Range"), rangeApplies(dav, node: node) {
            switch ByteRanges.parse(rangeHeader, size: node.size) {
            case .ignore: ranges = nil
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(node.size)"
                throw HepboxError(.rangeNotSatisfiable, "the requested range is outside the \(node.size) bytes of the file")
            case .ranges(let parsed): ranges = parsed
            }
        }

        guard let ranges else {
            headers[.contentType] = contentType
            headers[.contentLength] = String(node.size)
            if !includeBody { return Response(status: .ok, headers: headers) }
            if node.size <= Self.wholeBodyLimit {
                // Read before answering: one buffer is written with the head (no streaming writer round trips),
                // and a block no replica can serve is an error status rather than a cut-off body.
                let bytes = try await services.files.wholeContent(of: node, record: record)
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
            let stream = try services.files.content(of: node, record: record)
            return Response(status: .ok, headers: headers, body: streamBody(dav.watching(stream), length: Int(node.size)))
        }
        if ranges.count == 1, let range = ranges.first {
            headers[.contentType] = contentType
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(node.size)"
            headers[.contentLength] = String(range.count)
            if !includeBody { return Response(status: .partialContent, headers: headers) }
            if Int64(range.count) <= Self.wholeBodyLimit {
                // Like a small file: one buffer with the head (readers such as uproot send many small ranges).
                let bytes = try await services.files.rangeContent(of: node, record: record, range: range)
                return Response(status: .partialContent, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
            let stream = try services.files.content(of: node, record: record, range: range)
            return Response(status: .partialContent, headers: headers, body: streamBody(dav.watching(stream), length: range.count))
        }
        return try await multipart(ranges, node: node, record: record, contentType: contentType, headers: headers,
                                   includeBody: includeBody, dav: dav, services: services)
    }

    /// 304 or 412 when the conditional headers say so (RFC 9110 §13.2.2 order), nil to go on.
    private static func conditionalStatus(_ dav: DAVRequest, node: Node) -> HTTPResponse.Status? {
        if let ifMatch = dav.etagList("If-Match"), !(ifMatch.contains("*") || ifMatch.contains(node.etag)) {
            return .preconditionFailed
        } else if dav.header("If-Match") == nil, let since = dav.header("If-Unmodified-Since").flatMap(HTTPDate.parse),
                  node.mtime > since {
            return .preconditionFailed
        }
        if let ifNoneMatch = dav.etagList("If-None-Match") {
            if ifNoneMatch.contains("*") || ifNoneMatch.contains(node.etag) { return .notModified }
        } else if let since = dav.header("If-Modified-Since").flatMap(HTTPDate.parse), node.mtime <= since {
            return .notModified
        }
        return nil
    }

    /// If-Range: the range only applies while the validator still matches.
    private static func rangeApplies(_ dav: DAVRequest, node: Node) -> Bool {
        guard let validator = dav.header("If-Range")?.trimmingCharacters(in: .whitespaces) else { return true }
        if validator.hasPrefix("\"") { return validator == "\"\(node.etag)\"" }
        if let date = HTTPDate.parse(validator) { return date == node.mtime }
        return false
    }

    private static func streamBody(_ stream: FaultWatchedContent<BlobReadStream>, length: Int) -> ResponseBody {
        ResponseBody(contentLength: length) { writer in
            for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
    }

    private static func multipart(_ ranges: [Range<Int64>], node: Node, record: BlobRecord?, contentType: String,
                                  headers: HTTPFields, includeBody: Bool, dav: DAVRequest,
                                  services: WebDAVServices) async throws -> Response {
        let boundary = "hepbox-" + RandomToken.hex(bytes: 12)
        var headers = headers
        let parts: [(String, Range<Int64>)] = ranges.map { range in
            ("\r\n--\(boundary)\r\nContent-Type: \(contentType)\r\nContent-Range: bytes \(range.lowerBound)-\(range.upperBound - 1)/\(node.size)\r\n\r\n", range)
        }
        let closing = "\r\n--\(boundary)--\r\n"
        let length = parts.reduce(closing.utf8.count) { $0 + $1.0.utf8.count + $1.1.count }
        headers[.contentType] = "multipart/byteranges; boundary=\(boundary)"
        headers[.contentLength] = String(length)
        if !includeBody { return Response(status: .partialContent, headers: headers) }
        let files = services.files
        if Int64(length) <= Self.wholeBodyLimit {
            // Many small ranges (uproot's multi-range reads): one buffer, not two writes per range.
            var body = ByteBuffer()
            body.reserveCapacity(length)
            for (preamble, range) in parts {
                body.writeString(preamble)
                body.writeBytes(try await files.rangeContent(of: node, record: record, range: range))
            }
            body.writeString(closing)
            return Response(status: .partialContent, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        let body = ResponseBody(contentLength: length) { writer in
            for (preamble, range) in parts {
                try await writer.write(ByteBuffer(string: preamble))
                for try await chunk in dav.watching(try files.content(of: node, record: record, range: range)) {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
            }
            try await writer.write(ByteBuffer(string: closing))
            try await writer.finish(nil)
        }
        return Response(status: .partialContent, headers: headers, body: body)
    }
}

/// `Range: bytes=…` (RFC 9110 §14.1.2).
enum ByteRanges {
    enum Outcome: Equatable { case ignore, unsatisfiable, ranges([Range<Int64>]) }

    /// More ranges than this, or ranges adding up to more than twice the file, and the header is ignored (the whole
    /// file is sent): many overlapping ranges would make a short request read and send the file many times over
    /// (RFC 9110 §14.2 allows ignoring them; Apache's MaxRanges is 200 too).
    static let maxRanges = 200

    static func parse(_ header: String, size: Int64) -> Outcome {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .ignore }
        var out: [Range<Int64>] = []
        for spec in trimmed.dropFirst(6).split(separator: ",") {
            let part = spec.trimmingCharacters(in: .whitespaces)
            guard let dash = part.firstIndex(of: "-") else { return .ignore }
            let first = part[..<dash]
            let last = part[part.index(after: dash)...]
            if first.isEmpty {
                guard let suffix = Int64(last), suffix >= 0 else { return .ignore }
                if suffix == 0 { continue }
                out.append(max(0, size - suffix)..<size)
            } else {
                guard let start = Int64(first), start >= 0 else { return .ignore }
                let end: Int64
                if last.isEmpty { end = size - 1 } else {
                    guard let e = Int64(last), e >= start else { return .ignore }
                    end = min(e, size - 1)
                }
                if start >= size { continue }
                out.append(start..<(end + 1))
            }
        }
        if out.count > maxRanges || out.reduce(Int64(0), { $0 + Int64($1.count) }) > 2 * max(size, 1) { return .ignore }
        return out.isEmpty ? .unsatisfiable : .ranges(out)
    }
}

import Foundation
