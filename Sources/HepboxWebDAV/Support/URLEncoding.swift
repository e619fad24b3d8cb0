import Foundation
import HepboxCore

enum URLEncoding {
    /// The percent-decoded segments of a URL path after its ASCII route `prefix`, split on the byte (a slash is a
    /// separator byte, whatever follows it); 400 for an invalid percent-encoding or an encoded slash.
    static func decodedSegments(of path: String, after prefix: String) throws -> [String] {
        try path.utf8.dropFirst(prefix.utf8.count).split(separator: UInt8(ascii: "/")).map { bytes in
            let segment = String(decoding: bytes, as: UTF8.self)
            guard segment.utf8.contains(UInt8(ascii: "%")) else { return segment }
            guard let decoded = segment.removingPercentEncoding else {
                throw HepboxError.badRequest("the path has an invalid percent-encoding: \(segment)")
            }
            if decoded.utf8.contains(UInt8(ascii: "/")) { throw HepboxError.badRequest("a path segment contains an encoded slash") }
            return decoded
        }
    }

    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~!$&'()*+,;=:@")
        return set
    }()

    /// The bytes `segmentAllowed` holds, as a table (every entry of a listing is encoded: no Foundation per name).
    private static let allowedBytes: [Bool] = (0..<256).map { byte in
        byte < 128 && segmentAllowed.contains(Unicode.Scalar(UInt8(byte)))
    }

    /// Percent-encodes one path segment (UTF-8), leaving RFC 3986 unreserved and sub-delims characters.
    static func encodeSegment(_ segment: String) -> String {
        let bytes = segment.utf8
        let allowed = allowedBytes
        var plain = true
        for byte in bytes where !allowed[Int(byte)] {
            plain = false
            break
        }
        if plain { return segment }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if allowed[Int(byte)] {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
