import Logging

/// Where front ends turn a failure into what the client sees. A failure that is the server's (a storage node gone
/// or full, damaged data, a bug) is logged with everything known about it, for the administrators, and the client
/// gets a short message with the request's reference instead of internals (file-system paths, SQL, system
/// errors). A failure that is the request's (bad input, missing target, quota) goes to the client as it is.
public struct FaultLog: Sendable {
    private let logger: Logger
    private let referenceKey: String
    private let method: String
    private let path: String

    /// - Parameters:
    ///   - logger: the request's logger (its metadata, the request id among it, goes into every line).
    ///   - referenceKey: the metadata key of the request id that the client is given as its reference.
    ///   - method, path: the request's, for the log.
    public init(logger: Logger, referenceKey: String, method: String, path: String) {
        self.logger = logger
        self.referenceKey = referenceKey
        self.method = method
        self.path = path
    }

    /// The request's reference, as given to the client and written in the log.
    public var reference: String { logger[metadataKey: referenceKey]?.description ?? "-" }

    /// `error` as the client may see it; a server fault is logged first.
    public func visible(_ error: any Error, user: String?) -> HepboxError {
        let domain = error as? HepboxError ?? HepboxError(.internalError, "\(error)")
        guard let summary = Self.clientSummary(of: domain.code) else { return domain }
        record(domain, user: user)
        return HepboxError(domain.code, "\(summary) (reference \(reference): the server's log has the details)")
    }

    /// Logs `error` if it is a server fault. `when` says at what point it happened, if not before the answer.
    public func record(_ error: HepboxError, user: String?, when: String? = nil) {
        guard error.code.isServerFault else { return }
        logger.error("\(method) \(path) failed\(when.map { " " + $0 } ?? ""): \(error.message)",
                     metadata: ["user": .string(user ?? "-"), "error.code": .string(error.code.rawValue)])
    }

    /// What the client is told of a server fault.
    static func clientSummary(of code: HepboxError.Code) -> String? {
        switch code {
        case .internalError: "the server failed to complete the request"
        case .corrupt: "the server could not read a good copy of the stored data"
        case .unavailable: "the server's storage is not available at the moment"
        case .storageFull: "the server's storage is full"
        default: nil
        }
    }
}

extension HepboxError.Code {
    /// True when the server, not the request, failed (a 5xx answer, or 507 for a full disk).
    public var isServerFault: Bool { FaultLog.clientSummary(of: self) != nil }
}

extension FaultLog {
    /// `content` as it is, except that a server fault it meets is logged: content streams after the answer's head
    /// was sent, so the client only sees the body cut short (a block no replica can serve, say), and the log is
    /// the only place the administrators learn of it.
    public func watching<Content: AsyncSequence & Sendable>(_ content: Content, user: String?) -> FaultWatchedContent<Content> {
        FaultWatchedContent(base: content, faults: self, user: user)
    }
}

/// See `FaultLog.watching`.
public struct FaultWatchedContent<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Base.Element
    let base: Base
    let faults: FaultLog
    let user: String?

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let owner: FaultWatchedContent

        public mutating func next() async throws -> Element? {
            do {
                return try await base.next()
            } catch let error as HepboxError {
                owner.faults.record(error, user: owner.user, when: "while its answer was sent")
                throw error
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), owner: self) }
}
