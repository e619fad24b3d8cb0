import HepboxCore
import NIOCore
import Foundation

/// RFC 1123 dates (`Tue, 24 Nov 2026 19:43:30 GMT`) for getlastmodified, Last-Modified and If-Modified-Since.
enum HTTPDate {
    private static let dayNames: [StaticString] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                                     "Nov", "Dec"]

    static func format(_ seconds: Int64) -> String {
        String(unsafeUninitializedCapacity: maxLength) { write(seconds, into: $0) }
    }

    /// Appends the date to `buffer` without an intermediate string (PROPFIND writes one per entry).
    static func write(_ seconds: Int64, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maxLength) { raw in
            write(seconds, into: raw.bindMemory(to: UInt8.self))
        }
    }

    /// Longest answer: a 19-digit year with its sign.
    private static let maxLength = 48

    /// Writes the date into `out` (at least `maxLength` bytes) and returns how many bytes it took.
    private static func write(_ seconds: Int64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let days = Int(floorDiv(seconds, 86_400))
        let secs = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        var count = 0
        func put(_ text: StaticString) {
            for index in 0..<text.utf8CodeUnitCount { out[count + index] = text.utf8Start[index] }
            count += text.utf8CodeUnitCount
        }
        func put(_ value: Int, width: Int) {
            if value < 0 {
                out[count] = UInt8(ascii: "-")
                count += 1
            }
            let magnitude = value.magnitude
            var digits = 1
            var limit: UInt = 10
            while limit <= magnitude && digits < 19 {
                digits += 1
                limit *= 10
            }
            digits = max(digits, width)
            var rest = magnitude
            for index in stride(from: count + digits - 1, through: count, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += digits
        }
        put(dayNames[((days % 7) + 7) % 7])
        put(", ")
        put(d, width: 2)
        put(" ")
        put(monthNames[m - 1])
        put(" ")
        put(y, width: 4)
        put(" ")
        put(secs / 3600, width: 2)
        put(":")
        put((secs / 60) % 60, width: 2)
        put(":")
        put(secs % 60, width: 2)
        put(" GMT")
        return count
    }

    static func parse(_ text: String) -> Int64? {
        // "Tue, 24 Nov 2026 19:43:30 GMT"
        let parts = text.split(separator: " ")
        guard parts.count == 6, let d = Int(parts[1]), let m = monthNames.firstIndex(where: { $0.description == parts[2] }),
              let y = Int(parts[3])
        else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        return Int64(days(fromCivil: y, m + 1, d)) * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2])
    }

    /// ISO 8601 for `creationdate`.
    static func iso8601(_ seconds: Int64) -> String {
        let days = Int(floorDiv(seconds, 86_400))
        let secs = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad((secs / 60) % 60, 2)):\(pad(secs % 60, 2))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) { CivilDate.civil(fromDays: days) }

    private static func days(fromCivil y: Int, _ m: Int, _ d: Int) -> Int { CivilDate.days(fromCivil: y, m, d) }
}
