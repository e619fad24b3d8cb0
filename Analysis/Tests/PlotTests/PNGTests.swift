import Foundation
import Testing
@testable import Plot

@Suite("PNG through librsvg and cairo")
struct PNGTests {
    /// Width and height from the IHDR chunk, after checking the 8-byte PNG signature.
    static func header(_ png: [UInt8]) throws -> (width: Int, height: Int) {
        try #require(png.count > 33)
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        let be = { (offset: Int) in png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    static func filledPlot() throws -> Plot1D {
        Plot1D(xTitle: "x", yTitle: "y", yRange: 0...10,
               histograms: [try BinnedSeries(edges: [0, 1], values: [10], style: .filled, color: Color(hex: 0xFF0000))])
    }

    @Test func pngHasTheCanvasSizeAndDecodes() throws {
        let png = try Self.filledPlot().png()
        let size = try Self.header(png)
        #expect(size.width == 800 && size.height == 600)
        let image = try PNGImage(data: png)
        #expect(image.width == 800 && image.height == 600)
        // Corner: white background. Frame centre: the red fill at 50% opacity over white.
        let corner = image.rgba(x: 2, y: 2)
        #expect(corner.red == 255 && corner.green == 255 && corner.blue == 255 && corner.alpha == 255)
        let middle = image.rgba(x: 400, y: 300)
        #expect(middle.red == 255 && abs(Int(middle.green) - 128) <= 2 && abs(Int(middle.blue) - 128) <= 2)
    }

    @Test func scaleTwoDoublesThePixels() throws {
        let png = try Self.filledPlot().png(scale: 2)
        let size = try Self.header(png)
        #expect(size.width == 1600 && size.height == 1200)
    }

    @Test func pythonDecodesTheSamePixels() throws {
        let png = try Gallery.overlay().png()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-plot-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // An independent decoder: zlib + PNG filters in Python (no imaging library).
        let script = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, width, height = 8, b'', 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            assert zlib.crc32(kind + body) == struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])[0]
            if kind == b'IHDR':
                width, height, depth, colour = struct.unpack('>IIBB', body[:10])
                assert depth == 8 and colour in (2, 6)
                channels = 4 if colour == 6 else 3
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        raw = zlib.decompress(idat)
        stride = width * channels
        rows, prev = [], bytearray(stride)
        for y in range(height):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], (prev[i - channels] if i >= channels else 0)
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        print(width, height)
        for x, y in [(2, 2), (300, 400), (150, 300), (400, 300), (700, 100), (640, 560)]:
            px = rows[y][x * channels:(x + 1) * channels]
            print(x, y, px[0], px[1], px[2])
        """
        let output = try runPython(script, arguments: [file.path])
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Int($0) } }
        try #require(lines.count == 7, "python printed: \(output)")
        #expect(lines[0] == [800, 600])
        let image = try PNGImage(data: png)
        for line in lines.dropFirst() {
            let pixel = image.rgba(x: line[0], y: line[1])
            #expect([Int(pixel.red), Int(pixel.green), Int(pixel.blue)] == Array(line[2...4]), "pixel \(line[0]),\(line[1])")
        }
        // The checked pixels are not all background.
        #expect(lines.dropFirst().contains { $0[2...4] != [255, 255, 255] })
    }

    @Test func invalidSVGIsReportedWithLibrsvgsMessage() {
        #expect {
            try PNGRasterizer.png(svg: "<svg><g></svg>", width: 10, height: 10)
        } throws: { error in
            "\(error)".contains("librsvg could not parse the SVG")
        }
        #expect(throws: PlotError.self) { try PNGImage(data: [1, 2, 3]) }
    }

    @Test func writesFilesByExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plot = try Self.filledPlot()
        for name in ["a.svg", "a.png", "a.html"] {
            try plot.write(to: directory.appendingPathComponent(name).path)
        }
        let png = Array(try Data(contentsOf: directory.appendingPathComponent("a.png")))
        #expect(try Self.header(png) == (800, 600))
        #expect(try String(contentsOf: directory.appendingPathComponent("a.svg"), encoding: .utf8) == plot.svg())
        #expect(throws: PlotError.self) { try plot.write(to: directory.appendingPathComponent("a.jpg").path) }
    }
}

/// Runs the test venv's Python; a missing interpreter fails the test with a clear message.
func runPython(_ script: String, arguments: [String] = []) throws -> String {
    let python = TestPaths.python
    guard FileManager.default.isExecutableFile(atPath: python) else {
        Issue.record("test oracle missing: no Python at \(python) (set HEPBOX_TEST_PYTHON or create <repo>/.venv)")
        throw PlotError.io("no python")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        Issue.record("python failed: \(errorText)")
        throw PlotError.io("python failed")
    }
    return String(decoding: data, as: UTF8.self)
}
