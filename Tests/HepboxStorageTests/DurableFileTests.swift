import Foundation
import HepboxStorage
import Testing

@Suite struct DurableFileTests {
    @Test func replacesTheFileWithItsPermissionsAndLeavesNothingElse() throws {
        let directory = try TemporaryDirectory.make()
        let path = directory.appendingPathComponent("secret.key").path
        try DurableFile.write(Array("first".utf8), to: path, mode: 0o600)
        try DurableFile.write(Array("second".utf8), to: path, mode: 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.key"])
    }

    @Test func aMissingDirectoryIsAnError() {
        #expect(throws: (any Error).self) {
            try DurableFile.write([1], to: "/nonexistent-hepbox-dir/instance-id")
        }
    }
}
