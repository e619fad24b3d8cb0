import HepboxCore
import Foundation

/// RFC 1123 dates (`Tue, 24 Nov 2026 19:43:30 GMT`) for getlastmodified, Last-Modified and If-Modified-Since.
enum HTTPDate {
    private static let names = (days: ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"],
                                months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])

    static func format(_ seconds: Int64) -> String {
        let days = Int(floorDiv(seconds, 86_400))
        let secs = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        // Built as bytes: PROPFIND formats one date per entry, and interpolation allocated per field.
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out.append(contentsOf: names.days[((days % 7) + 7) % 7].utf8)
        out.append(contentsOf: ", ".utf8)
        digits(d, 2, into: &out)
        out.append(0x20)
        out.append(contentsOf: names.months[m - 1].utf8)
        out.append(0x20)
        digits(y, 4, into: &out)
        out.append(0x20)
        digits(secs / 3600, 2, into: &out)
        out.append(UInt8(ascii: ":"))
        digits((secs / 60) % 60, 2, into: &out)
        out.append(UInt8(ascii: ":"))
        digits(secs % 60, 2, into: &out)
        out.append(contentsOf: " GMT".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` in decimal, zero-padded to at least `width` digits.
    private static func digits(_ value: Int, _ width: Int, into out: inout [UInt8]) {
        guard value >= 0 else { out.append(contentsOf: pad(value, width).utf8); return }
        var count = 1
        var limit = 10
        while limit <= value && count < 18 {
            count += 1
            limit *= 10
        }
        var power = 1
        for _ in 1..<max(width, count) { power *= 10 }
        while power > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / power % 10))
            power /= 10
        }
    }

    static func parse(_ text: String) -> Int64? {
        // "Tue, 24 Nov 2026 19:43:30 GMT"
        let parts = text.split(separator: " ")
        guard parts.count == 6, let d = Int(parts[1]), let m = names.months.firstIndex(of: String(parts[2])),
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
