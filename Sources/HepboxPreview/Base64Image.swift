import Foundation

/// Checks that an embedded image is base64 of the format it claims, and re-encodes it, so nothing but the
/// base64 alphabet reaches a `src` attribute.
enum Base64Image {
    static func validated(_ encoded: String, type: String) -> String? {
        let compact = String(encoded.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        guard let data = Data(base64Encoded: compact), hasSignature(Array(data.prefix(8)), of: type) else { return nil }
        return data.base64EncodedString()
    }

    private static func hasSignature(_ head: [UInt8], of type: String) -> Bool {
        switch type {
        case "image/png": return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "image/jpeg": return head.starts(with: [0xFF, 0xD8, 0xFF])
        default: return false
        }
    }
}
