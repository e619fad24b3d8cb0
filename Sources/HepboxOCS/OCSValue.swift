import Foundation
import HepboxCore

/// An OCS payload, rendered as JSON or as OCS XML (lists become `<element>` children).
public indirect enum OCSValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case list([OCSValue])
    /// Ordered keys, as clients sometimes read by position in XML.
    case object([(String, OCSValue)])

    public static func == (lhs: OCSValue, rhs: OCSValue) -> Bool { lhs.json() == rhs.json() }

    public func json() -> String {
        switch self {
        case .string(let s): return JSONText.quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let items): return "[" + items.map { $0.json() }.joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { JSONText.quote($0.0) + ":" + $0.1.json() }.joined(separator: ",") + "}"
        }
    }

    public func xml() -> String {
        switch self {
        case .string(let s): return Self.escape(s)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "1" : ""
        case .null: return ""
        case .list(let items): return items.map { "<element>\($0.xml())</element>" }.joined()
        case .object(let pairs): return pairs.map { "<\($0.0)>\($0.1.xml())</\($0.0)>" }.joined()
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
