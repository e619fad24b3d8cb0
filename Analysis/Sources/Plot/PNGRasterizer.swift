import CRsvg

/// SVG → PNG through librsvg (parse and render) and cairo (rasterise, encode PNG). Every C call's
/// result is checked; failures name the step and carry the library's message.
public enum PNGRasterizer {
    /// PNG bytes of `svg`, whose canvas is `width` × `height` pixels, drawn at `scale` (2 = double resolution)
    /// on a white background.
    public static func png(svg: String, width: Double, height: Double, scale: Double = 1) throws -> [UInt8] {
        let surface = try rasterize(svg: svg, width: width, height: height, scale: scale)
        defer { cairo_surface_destroy(surface) }
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.rasterizer("cairo could not encode the PNG: " + cairoMessage(status))
        }
        return sink.bytes
    }

    /// Renders `svg` and writes the PNG file at `path` with `cairo_surface_write_to_png`.
    public static func writePNG(svg: String, width: Double, height: Double, scale: Double = 1, to path: String) throws {
        let surface = try rasterize(svg: svg, width: width, height: height, scale: scale)
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_write_to_png(surface, path)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.rasterizer("cannot write \(path): " + cairoMessage(status))
        }
    }

    /// The rendered image surface; the caller destroys it.
    private static func rasterize(svg: String, width: Double, height: Double, scale: Double) throws -> OpaquePointer {
        guard width >= 1, height >= 1, scale > 0, width * scale <= 20_000, height * scale <= 20_000 else {
            throw PlotError.rasterizer("image size \(width)×\(height) at scale \(scale) is out of range")
        }
        var error: UnsafeMutablePointer<GError>? = nil
        let bytes = Array(svg.utf8)
        let handle = bytes.withUnsafeBufferPointer { buffer in
            rsvg_handle_new_from_data(buffer.baseAddress, gsize(buffer.count), &error)
        }
        guard let handle else {
            throw PlotError.rasterizer("librsvg could not parse the SVG: " + takeMessage(&error))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        rsvg_handle_set_dpi(handle, 96)

        let pixelWidth = Int32((width * scale).rounded())
        let pixelHeight = Int32((height * scale).rounded())
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixelWidth, pixelHeight) else {
            throw PlotError.rasterizer("cairo could not create a \(pixelWidth)×\(pixelHeight) surface")
        }
        let surfaceStatus = cairo_surface_status(surface)
        guard surfaceStatus == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw PlotError.rasterizer("cairo surface: " + cairoMessage(surfaceStatus))
        }
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PlotError.rasterizer("cairo could not create a drawing context")
        }
        defer { cairo_destroy(context) }
        cairo_scale(context, scale, scale)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            let message = takeMessage(&error)
            cairo_surface_destroy(surface)
            throw PlotError.rasterizer("librsvg could not render the SVG: " + message)
        }
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw PlotError.rasterizer("cairo drawing failed: " + cairoMessage(status))
        }
        cairo_surface_flush(surface)
        return surface
    }

    static func cairoMessage(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "status \(status.rawValue)" }
        return String(cString: text)
    }

    private static func takeMessage(_ error: inout UnsafeMutablePointer<GError>?) -> String {
        guard let pointer = error else { return "no details given" }
        let message = pointer.pointee.message.map { String(cString: $0) } ?? "no details given"
        g_error_free(pointer)
        error = nil
        return message
    }
}

/// Collects the bytes cairo writes through its stream callback.
private final class ByteSink {
    var bytes: [UInt8] = []
}
