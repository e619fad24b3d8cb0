import Foundation
import HepboxCore
import Hummingbird

/// `application/x-www-form-urlencoded` request bodies (OCS POST/PUT), bounded in size.
enum FormBody {
    static let limit = 64 << 10

    static func parse(_ request: Request) async throws -> [String: String] {
        guard request.method == .post || request.method == .put || request.method == .delete else { return [:] }
        var bytes: [UInt8] = []
        for try await chunk in ClientBody(request.body) {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > limit { throw HepboxError(.payloadTooLarge, "the form body is larger than \(limit) bytes") }
        }
        return decode(String(decoding: bytes, as: UTF8.self))
    }

    static func decode(_ text: String) -> [String: String] { FormEncoding.decode(text) }
}

