import CSystemDeflate
import CSystemZlib
import Crypto
import HepboxCore

/// MD5 of a stream. Separate from `SHA1BlockState` so the two can run on two threads at once: on 2 cores the
/// hashes, not the disk, bound the 1 GiB upload.
final class MD5State: @unchecked Sendable {
    // @unchecked: one task at a time touches it: a writer's MD5 stage takes its batches strictly one after another.
    private var md5 = Insecure.MD5()

    func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { md5.update(bufferPointer: $0) } }
    func finish() -> String { Hex.encode(md5.finalize()) }
}

/// SHA1 and ADLER32 per block of a stream; the whole-stream ADLER32 is combined from the block values
/// (`adler32_combine`), so the bytes are only summed once.
final class SHA1BlockState: @unchecked Sendable {
    // @unchecked: as MD5State (the SHA1 stage).
    private var sha1: Insecure.SHA1?
    private let blockSize: Int
    private var blockAdler: uLong = adler32(0, nil, 0)
    private var blockFill = 0
    private(set) var blocks: [UInt32] = []

    /// `sha1`: false for block checksums and ADLER32 only.
    init(blockSize: Int, sha1: Bool = true) {
        self.blockSize = blockSize
        self.sha1 = sha1 ? Insecure.SHA1() : nil
    }

    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            sha1?.update(bufferPointer: raw)
            var offset = 0
            while offset < raw.count {
                let take = min(blockSize - blockFill, raw.count - offset)
                blockAdler = Adler32.update(blockAdler, UnsafeRawBufferPointer(rebasing: raw[offset..<offset + take]))
                blockFill += take
                offset += take
                if blockFill == blockSize { closeBlock() }
            }
        }
    }

    /// Length of the most recently closed block: every block is full except possibly the last.
    private var lastBlockLength = 0

    private func closeBlock() {
        blocks.append(UInt32(truncatingIfNeeded: blockAdler))
        lastBlockLength = blockFill
        blockAdler = adler32(0, nil, 0)
        blockFill = 0
    }

    /// The SHA1 (empty when not computed), the whole ADLER32 and the block list; call once, after the last update.
    func finish() -> (sha1: String, adler32: String, blocks: [UInt32]) {
        if blockFill > 0 { closeBlock() }
        var whole = adler32(0, nil, 0)
        for (index, block) in blocks.enumerated() {
            let length = index == blocks.count - 1 ? lastBlockLength : blockSize
            whole = adler32_combine(whole, uLong(block), off_t(length))
        }
        return (sha1.map { Hex.encode($0.finalize()) } ?? "", Adler32.hex(UInt32(truncatingIfNeeded: whole)), blocks)
    }
}

enum Adler32 {
    /// libdeflate's vectorised ADLER32 (same values as zlib's); zlib still combines block values.
    static func update(_ adler: uLong, _ bytes: UnsafeRawBufferPointer) -> uLong {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return adler }
        return uLong(libdeflate_adler32(UInt32(truncatingIfNeeded: adler), base, bytes.count))
    }

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(truncatingIfNeeded: update(adler32(0, nil, 0), bytes))
    }

    static func of(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { of($0) } }

    /// Always 8 digits (see `Checksums`).
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

enum Hex {
    static func encode<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
