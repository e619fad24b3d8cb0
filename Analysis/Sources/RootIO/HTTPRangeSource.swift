import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads a file from a web server with HTTP range requests, so only the parts a reader touches are
/// transferred. Small reads are rounded up to aligned blocks and kept in a bounded cache, because the
/// reader makes many small metadata reads next to each other (keys, directories, headers).
public final class HTTPRangeSource: ByteSource, @unchecked Sendable {
    public let url: URL
    public let size: Int64
    /// Granularity of cached reads; larger reads go straight to the server.
    let blockSize: Int
    let cacheLimitBlocks: Int
    /// Ranges closer than this are fetched in one request by `read(ranges:)`.
    let mergeGap: Int64
    private let session: URLSession
    private let lock = NSLock()
    private var blocks: [Int64: [UInt8]] = [:]
    private var blockOrder: [Int64] = []
    private var requests = 0
    private var transferred: Int64 = 0

    /// Number of range requests made and bytes received so far (diagnostics, tests).
    public var requestCount: Int { lock.lock(); defer { lock.unlock() }; return requests }
    public var bytesTransferred: Int64 { lock.lock(); defer { lock.unlock() }; return transferred }

    public convenience init(url: URL) throws {
        try self.init(url: url, blockSize: 64 * 1024, cacheBytes: 64 * 1024 * 1024, mergeGap: 32 * 1024)
    }

    public init(url: URL, blockSize: Int, cacheBytes: Int, mergeGap: Int) throws {
        self.url = url
        self.mergeGap = Int64(max(0, mergeGap))
        self.blockSize = max(4096, blockSize)
        self.cacheLimitBlocks = max(1, cacheBytes / max(4096, blockSize))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 60
        self.session = URLSession(configuration: configuration)
        // A one-byte range request tells us both that ranges work and the total size.
        let (_, response) = try HTTPRangeSource.fetch(session: session, url: url, range: 0..<1)
        guard let total = HTTPRangeSource.totalSize(from: response) else {
            throw RootError.io("\(url): the server did not report the file size in Content-Range")
        }
        self.size = total
        self.requests = 1
    }

