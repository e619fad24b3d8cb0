#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HepboxCore
import HTTPTypes
import Hummingbird

/// The reverse proxies (nginx, a load balancer) whose `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host`
/// headers are believed (config `trusted_proxies`: addresses or CIDR ranges).
///
/// Behind a proxy every request comes from the proxy's address, so the login throttle would delay every user
/// for one attacker's failures; with the proxy listed, the client is the right-most `X-Forwarded-For` entry that
/// is not itself a trusted proxy. From any other peer the three headers are removed before a front end sees
/// them, so a client cannot pick its own address, scheme or host.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [AddressRange]

    public init(_ entries: [String]) throws {
        ranges = try entries.map { try AddressRange(parsing: $0) }
    }

    private init() { ranges = [] }

    public static let none = TrustedProxies()

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = AddressRange.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedHeaders: Set<HTTPField.Name> = [forwardedFor, HTTPField.Name("X-Forwarded-Proto")!,
                                                        HTTPField.Name("X-Forwarded-Host")!]

    /// The client's address and the request the front ends see (forwarding headers kept only from a trusted peer).
    /// Runs on every request: one pass over the fields, and nothing more unless a forwarding header is there.
    func resolve(_ request: Request, peer: String) -> (client: String, request: Request) {
        guard request.headers.contains(where: { Self.forwardedHeaders.contains($0.name) }) else { return (peer, request) }
        guard contains(peer) else {
            var head = request.head
            head.headerFields = HTTPFields(head.headerFields.filter { !Self.forwardedHeaders.contains($0.name) })
            return (peer, Request(head: head, body: request.body))
        }
        return (client(peer: peer, forwardedFor: request.headers[values: Self.forwardedFor]), request)
    }

    /// Walks the hops from the nearest one back: the first address that is not a trusted proxy is the client.
    func client(peer: String, forwardedFor values: [String]) -> String {
        let hops = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard AddressRange.bytes(of: hop) != nil else { return peer }  // garbage: trust nothing beyond it
            if !contains(hop) { return hop }
        }
        return hops.first ?? peer
    }
}

/// One address or CIDR range, IPv4 or IPv6 (`10.0.0.0/8`, `::1`, `fd00::/8`).
public struct AddressRange: Sendable, Equatable {
    let network: [UInt8]
    let prefixLength: Int

    init(parsing text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = Self.bytes(of: String(parts[0])) else {
            throw HepboxError.badRequest("trusted_proxies: \(text) is not an IP address or CIDR range")
        }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length) else {
                throw HepboxError.badRequest("trusted_proxies: \(text) has a bad prefix length (0–\(bits))")
            }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        network = address
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        var remaining = prefixLength
        for (a, n) in zip(address, network) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if a & mask != n & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// 4 or 16 bytes; IPv4-mapped IPv6 (`::ffff:1.2.3.4`, how a dual-stack socket reports IPv4 peers) as IPv4.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return Array(bytes.suffix(4))
        }
        return bytes
    }
}
