import Foundation

/// One member of a zip archive as Debian's `unzip -p` reads it (an independent reader of what the server wrote):
/// the text, or nil when unzip fails (bad archive, no such member).
enum ZipMember {
    static func text(of member: String, in archive: some Collection<UInt8>) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-zip-\(UUID().uuidString).zip")
        try Data(archive).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-p", file.path, member]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let content = pipe.fileHandleForReading.readDataToEndOfFile()
        unzip.waitUntilExit()
        return unzip.terminationStatus == 0 ? String(decoding: content, as: UTF8.self) : nil
    }
}
