import Foundation
import HepboxCore
import HepboxOCS
import HepboxWebDAV
import Hummingbird

/// Routes each request to its front end and authenticates HTTP Basic once for all of them.
struct HepboxResponder: HTTPResponder {
    typealias Context = HepboxRequestContext
    let runtime: HepboxRuntime
    let webdav: WebDAVFrontEnd
    let ocs: OCSFrontEnd
    let loginFlow: LoginFlow

    init(runtime: HepboxRuntime) {
        self.runtime = runtime
        webdav = WebDAVFrontEnd(services: WebDAVServices(
            files: runtime.files, locks: runtime.locks, users: runtime.users,
            settings: WebDAVSettings(allowInfiniteDepth: runtime.configuration.allowInfiniteDepth,
                                     maxXMLBodyBytes: runtime.configuration.maxXMLBodyBytes)))
        ocs = OCSFrontEnd(services: .init(files: runtime.files, users: runtime.users, capabilities: ServerCapabilities()))
        loginFlow = LoginFlow(users: runtime.users, throttle: runtime.throttle)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if WebDAVFrontEnd.handles(path: path) {
            let principal = try await BasicAuth.principal(of: request, context: context, runtime: runtime)
            return await webdav.respond(to: request, principal: principal)
        }
        if OCSFrontEnd.handles(path: path) {
            let principal = try await BasicAuth.principal(of: request, context: context, runtime: runtime)
            return await ocs.respond(to: request, principal: principal)
        }
        if LoginFlow.handles(path: path) {
            return await loginFlow.respond(to: request, remoteAddress: context.remoteAddress)
        }
        if path == "/" {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "hepbox: WebDAV at /remote.php/dav/files/<user>/\n")))
        }
        return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "not found: \(path)\n")))
    }
}

/// HTTP Basic credentials → principal (nil when absent or wrong), throttled per client address.
enum BasicAuth {
    static func principal(of request: Request, context: HepboxRequestContext, runtime: HepboxRuntime) async throws -> Principal? {
        guard let header = request.headers[.authorization], let encoded = basicCredentials(header) else { return nil }
        guard let data = Data(base64Encoded: encoded),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let name = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        let wait = runtime.throttle.delay(for: context.remoteAddress)
        if wait > .zero { try await Task.sleep(for: wait) }
        guard let principal = try await runtime.users.authenticate(name: name, password: password) else {
            runtime.throttle.recordFailure(context.remoteAddress)
            return nil
        }
        runtime.throttle.recordSuccess(context.remoteAddress)
        return principal
    }

    /// The base64 part of `Basic …`, trimmed, without Foundation's string bridging (this runs on every request).
    static func basicCredentials(_ header: String) -> String? {
        let bytes = header.utf8
        guard bytes.count > 6, bytes.prefix(5).map({ $0 | 0x20 }).elementsEqual("basic".utf8),
              bytes.dropFirst(5).first == UInt8(ascii: " ") else { return nil }
        var rest = bytes.dropFirst(6)
        while let first = rest.first, first == 0x20 || first == 0x09 { rest = rest.dropFirst() }
        while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
        return String(decoding: rest, as: UTF8.self)
    }
}
