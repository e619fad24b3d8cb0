import CCmark
import Foundation

/// Markdown to HTML with Debian's libcmark-gfm in safe mode: raw HTML blocks and inline tags are replaced by a
/// comment, and `javascript:`/`vbscript:`/`file:`/non-image `data:` links are emptied.
enum MarkdownRenderer {
    static func html(_ markdown: String) -> String {
        // CMARK_OPT_SAFE is the default in cmark-gfm ≥ 0.29 and only CMARK_OPT_UNSAFE turns it off; it is passed
        // anyway so an older library stays safe too.
        let options = CMARK_OPT_SAFE
        let bytes = Array(markdown.utf8)
        let rendered: UnsafeMutablePointer<CChar>? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_markdown_to_html(chars.baseAddress, chars.count, options)
            }
        }
        guard let rendered else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
