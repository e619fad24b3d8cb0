/// Content types by file extension, for `getcontenttype` and downloads.
public enum MimeTypes {
    private static let byExtension: [String: String] = [
        "txt": "text/plain", "md": "text/markdown", "csv": "text/csv", "html": "text/html", "htm": "text/html",
        "css": "text/css", "js": "text/javascript", "json": "application/json", "xml": "application/xml",
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "zip": "application/zip", "gz": "application/gzip",
        "tar": "application/x-tar", "root": "application/x-root", "ipynb": "application/x-ipynb+json",
        "py": "text/x-python", "c": "text/x-c", "cpp": "text/x-c++", "h": "text/x-c", "swift": "text/x-swift",
        "sh": "application/x-sh", "yaml": "application/yaml", "yml": "application/yaml", "toml": "application/toml",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "mp4": "video/mp4", "mp3": "audio/mpeg",
    ]

    public static func guess(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
