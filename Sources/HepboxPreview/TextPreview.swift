/// Text and source files as HTML: the leading bytes, highlighted (or rendered, for markdown), with a note when the
/// file is longer than what is shown.
enum TextPreview {
    static func render(_ bytes: [UInt8], truncated: Bool, format: PreviewFormat, language: SourceLanguage) -> Preview {
        if bytes.prefix(8192).contains(0) { return .none("binary file: no preview") }
        let text = String(decoding: completeUTF8(bytes, truncated: truncated), as: UTF8.self)
        var html: String
        if format == .markdown {
            html = "<div class=\"markdown\">\n" + MarkdownRenderer.html(text) + "</div>\n"
        } else {
            html = "<pre class=\"code language-\(language.rawValue)\">" + SyntaxHighlighter(language).html(text) + "</pre>\n"
        }
        if truncated {
            html += "<p class=\"preview-truncated\">Only the beginning of the file is shown; download it to see all of it.</p>\n"
        }
        return .html(html)
    }

    /// Drops a multi-byte character cut off at the end of a truncated read.
    private static func completeUTF8(_ bytes: [UInt8], truncated: Bool) -> ArraySlice<UInt8> {
        guard truncated else { return bytes[...] }
        var end = bytes.count
        var continuation = 0
        while end > 0, continuation < 3, bytes[end - 1] & 0xC0 == 0x80 { end -= 1; continuation += 1 }
        guard end > 0 else { return bytes[...] }
        let lead = bytes[end - 1]
        let expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return expected > continuation ? bytes[..<(end - 1)] : bytes[...]
    }
}
