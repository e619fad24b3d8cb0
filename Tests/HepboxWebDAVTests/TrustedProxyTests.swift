import Foundation
import HepboxCore
@testable import HepboxServer
import Testing

@Suite struct TrustedProxyTests {
    @Test func addressesAndRangesParseAndMatch() throws {
        let proxies = try TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"])
        #expect(proxies.contains("127.0.0.1"))
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("fd12:3456::1"))
        #expect(proxies.contains("::1"))
        #expect(proxies.contains("::ffff:10.1.1.1"))  // IPv4 peer as a dual-stack socket reports it
        #expect(!proxies.contains("2001:db8::1"))
        #expect(!proxies.contains("local"))
        for bad in ["10.0.0.0/33", "proxy.example.org", "1.2.3.4/x", "::1/129", ""] {
            #expect(throws: HepboxError.self) { try TrustedProxies([bad]) }
        }
    }

    @Test func theClientIsTheNearestHopThatIsNotAProxy() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8"])
        #expect(proxies.client(peer: "10.0.0.1", forwardedFor: ["203.0.113.9, 10.1.2.3"]) == "203.0.113.9")
        // A client cannot hide behind an address it writes itself: only hops added by trusted proxies count.
        #expect(proxies.client(peer: "10.0.0.1", forwardedFor: ["198.51.100.1, 203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.1", forwardedFor: ["198.51.100.1", "10.9.9.9"]) == "198.51.100.1")
        #expect(proxies.client(peer: "10.0.0.1", forwardedFor: ["not-an-address, 10.1.2.3"]) == "10.0.0.1")
        #expect(proxies.client(peer: "10.0.0.1", forwardedFor: []) == "10.0.0.1")
    }

    @Test func configurationReadsTheListFromYAMLAndTheEnvironment() throws {
        var config = HepboxConfiguration()
        try ConfigurationLoader.apply(yaml: "trusted_proxies: [\"127.0.0.1\", \"10.0.0.0/8\"]\n", to: &config, source: "t.yaml")
        #expect(config.trustedProxies == (try TrustedProxies(["127.0.0.1", "10.0.0.0/8"])))
        try ConfigurationLoader.apply(environment: ["HEPBOX_TRUSTED_PROXIES": "::1,192.168.0.0/16"], to: &config)
        #expect(config.trustedProxies.contains("192.168.4.4"))
        #expect(!config.trustedProxies.contains("10.0.0.1"))
        #expect(throws: HepboxError.self) {
            try ConfigurationLoader.apply(yaml: "trusted_proxies: [\"nginx\"]\n", to: &config, source: "t.yaml")
        }
    }

    /// Behind a trusted proxy, one client's failed logins delay that client, not the proxy everyone comes through.
    @Test func failedLoginsBehindATrustedProxyAreThrottledPerForwardedClient() async throws {
        let fixture = try await ServerFixture { $0.trustedProxies = try! TrustedProxies(["127.0.0.1"]) }
        let runtime = fixture.runtime
        try await fixture.test(.live) { client in
            let wrong = ServerFixture.basic("alice", "wrong")
            let response = try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["X-Forwarded-For": "203.0.113.5"], auth: wrong)
            #expect(response.status == .unauthorized)
            #expect(runtime.throttle.delay(for: "203.0.113.5") > .zero)
            #expect(runtime.throttle.delay(for: "127.0.0.1") == .zero)
            let other = try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["X-Forwarded-For": "198.51.100.7", "Depth": "0"])
            #expect(other.status.code == 207)
            // Links the server hands out follow the proxy's scheme and host.
            let start = try await client.dav("POST", "/index.php/login/v2",
                                             headers: ["X-Forwarded-Proto": "https", "X-Forwarded-Host": "box.example.org"], auth: nil)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: start.body)) as? [String: Any])
            #expect((json["login"] as? String)?.hasPrefix("https://box.example.org/") == true)
        }
    }

    /// Without a trusted proxy the forwarding headers are ignored: a client cannot choose its address or the
    /// scheme and host of the links it is given.
    @Test func forwardingHeadersFromOtherPeersAreIgnored() async throws {
        let fixture = try await ServerFixture()
        let runtime = fixture.runtime
        try await fixture.test(.live) { client in
            let wrong = ServerFixture.basic("alice", "wrong")
            _ = try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["X-Forwarded-For": "203.0.113.5"], auth: wrong)
            #expect(runtime.throttle.delay(for: "127.0.0.1") > .zero)
            #expect(runtime.throttle.delay(for: "203.0.113.5") == .zero)
            runtime.throttle.recordSuccess("127.0.0.1")
            let start = try await client.dav("POST", "/index.php/login/v2",
                                             headers: ["X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"], auth: nil)
            let login = try #require(try JSONSerialization.jsonObject(with: Data(buffer: start.body)) as? [String: Any])["login"] as? String
            #expect(login?.hasPrefix("http://") == true)
            #expect(login?.contains("evil.example") == false)
        }
    }
}

@Suite struct SpaceShareConfigurationTests {
    @Test func versionsAndTrashSharesAreReadAndChecked() throws {
        var config = HepboxConfiguration()
        #expect(config.versionsSpacePercent == 50 && config.trashSpacePercent == 50)
        try ConfigurationLoader.apply(yaml: "versions:\n  max_space_percent: 30\ntrash:\n  max_space_percent: 80\n",
                                      to: &config, source: "t.yaml")
        #expect(config.versionsSpacePercent == 30 && config.trashSpacePercent == 80)
        try config.validate()
        for bad in [0, 101] {
            var wrong = config
            wrong.versionsSpacePercent = bad
            #expect(throws: HepboxError.self) { try wrong.validate() }
        }
    }
}

@Suite struct IdleTimeoutConfigurationTests {
    @Test func theIdleTimeoutIsReadFromYAMLAndTheEnvironmentAndChecked() throws {
        var config = HepboxConfiguration()
        #expect(config.idleTimeoutSeconds == 120)
        try ConfigurationLoader.apply(yaml: "idle_timeout_seconds: 30\n", to: &config, source: "t.yaml")
        #expect(config.idleTimeoutSeconds == 30)
        try ConfigurationLoader.apply(environment: ["HEPBOX_IDLE_TIMEOUT": "0"], to: &config)
        #expect(config.idleTimeoutSeconds == 0)
        try config.validate()
        #expect(throws: HepboxError.self) {
            try ConfigurationLoader.apply(environment: ["HEPBOX_IDLE_TIMEOUT": "soon"], to: &config)
        }
        config.idleTimeoutSeconds = -1
        #expect(throws: HepboxError.self) { try config.validate() }
    }
}
