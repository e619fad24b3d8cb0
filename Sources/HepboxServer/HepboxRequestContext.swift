import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the client's address (for login throttling).
struct HepboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
