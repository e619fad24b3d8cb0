#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random access to the bytes of a ROOT file: a local file, an HTTP server, or any store that can
/// serve byte ranges (the hepbox server implements it for its blob store).
public protocol ByteSource: Sendable {
    /// Total size in bytes.
    var size: Int64 { get }
    /// Exactly `count` bytes starting at `offset`; throws if the range is not fully available.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
    /// Several ranges at once (the baskets of a branch), in the order given. Remote sources merge
    /// nearby ranges into fewer requests; the default reads them one by one.
    func read(ranges: [Range<Int64>]) throws -> [[UInt8]]
}

extension ByteSource {
    public func read(ranges: [Range<Int64>]) throws -> [[UInt8]] {
        try ranges.map { try read(at: $0.lowerBound, count: $0.count) }
    }
}

/// Owns an open file descriptor and closes it when the last source using it goes away.
final class FileDescriptor: Sendable {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}

/// A local file read with `pread`, so concurrent reads need no shared position.
public struct LocalFileSource: ByteSource {
    public let path: String
    public let size: Int64
    let descriptor: FileDescriptor

    public init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RootError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw RootError.io("cannot stat \(path)")
        }
        self.path = path
        self.size = Int64(info.st_size)
        self.descriptor = FileDescriptor(fd: fd)
    }

    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset + Int64(count) <= size else {
            throw RootError.io("\(path): range \(offset)..<\(offset + Int64(count)) is outside the file (\(size) bytes)")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor.fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    initialized = 0
                    throw RootError.io("\(path): short read at \(offset + Int64(done))")
                }
                done += n
            }
            initialized = count
        }
    }
}
