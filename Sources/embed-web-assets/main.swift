import Foundation

// embed-web-assets ROOT OUTPUT FILE... : writes OUTPUT, a Swift source holding each FILE (named by its path below
// ROOT) as a base64 string literal. Base64 in one string literal per file compiles in moments, where an array
// literal of the same bytes would keep the type checker busy for minutes.
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2, let root = arguments.first, let output = arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("usage: embed-web-assets ROOT OUTPUT FILE...\n".utf8))
    exit(2)
}
let prefix = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
var source = """
    // Generated at build time by the EmbedWebAssets plugin from Sources/HepboxWeb/Assets. Do not edit.

    enum EmbeddedWebAssets {
        /// (path below Assets/, content in base64)
        static let files: [(name: String, base64: String)] = [

    """
for file in arguments.dropFirst(2) {
    let path = URL(fileURLWithPath: file).standardizedFileURL.path
    guard path.hasPrefix(prefix) else {
        FileHandle.standardError.write(Data("embed-web-assets: \(file) is not below \(root)\n".utf8))
        exit(1)
    }
    let name = String(path.dropFirst(prefix.count))
    let content = try Data(contentsOf: URL(fileURLWithPath: path))
    // Names are plain paths; escape what a Swift string literal cannot hold as is.
    let literal = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(literal)\", \"\(content.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
