import CVips
import Foundation

/// Image thumbnails with Debian's libvips. Synchronous and blocking: call it through `RenderQueue`.
enum VipsThumbnailer {
    /// Loaders allowed to run on user files (libvips also blocks the ones it marks untrusted).
    private static let allowedLoaders = ["jpeg", "png", "gif", "webp", "tiff", "svg"]

    /// libvips set up once per process: untrusted loaders (ImageMagick, MATLAB, …) refused except the SVG one
    /// (librsvg, which libvips lists as untrusted only for its size; it fetches nothing and runs no scripts), and
    /// no operation cache, which would otherwise keep references to the caller's input buffer after the call.
    private static let ready: Bool = {
        guard vips_init("hepbox") == 0 else { return false }
        vips_block_untrusted_set(1)
        vips_operation_block_set("VipsForeignLoadSvg", 0)
        vips_cache_set_max(0)
        return true
    }()

    /// A PNG (JPEG for JPEG input) of at most `size`×`size` pixels, never enlarged.
    static func thumbnail(_ bytes: [UInt8], size: Int, maxPixels: Int64) -> Preview {
        guard ready else { return .none("the image library is not available") }
        return bytes.withUnsafeBytes { raw -> Preview in
            guard let base = raw.baseAddress, raw.count > 0 else { return .none("empty image file") }
            // libvips reads the buffer lazily, so every image made from it is released inside this closure.
            guard let loaderName = vips_foreign_find_load_buffer(base, raw.count).map({ String(cString: $0) }) else {
                return failure("not an image format the preview can read")
            }
            let loader = loaderName.lowercased()
            guard allowedLoaders.contains(where: { loader.contains($0) }) else {
                return .none("no preview for this image format")
            }
            guard let header = hepbox_vips_header_from_buffer(base, raw.count) else {
                return failure("the image cannot be read")
            }
            let pixels = Int64(vips_image_get_width(header)) * Int64(vips_image_get_height(header))
            hepbox_vips_unref(header)
            guard pixels <= maxPixels else { return .none("the image is too large for a preview (\(pixels) pixels)") }

            var thumbnail: UnsafeMutablePointer<VipsImage>?
            let side = Int32(clamping: size)
            guard hepbox_vips_thumbnail_buffer(UnsafeMutableRawPointer(mutating: base), raw.count, &thumbnail, side, side) == 0,
                  let thumbnail else {
                return failure("the image cannot be decoded")
            }
            defer { hepbox_vips_unref(thumbnail) }
            let jpeg = loader.contains("jpeg")
            return encode(thumbnail, suffix: jpeg ? ".jpg[Q=85,strip]" : ".png[strip]",
                          contentType: jpeg ? "image/jpeg" : "image/png")
        }
    }

    private static func encode(_ image: UnsafeMutablePointer<VipsImage>, suffix: String, contentType: String) -> Preview {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard hepbox_vips_write_to_buffer(image, suffix, &buffer, &length) == 0, let buffer else {
            return failure("the thumbnail cannot be encoded")
        }
        defer { g_free(buffer) }
        let bytes = Array(UnsafeRawBufferPointer(start: buffer, count: length))
        return Preview(kind: .image(contentType: contentType), bytes: bytes)
    }

    /// `.none` with libvips' message (its error buffer is per process, so it is cleared after reading).
    private static func failure(_ reason: String) -> Preview {
        let detail = String(cString: vips_error_buffer()).trimmingCharacters(in: .whitespacesAndNewlines)
        vips_error_clear()
        let firstLine = detail.split(separator: "\n").first.map(String.init) ?? ""
        return .none(firstLine.isEmpty ? reason : "\(reason): \(firstLine)")
    }
}
