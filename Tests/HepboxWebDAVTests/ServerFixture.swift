import Foundation
import HepboxCore
import HepboxServer
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A real runtime (SQLite + local blob store in a temp dir) behind the router, with users alice and bob.
struct ServerFixture {
    let runtime: HepboxRuntime
    let directory: URL

    init(configure: (inout HepboxConfiguration) -> Void = { _ in }) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-test-\(UUID().uuidString)")
        var configuration = HepboxConfiguration()
        configuration.dataDir = directory.path
        configure(&configuration)
        runtime = try HepboxRuntime(configuration: configuration)
        try await runtime.users.add(name: "alice", password: "alice-pw")
        try await runtime.users.add(name: "bob", password: "bob-pw")
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// `.router` by default; `.live` when a test needs a real TCP peer (127.0.0.1).
    func test(_ setup: TestingSetup = .router, logger: Logger = Logger(label: "hepbox"),
              _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await HepboxServer.application(runtime: runtime, logger: logger).test(setup, body)
    }
}

extension TestClientProtocol {
    /// A request as alice (or the given credentials).
    func dav(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil,
             auth: String? = ServerFixture.basic("alice", "alice-pw")) async throws -> TestResponse {
        var fields = HTTPFields()
        if let auth { fields[.authorization] = auth }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        return try await execute(uri: path, method: HTTPRequest.Method(method)!, headers: fields,
                                 body: body.map { ByteBuffer(string: $0) })
    }
}
