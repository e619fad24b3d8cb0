import CDeflate
import CLZ4
import CZstd
import CLZMA
import CXXHash

/// ROOT's compression frames: a payload is one or more blocks, each with a 9-byte header
/// (2-byte algorithm magic, 1 method byte, 3-byte little-endian compressed size, 3-byte little-endian
/// uncompressed size). The codec is chosen per block from the magic, never from the file's fCompress.
enum Decompressor {
    static let headerSize = 9

    /// Decompresses `source` into `destination`, which must be exactly the uncompressed size (fObjlen).
    static func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer,
                           what: String) throws {
        var input = 0
        var output = 0
        while output < destination.count {
            guard input + headerSize <= source.count else {
                throw RootError.decompression("\(what): compressed data ends after \(output) of \(destination.count) bytes")
            }
            let magic0 = source[input], magic1 = source[input + 1]
            let compressedSize = Int(source[input + 3]) | Int(source[input + 4]) << 8 | Int(source[input + 5]) << 16
            let uncompressedSize = Int(source[input + 6]) | Int(source[input + 7]) << 8 | Int(source[input + 8]) << 16
            let blockStart = input + headerSize
            guard blockStart + compressedSize <= source.count, output + uncompressedSize <= destination.count else {
                throw RootError.decompression("\(what): block sizes \(compressedSize)/\(uncompressedSize) exceed the basket")
            }
            let block = UnsafeRawBufferPointer(rebasing: source[blockStart..<blockStart + compressedSize])
            let target = UnsafeMutableRawBufferPointer(rebasing: destination[output..<output + uncompressedSize])
            switch (magic0, magic1) {
            case (UInt8(ascii: "Z"), UInt8(ascii: "L")):
                try inflate(block, into: target, what: what)
            case (UInt8(ascii: "L"), UInt8(ascii: "4")):
                try lz4(block, into: target, what: what)
            case (UInt8(ascii: "Z"), UInt8(ascii: "S")):
                try zstd(block, into: target, what: what)
            case (UInt8(ascii: "X"), UInt8(ascii: "Z")):
                try xz(block, into: target, what: what)
            case (UInt8(ascii: "C"), UInt8(ascii: "S")):
                throw RootError.unsupported("\(what): the pre-2000 ROOT compression algorithm \"CS\"")
            default:
                throw RootError.decompression("\(what): unknown compression magic \(magic0) \(magic1)")
            }
            input = blockStart + compressedSize
            output += uncompressedSize
        }
    }

    /// A zlib stream (header, deflate data, ADLER32) of exactly `target.count` bytes, decoded by libdeflate: ROOT
    /// blocks are whole buffers of known size, which is the case libdeflate is built for (about twice zlib's speed).
    static func inflate(_ block: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, what: String) throws {
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw RootError.decompression("\(what): out of memory for the zlib decoder")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        guard let input = block.baseAddress, let output = target.baseAddress else {
            throw RootError.decompression("\(what): empty zlib block")
        }
        // A nil actual-size pointer makes libdeflate insist on exactly target.count bytes.
        let result = libdeflate_zlib_decompress(decompressor, input, block.count, output, target.count, nil)
        guard result == LIBDEFLATE_SUCCESS else {
            throw RootError.decompression("\(what): zlib stream is corrupt (libdeflate result \(result.rawValue), \(target.count) bytes expected)")
        }
    }

    /// ROOT's LZ4 block: 8-byte big-endian xxhash64 of the compressed bytes, then a raw LZ4 block.
    static func lz4(_ block: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, what: String) throws {
        guard block.count >= 8 else { throw RootError.decompression("\(what): LZ4 block too short") }
        var stored: UInt64 = 0
        for i in 0..<8 { stored = stored << 8 | UInt64(block[i]) }
        let payload = UnsafeRawBufferPointer(rebasing: block[8...])
        let computed = XXH64(payload.baseAddress, payload.count, 0)
        guard computed == stored else {
            throw RootError.decompression("\(what): LZ4 block checksum mismatch (xxhash64)")
        }
        let n = LZ4_decompress_safe(payload.baseAddress?.assumingMemoryBound(to: CChar.self),
                                    target.baseAddress?.assumingMemoryBound(to: CChar.self),
                                    Int32(payload.count), Int32(target.count))
        guard Int(n) == target.count else {
            throw RootError.decompression("\(what): LZ4 block is corrupt (\(n) of \(target.count) bytes)")
        }
    }

    static func zstd(_ block: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, what: String) throws {
        let n = ZSTD_decompress(target.baseAddress, target.count, block.baseAddress, block.count)
        if ZSTD_isError(n) != 0 {
            throw RootError.decompression("\(what): ZSTD frame is corrupt (\(String(cString: ZSTD_getErrorName(n))))")
        }
        guard n == target.count else { throw RootError.decompression("\(what): ZSTD gave \(n) of \(target.count) bytes") }
    }

    static func xz(_ block: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, what: String) throws {
        var memoryLimit: UInt64 = UInt64.max
        var inputPosition = 0
        var outputPosition = 0
        let status = lzma_stream_buffer_decode(&memoryLimit, 0, nil,
                                               block.bindMemory(to: UInt8.self).baseAddress, &inputPosition, block.count,
                                               target.bindMemory(to: UInt8.self).baseAddress, &outputPosition, target.count)
        guard status == LZMA_OK, outputPosition == target.count else {
            throw RootError.decompression("\(what): XZ stream is corrupt (lzma status \(status.rawValue), \(outputPosition) of \(target.count) bytes)")
        }
    }
}
