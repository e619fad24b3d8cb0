/// What a preview is: thumbnail bytes, an HTML fragment to embed, or the reason there is none.
public enum PreviewKind: Sendable, Equatable {
    /// PNG or JPEG bytes (`contentType` says which).
    case image(contentType: String)
    /// A self-contained, safe HTML fragment (UTF-8): every text from the file is escaped, no scripts, no event
    /// attributes, images only as `data:` URIs.
    case html
    /// No preview; the UI offers the download instead.
    case none(reason: String)
}

public struct Preview: Sendable, Equatable {
    public var kind: PreviewKind
    /// Empty for `.none`.
    public var bytes: [UInt8]

    public init(kind: PreviewKind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }

    static func none(_ reason: String) -> Preview { Preview(kind: .none(reason: reason), bytes: []) }
    static func html(_ text: String) -> Preview { Preview(kind: .html, bytes: Array(text.utf8)) }
}

/// Which preview a file can have, decided from its name and content type alone (no bytes read), so the UI can
/// choose between an `<img>`, an embedded fragment and a download link.
public enum PreviewFormat: String, Sendable, Equatable {
    /// A thumbnail image (`PreviewKind.image`).
    case image, pdf
    /// An HTML fragment (`PreviewKind.html`).
    case text, markdown, notebook
    case none

    public var isThumbnail: Bool { self == .image || self == .pdf }
}

/// Bounds on what previews read, decode and produce; inputs beyond them get `.none(reason:)`.
public struct PreviewLimits: Sendable {
    /// Largest image file that is decoded.
    public var maxImageBytes: Int64 = 50 << 20
    /// Largest image (width × height) that is decoded.
    public var maxImagePixels: Int64 = 100_000_000
    public var maxPDFBytes: Int64 = 200 << 20
    /// Text and source files: only this many leading bytes are shown.
    public var maxTextBytes: Int = 256 << 10
    public var maxNotebookBytes: Int64 = 20 << 20
    /// A notebook's HTML stops (with a note) once it reaches this size.
    public var maxHTMLBytes: Int = 8 << 20
    /// Thumbnails are requested as at most size×size pixels; larger requests are clamped.
    public var maxThumbnailSize: Int = 2048
    public var minThumbnailSize: Int = 16
    /// How long an external renderer (pdftoppm) may run.
    public var renderTimeout: Duration = .seconds(20)
    /// The cache drops its least recently used entries beyond this many bytes.
    public var cacheBytes: Int64 = 512 << 20

    public init() {}
}