    deinit { session.finishTasksAndInvalidate() }

    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset + Int64(count) <= size else {
            throw RootError.io("\(url): range \(offset)..<\(offset + Int64(count)) is outside the file (\(size) bytes)")
        }
        if count == 0 { return [] }
        // Large reads (baskets) go straight to the server; small ones (keys, headers) through the block cache.
        if count >= blockSize / 4 { return try fetchCounted(offset..<offset + Int64(count)) }
        let first = offset / Int64(blockSize)
        let last = (offset + Int64(count) - 1) / Int64(blockSize)
        var parts: [[UInt8]] = []
        var missingStart: Int64? = nil
        var pending: [Int64: [UInt8]] = [:]
        lock.lock()
        let cached = (first...last).map { blocks[$0] }
        lock.unlock()
        // Coalesce runs of missing blocks into one request each.
        for (index, block) in (first...last).enumerated() {
            if cached[index] == nil {
                if missingStart == nil { missingStart = block }
            } else if let start = missingStart {
                try fetchBlocks(start..<block, into: &pending)
                missingStart = nil
            }
        }
        if let start = missingStart { try fetchBlocks(start..<(last + 1), into: &pending) }
        for (index, block) in (first...last).enumerated() {
            guard let data = cached[index] ?? pending[block] else {
                throw RootError.io("\(url): block \(block) missing after fetch")
            }
            parts.append(data)
        }
        remember(pending)
        var out = [UInt8]()
        out.reserveCapacity(count)
        var position = offset
        var remaining = count
        for (index, part) in parts.enumerated() {
            let blockStart = (first + Int64(index)) * Int64(blockSize)
            let from = Int(position - blockStart)
            let take = min(remaining, part.count - from)
            guard take > 0 else { throw RootError.io("\(url): short block \(first + Int64(index))") }
            out.append(contentsOf: part[from..<from + take])
            position += Int64(take)
            remaining -= take
        }
        return out
    }

    /// Merges ranges that are close together (gaps up to `mergeGap`) into one request each, so a
    /// branch's baskets arrive in a few round trips instead of one per basket.
    public func read(ranges: [Range<Int64>]) throws -> [[UInt8]] {
        let maximumRequest: Int64 = 16 * 1024 * 1024
        let order = ranges.indices.sorted { ranges[$0].lowerBound < ranges[$1].lowerBound }
        var results = [[UInt8]](repeating: [], count: ranges.count)
        var group: [Int] = []
        var groupRange: Range<Int64> = 0..<0
        func flush() throws {
            guard !group.isEmpty else { return }
            // Basket data is read once: fetch exactly, bypassing the metadata block cache.
            let data = groupRange.isEmpty ? [] : try fetchCounted(groupRange)
            for index in group {
                let r = ranges[index]
                let from = Int(r.lowerBound - groupRange.lowerBound)
                results[index] = Array(data[from..<from + r.count])
            }
            group = []
        }
        for index in order {
            let r = ranges[index]
            guard r.lowerBound >= 0, r.upperBound <= size else {
                throw RootError.io("\(url): range \(r.lowerBound)..<\(r.upperBound) is outside the file (\(size) bytes)")
            }
            if !group.isEmpty, r.lowerBound <= groupRange.upperBound + mergeGap,
               max(groupRange.upperBound, r.upperBound) - groupRange.lowerBound <= maximumRequest {
                groupRange = groupRange.lowerBound..<max(groupRange.upperBound, r.upperBound)
                group.append(index)
            } else {
                try flush()
                group = [index]
                groupRange = r
            }
        }
        try flush()
        return results
    }

    private func fetchBlocks(_ range: Range<Int64>, into pending: inout [Int64: [UInt8]]) throws {
        let start = range.lowerBound * Int64(blockSize)
        let end = min(size, range.upperBound * Int64(blockSize))
        let data = try fetchCounted(start..<end)
        for block in range {
            let from = Int(block * Int64(blockSize) - start)
            let to = min(data.count, from + blockSize)
            pending[block] = Array(data[from..<to])
        }
    }

    private func remember(_ fresh: [Int64: [UInt8]]) {
        guard !fresh.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for (block, data) in fresh where blocks[block] == nil {
            blocks[block] = data
            blockOrder.append(block)
        }
        while blockOrder.count > cacheLimitBlocks {
            blocks[blockOrder.removeFirst()] = nil
        }
    }

    private func fetchCounted(_ range: Range<Int64>) throws -> [UInt8] {
        let (data, _) = try HTTPRangeSource.fetch(session: session, url: url, range: range)
        lock.lock()
        requests += 1
        transferred += Int64(data.count)
        lock.unlock()
        guard data.count == range.count else {
            throw RootError.io("\(url): asked for \(range.count) bytes at \(range.lowerBound), got \(data.count)")
        }
        return data
    }

    /// One synchronous range request; requires `206 Partial Content`.
    static func fetch(session: URLSession, url: URL, range: Range<Int64>) throws -> ([UInt8], HTTPURLResponse) {
        var request = URLRequest(url: url)
        request.setValue("bytes=\(range.lowerBound)-\(range.upperBound - 1)", forHTTPHeaderField: "Range")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = box.get()
        if let error { throw RootError.io("\(url): \(error.localizedDescription)") }
        guard let http = response as? HTTPURLResponse else { throw RootError.io("\(url): no HTTP response") }
        if http.statusCode == 200 {
            throw RootError.io("\(url): the server ignored the Range request (HTTP 200 instead of 206); range requests are required")
        }
        guard http.statusCode == 206 else { throw RootError.io("\(url): HTTP status \(http.statusCode)") }
        return ([UInt8](data ?? Data()), http)
    }

    /// Total size from `Content-Range: bytes a-b/TOTAL`.
    static func totalSize(from response: HTTPURLResponse) -> Int64? {
        guard let value = response.value(forHTTPHeaderField: "Content-Range"),
              let slash = value.lastIndex(of: "/") else { return nil }
        return Int64(value[value.index(after: slash)...].trimmingCharacters(in: .whitespaces))
    }
}

/// Carries a URLSession completion result across the semaphore.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
        lock.lock(); defer { lock.unlock() }
        self.data = data; self.response = response; self.error = error
    }

    func get() -> (Data?, URLResponse?, (any Error)?) {
        lock.lock(); defer { lock.unlock() }
        return (data, response, error)
    }
}
