import Foundation

enum FileText {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw PlotError.io("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
