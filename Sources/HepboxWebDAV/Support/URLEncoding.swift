import Foundation
import HepboxCore

enum URLEncoding {
    /// The percent-decoded segments of a URL path after its ASCII route `prefix` (see `TreePath.decodedSegments`).
    static func decodedSegments(of path: String, after prefix: String) throws -> [String] {
        let rest = path.utf8.dropFirst(prefix.utf8.count)
        return try TreePath.decodedSegments(Substring(rest))
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
