import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HepboxCore
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// `hepbox serve`: builds the runtime and runs the HTTP server until SIGINT/SIGTERM, draining in-flight requests.
public enum HepboxServer {
    public static func run(configuration: HepboxConfiguration, onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        limitMallocArenas()
        // Tasks run on the event loops themselves: a request's handler then starts and answers on its connection's
        // thread instead of hopping to Swift's cooperative pool and back (+40 % small GETs per core). Blocking work
        // stays off the loops: file I/O and fsync on the blob store's thread pool, SQLite commits on GRDB's writer
        // queue, bcrypt on its own queue; the SQLite reads that do run on a loop take microseconds (WAL, hot pages).
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var logger = Logger(label: "hepbox") { ServerLogHandler(label: $0) }
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let runtime = try HepboxRuntime(configuration: configuration)
        if let password = try await runtime.bootstrapAdmin() {
            Console.line("hepbox: created the account 'admin' with the password: \(password)")
            Console.line("hepbox: (shown once; change it with `hepbox admin user passwd admin --password …`)")
        }
        let app = application(runtime: runtime, logger: logger, onReady: { port in
            Console.line("hepbox: listening on http://\(configuration.host):\(port)/ (data in \(configuration.dataURL.path))")
            onReady(port)
        })
        let housekeeping = Task {
            while !Task.isCancelled {
                await runtime.sweep()
                try? await Task.sleep(for: .seconds(3600))
            }
        }
        defer { housekeeping.cancel() }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// One malloc arena per core instead of glibc's eight: blocks are read on many I/O pool threads and freed on
    /// the event loops, and memory freed in one arena is never reused by another, so with the default the server
    /// kept ~50 MiB more after a burst of range reads (VmRSS 122 vs 68 MiB in the same test) for no speed gain.
    private static func limitMallocArenas() {
        #if canImport(Glibc)
        // `mallopt` is not in Swift's Glibc module (malloc.h); M_ARENA_MAX is -8 there.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, Int32(max(2, System.coreCount)))
        #endif
    }

    /// The HTTP application over a runtime (tests drive it directly).
    public static func application(runtime: HepboxRuntime, logger: Logger = Logger(label: "hepbox"),
                                   onReady: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        let configuration = runtime.configuration
        return Application(
            responder: HepboxResponder(runtime: runtime),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestHeadHandler()],
                idleTimeout: configuration.idleTimeoutSeconds > 0 ? .seconds(Int64(configuration.idleTimeoutSeconds)) : nil)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "hepbox"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
