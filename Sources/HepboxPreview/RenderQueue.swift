import Dispatch

/// Runs blocking native work (libvips decoding) off Swift's cooperative pool, one job at a time: libvips
/// parallelises inside each job, and a serial queue bounds the memory held by decoded inputs.
enum RenderQueue {
    private static let queue = DispatchQueue(label: "hepbox.preview.render", qos: .utility)

    static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
