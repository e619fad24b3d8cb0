import CRsvg

/// A PNG decoded with cairo: size and pixels, for checking rendered plots (tests, `hepbox` self-checks).
public struct PNGImage: Sendable {
    public let width: Int
    public let height: Int
    /// ARGB32 pixels as cairo stores them (premultiplied alpha, native-endian 32-bit words).
    private let pixels: [UInt32]

    public init(data: [UInt8]) throws {
        let source = ByteSource(bytes: data)
        let surface = cairo_image_surface_create_from_png_stream({ closure, buffer, length in
            guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
            let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            for index in 0..<count { buffer[index] = source.bytes[source.offset + index] }
            source.offset += count
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(source).toOpaque())
        guard let surface else { throw PlotError.rasterizer("cairo returned no surface for the PNG") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.rasterizer("cairo could not decode the PNG: " + PNGRasterizer.cairoMessage(status))
        }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let base = cairo_image_surface_get_data(surface) else {
            throw PlotError.rasterizer("cairo gave no pixel data for the PNG")
        }
        var pixels = [UInt32](repeating: 0, count: width * height)
        for row in 0..<height {
            let rowPointer = UnsafeRawPointer(base + row * stride)
            for column in 0..<width {
                pixels[row * width + column] = rowPointer.load(fromByteOffset: column * 4, as: UInt32.self)
            }
        }
        self.pixels = pixels
    }

    /// Red, green, blue, alpha (0–255, alpha premultiplied) of pixel (x, y), origin top-left.
    public func rgba(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let word = pixels[y * width + x]
        return (UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF), UInt8(word >> 24))
    }
}

/// Feeds bytes to cairo's read callback.
private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(bytes: [UInt8]) { self.bytes = bytes }
}
