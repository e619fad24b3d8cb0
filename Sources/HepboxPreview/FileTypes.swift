import Foundation

/// Maps a file's name and content type to the preview it can have and, for source files, its language.
enum FileTypes {
    /// Image formats libvips decodes here (Debian's build); the thumbnailer also checks the bytes' real format.
    private static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "svg"]
    private static let imageTypes: Set<String> = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/svg+xml",
    ]
    private static let markdownExtensions: Set<String> = ["md", "markdown"]
    /// Text files shown as plain (escaped) text.
    private static let plainTextExtensions: Set<String> = [
        "txt", "text", "log", "csv", "tsv", "ini", "cfg", "conf", "toml", "xml", "html", "htm", "css", "tex", "rst",
        "cmake", "mk", "diff", "patch", "sql", "r", "jl", "f90", "f", "for",
    ]
    /// Documents that are text although their content type is not `text/…`.
    private static let textTypes: Set<String> = [
        "application/json", "application/xml", "application/yaml", "application/x-yaml", "application/toml",
        "application/x-sh", "application/javascript",
    ]
    private static let textFileNames: Set<String> = ["makefile", "dockerfile", "readme", "license", "cmakelists.txt"]

    static func format(name: String, contentType: String?) -> PreviewFormat {
        let ext = fileExtension(name)
        let type = contentType.map(baseType) ?? ""
        if ext == "ipynb" || type == "application/x-ipynb+json" { return .notebook }
        if ext == "pdf" || type == "application/pdf" { return .pdf }
        if imageExtensions.contains(ext) || imageTypes.contains(type) { return .image }
        if markdownExtensions.contains(ext) || type == "text/markdown" { return .markdown }
        if language(name: name, contentType: contentType) != .plain { return .text }
        if plainTextExtensions.contains(ext) || textFileNames.contains(name.lowercased()) { return .text }
        if type.hasPrefix("text/") || textTypes.contains(type) { return .text }
        return .none
    }

    static func language(name: String, contentType: String?) -> SourceLanguage {
        switch fileExtension(name) {
        case "py", "pyw", "pyi": return .python
        case "c", "h": return .c
        case "cc", "cpp", "cxx", "hh", "hpp", "hxx", "c++", "icc": return .cpp
        case "swift": return .swift
        case "sh", "bash", "zsh", "ksh": return .shell
        case "json", "geojson": return .json
        case "yaml", "yml": return .yaml
        case "js", "mjs", "ts": return .javascript
        default: break
        }
        switch contentType.map(baseType) ?? "" {
        case "text/x-python": return .python
        case "text/x-c": return .c
        case "text/x-c++": return .cpp
        case "text/x-swift": return .swift
        case "application/x-sh", "text/x-shellscript": return .shell
        case "application/json": return .json
        case "application/yaml", "application/x-yaml": return .yaml
        case "text/javascript", "application/javascript": return .javascript
        default: return .plain
        }
    }

    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// `text/plain; charset=utf-8` → `text/plain`.
    private static func baseType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
