import HepboxCore
import Testing

@Suite struct ParsingTests {
    @Test func claimedChecksums() {
        #expect(ClaimedChecksum(header: "SHA1:ABC") == ClaimedChecksum(type: "SHA1", value: "abc"))
        #expect(ClaimedChecksum(header: "FOO:1 MD5:ff")?.type == "MD5")
        #expect(ClaimedChecksum(header: "nonsense") == nil)
        let sums = Checksums(sha1: "a", md5: "b", adler32: "0000ffff")
        #expect(ClaimedChecksum(type: "ADLER32", value: "ffff").matches(sums))
        #expect(!ClaimedChecksum(type: "SHA1", value: "b").matches(sums))
    }

    @Test func permissionLetters() {
        #expect(Permissions.owner.ownCloudLetters(isFolder: false) == "RGDNVW")
        #expect(Permissions.owner.ownCloudLetters(isFolder: true) == "RGDNVCK")
    }
}

@Suite struct LoginThrottleTests {
    @Test func delaysGrowFrom200msTo25sAndASuccessClearsThem() {
        let throttle = LoginThrottle()
        #expect(throttle.delay(for: "10.0.0.1") == .zero)
        throttle.recordFailure("10.0.0.1")
        #expect(throttle.delay(for: "10.0.0.1") == .milliseconds(200))
        throttle.recordFailure("10.0.0.1")
        #expect(throttle.delay(for: "10.0.0.1") == .milliseconds(400))
        for _ in 0..<20 { throttle.recordFailure("10.0.0.1") }
        #expect(throttle.delay(for: "10.0.0.1") == .seconds(25))
        #expect(throttle.delay(for: "10.0.0.2") == .zero)
        throttle.recordSuccess("10.0.0.1")
        #expect(throttle.delay(for: "10.0.0.1") == .zero)
    }
}
