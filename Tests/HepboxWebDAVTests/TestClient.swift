import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOPosix
import Synchronization

// The tests' own small client, instead of HummingbirdTesting: that product pulls AsyncHTTPClient, HTTP/2 and a
// second copy of BoringSSL into the build (about 600 more files to compile) for what fits in this file.

/// How a test reaches the server: `.router` hands each request to the responder in process (no socket); `.live`
/// runs the server on a loopback port and sends real HTTP, for tests that need a TCP peer.
enum TestingSetup: Sendable { case router, live }

struct TestResponse: Sendable {
    let head: HTTPResponse
    let body: ByteBuffer
    var status: HTTPResponse.Status { head.status }
    var headers: HTTPFields { head.headerFields }
}

protocol TestClientProtocol: Sendable {
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse
}

extension ApplicationProtocol where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    /// Runs `body` with a client of this application.
    func test<Value: Sendable>(_ setup: TestingSetup, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        switch setup {
        case .router: try await body(RouterClient(responder: try await responder, logger: logger))
        case .live: try await LiveClient.run(self, body)
        }
    }
}

/// Calls the responder directly with a request whose body is given whole.
struct RouterClient<Responder: HTTPResponder>: TestClientProtocol
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let logger: Logger

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = Responder.Context(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        let collected = CollectingWriter()
        try await response.body.write(collected)
        return TestResponse(head: response.head, body: collected.buffer.withLock { $0 })
    }
}

/// Collects a response body.
final class CollectingWriter: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())
    func write(_ part: ByteBuffer) async throws { buffer.withLock { $0.writeImmutableBuffer(part) } }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Real HTTP/1.1 over loopback, one connection per request, on NIO's HTTP/1 codec (already part of the server).
struct LiveClient: TestClientProtocol {
    let port: Int

    static func run<App: ApplicationProtocol, Value: Sendable>(
        _ app: App, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            defer { portSink.finish() }  // a server that fails to start ends the wait below instead of hanging it
            try await Application(responder: try await app.responder, server: app.server,
                                  configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) },
                                  logger: app.logger).run()
        }
        defer { server.cancel() }
        guard let port = await ports.first(where: { _ in true }), port > 0 else { throw CancellationError() }
        return try await body(LiveClient(port: port))
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        headers[.contentLength] = String(body?.readableBytes ?? 0)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPClientCodec())
                    return try NIOAsyncChannel<HTTPResponsePart, HTTPRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let request = HTTPRequest(method: method, scheme: nil, authority: "127.0.0.1:\(port)", path: uri, headerFields: headers)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(request))
            if let body { try await outbound.write(.body(body)) }
            try await outbound.write(.end(nil))
            var head: HTTPResponse?
            var collected = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let response) where response.status.kind != .informational: head = response
                case .head: continue
                case .body(let bytes): collected.writeImmutableBuffer(bytes)
                case .end: if let head { return TestResponse(head: head, body: collected) }
                }
            }
            throw ChannelError.eof
        }
    }
}
