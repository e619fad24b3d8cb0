import HepboxCore
import Foundation

/// Renders a Jupyter notebook (nbformat 4) as a safe HTML fragment: markdown cells through cmark-gfm's safe mode,
/// code cells highlighted in the kernel's language, and their outputs — text and streams escaped, PNG/JPEG
/// re-encoded from validated base64, SVG only as an `<img>` data URI (an image context runs no scripts), errors
/// without ANSI colour codes. HTML and JavaScript outputs are never shown. The fragment stops with a note at
/// `maxBytes`.
struct NotebookRenderer {
    let maxBytes: Int

    func render(_ bytes: [UInt8]) -> Preview {
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)),
              let notebook = json as? [String: Any],
              let cells = notebook["cells"] as? [[String: Any]] else {
            return .none("not a notebook this preview can read (nbformat 4 JSON expected)")
        }
        let highlighter = SyntaxHighlighter(Self.language(of: notebook))
        var output = BoundedHTML(limit: maxBytes)
        output.appendFixed("<div class=\"notebook\">\n")
        for cell in cells {
            guard output.append(render(cell: cell, highlighter: highlighter, budget: output.remaining)) else {
                output.appendFixed("<p class=\"preview-truncated\">The rest of the notebook is not shown (preview size limit).</p>\n")
                break
            }
        }
        output.appendFixed("</div>\n")
        return .html(output.text)
    }

    // MARK: cells

    private func render(cell: [String: Any], highlighter: SyntaxHighlighter, budget: Int) -> String {
        let source = NotebookText.joined(cell["source"]) ?? ""
        switch cell["cell_type"] as? String {
        case "markdown":
            return "<div class=\"nb-cell nb-markdown\">\n" + MarkdownRenderer.html(source) + "</div>\n"
        case "code":
            var html = "<div class=\"nb-cell nb-code\">\n"
            let count = (cell["execution_count"] as? Int).map(String.init) ?? " "
            html += "<div class=\"nb-input\"><span class=\"nb-prompt\">In [\(count)]:</span>"
            html += "<pre class=\"code\">" + highlighter.html(source) + "</pre></div>\n"
            var outputs = ""
            for output in cell["outputs"] as? [[String: Any]] ?? [] {
                let rendered = render(output: output)
                if html.utf8.count + outputs.utf8.count + rendered.utf8.count > budget {
                    outputs += "<p class=\"preview-truncated\">Further outputs are not shown (preview size limit).</p>\n"
                    break
                }
                outputs += rendered
            }
            if !outputs.isEmpty { html += "<div class=\"nb-outputs\">\n" + outputs + "</div>\n" }
            return html + "</div>\n"
        default:  // raw cells and unknown types: shown as text
            return "<div class=\"nb-cell nb-raw\"><pre>" + HTMLText.escape(source) + "</pre></div>\n"
        }
    }

    // MARK: outputs

    private func render(output: [String: Any]) -> String {
        switch output["output_type"] as? String {
        case "stream":
            let stderr = (output["name"] as? String) == "stderr"
            let text = ANSI.strip(NotebookText.joined(output["text"]) ?? "")
            return "<pre class=\"nb-stream\(stderr ? " nb-stderr" : "")\">" + HTMLText.escape(text) + "</pre>\n"
        case "execute_result", "display_data":
            return render(data: output["data"] as? [String: Any] ?? [:])
        case "error":
            let name = output["ename"] as? String ?? "Error"
            let value = output["evalue"] as? String ?? ""
            let traceback = (output["traceback"] as? [Any] ?? []).compactMap { $0 as? String }.joined(separator: "\n")
            let text = ANSI.strip(traceback.isEmpty ? "\(name): \(value)" : traceback)
            return "<pre class=\"nb-error\">" + HTMLText.escape(text) + "</pre>\n"
        default:
            return ""
        }
    }

    /// The richest representation that is safe to show.
    private func render(data: [String: Any]) -> String {
        for type in ["image/png", "image/jpeg"] {
            if let encoded = NotebookText.joined(data[type]), let image = Base64Image.validated(encoded, type: type) {
                return "<div class=\"nb-image\"><img alt=\"output\" src=\"data:\(type);base64,\(image)\"></div>\n"
            }
        }
        if let svg = NotebookText.joined(data["image/svg+xml"]) {
            let encoded = Data(svg.utf8).base64EncodedString()
            return "<div class=\"nb-image\"><img alt=\"output\" src=\"data:image/svg+xml;base64,\(encoded)\"></div>\n"
        }
        if let markdown = NotebookText.joined(data["text/markdown"]) {
            return "<div class=\"nb-markdown-output\">" + MarkdownRenderer.html(markdown) + "</div>\n"
        }
        if let text = NotebookText.joined(data["text/plain"]) {
            return "<pre class=\"nb-result\">" + HTMLText.escape(ANSI.strip(text)) + "</pre>\n"
        }
        if !data.isEmpty {
            return "<p class=\"nb-omitted\">(output of a type the preview does not show)</p>\n"
        }
        return ""
    }

    // MARK: language

    private static func language(of notebook: [String: Any]) -> SourceLanguage {
        let metadata = notebook["metadata"] as? [String: Any]
        let info = metadata?["language_info"] as? [String: Any]
        let kernel = metadata?["kernelspec"] as? [String: Any]
        let name = ((info?["name"] as? String) ?? (kernel?["language"] as? String) ?? "python").lowercased()
        switch name {
        case "python", "python3", "ipython": return .python
        case "c++", "cpp", "root": return .cpp
        case "c": return .c
        case "bash", "sh", "shell": return .shell
        case "swift": return .swift
        case "javascript", "typescript": return .javascript
        default: return .plain
        }
    }
}

/// nbformat stores multi-line strings as a string or as a list of lines.
enum NotebookText {
    static func joined(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let lines = value as? [Any] { return lines.compactMap { $0 as? String }.joined() }
        return nil
    }
}

/// An HTML string that refuses appends beyond a byte limit.
struct BoundedHTML {
    let limit: Int
    private(set) var text = ""
    private var count = 0

    init(limit: Int) { self.limit = limit }

    var remaining: Int { max(0, limit - count) }

    mutating func append(_ piece: String) -> Bool {
        let size = piece.utf8.count
        guard count + size <= limit else { return false }
        text += piece
        count += size
        return true
    }

    /// Markup the fragment needs regardless of the limit (closing tags, the truncation note).
    mutating func appendFixed(_ piece: String) {
        text += piece
        count += piece.utf8.count
    }
}
