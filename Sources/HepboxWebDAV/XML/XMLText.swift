import NIOCore

/// Escaping for XML text and attributes.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        // Most names, etags and hrefs need nothing: return them without building a copy.
        if !needsEscaping(s) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Whether `s` holds `&`, `<` or `>`: a plain loop over the UTF-8 bytes (every name, etag and href of a
    /// listing goes through here).
    static func needsEscaping(_ s: String) -> Bool {
        for byte in s.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E { return true }
        return false
    }

    public static func escapeAttribute(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The UTF-8 bytes of an XML answer being built, straight into the buffer the answer is sent from: a
/// 1000-entry multistatus is thousands of small appends, each one copy, and no copy of the whole at the end.
struct XMLBytes {
    private(set) var buffer: ByteBuffer

    init(_ start: String = "", capacity: Int = 4096) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
        buffer.writeString(start)
    }

    static func += (lhs: inout XMLBytes, rhs: String) { lhs.buffer.writeString(rhs) }

    /// `text` escaped as XML text, without building an escaped copy first.
    mutating func appendEscaped(_ text: String) {
        guard XMLText.needsEscaping(text) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x26: buffer.writeStaticString("&amp;")
            case 0x3C: buffer.writeStaticString("&lt;")
            case 0x3E: buffer.writeStaticString("&gt;")
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func appendDecimal(_ value: Int64) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { raw in
            var magnitude = value.magnitude
            var digits = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            let start = value < 0 ? 1 : 0
            if value < 0 { raw[0] = UInt8(ascii: "-") }
            var position = start + digits
            repeat {
                position -= 1
                raw[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while position > start
            return start + digits
        }
    }

    mutating func appendHTTPDate(_ seconds: Int64) { HTTPDate.write(seconds, to: &buffer) }
}

/// The namespaces hepbox speaks.
public enum DAVNamespace {
    public static let dav = "DAV:"
    public static let owncloud = "http://owncloud.org/ns"
    public static let nextcloud = "http://nextcloud.org/ns"
    public static let sabre = "http://sabredav.org/ns"
}
