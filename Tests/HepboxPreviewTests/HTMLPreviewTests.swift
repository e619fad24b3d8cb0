import Foundation
import HepboxCore
@testable import HepboxPreview
import Testing

@Suite struct HTMLPreviewTests {
    @Test func pythonSourceIsHighlighted() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("fit.py", "import math\ndef f(x):\n    return 'a<b' + 0x1F  # done\n")
        let html = try await fixture.html("fit.py")
        #expect(html.hasPrefix("<pre class=\"code language-python\">"))
        #expect(html.contains("<span class=\"tok-kw\">import</span>"))
        #expect(html.contains("<span class=\"tok-kw\">def</span>"))
        #expect(html.contains("<span class=\"tok-str\">&#39;a&lt;b&#39;</span>"))
        #expect(html.contains("<span class=\"tok-num\">0x1F</span>"))
        #expect(html.contains("<span class=\"tok-com\"># done</span>"))
    }

    @Test func textIsEscaped() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("notes.txt", "<script>alert(\"x\")</script> & <img src=x onerror=alert(1)>")
        let html = try await fixture.html("notes.txt")
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
    }

    @Test func longTextIsCutAtTheLimit() async throws {
        var limits = PreviewLimits()
        limits.maxTextBytes = 100
        let fixture = try await PreviewFixture(limits: limits)
        defer { fixture.cleanUp() }
        try await fixture.put("long.log", String(repeating: "é", count: 200))  // 400 bytes; the cut falls mid-character
        let html = try await fixture.html("long.log")
        #expect(html.contains(String(repeating: "é", count: 50)))
        #expect(!html.contains("\u{FFFD}"))
        #expect(html.contains("preview-truncated"))
    }

    @Test func languagesGetTheirTokens() {
        let c = SyntaxHighlighter(.c).html("#include <stdio.h>\n/* a */ int main() { return \"s\"; }")
        #expect(c.contains("<span class=\"tok-meta\">#include &lt;stdio.h&gt;</span>"))
        #expect(c.contains("<span class=\"tok-com\">/* a */</span>"))
        #expect(c.contains("<span class=\"tok-kw\">int</span>"))
        let swift = SyntaxHighlighter(.swift).html("let s = \"\"\"\nmulti\n\"\"\" // end")
        #expect(swift.contains("<span class=\"tok-str\">&quot;&quot;&quot;\nmulti\n&quot;&quot;&quot;</span>"))
        let shell = SyntaxHighlighter(.shell).html("echo $# # count")
        #expect(shell.contains("$# <span class=\"tok-com\"># count</span>"))
        let json = SyntaxHighlighter(.json).html("{\"a\": [1.5e-3, true, null]}")
        #expect(json.contains("<span class=\"tok-num\">1.5e-3</span>"))
        #expect(json.contains("<span class=\"tok-kw\">true</span>"))
        let yaml = SyntaxHighlighter(.yaml).html("key: 'v' # c\nurl: a#b")
        #expect(yaml.contains("<span class=\"tok-com\"># c</span>"))
        #expect(!yaml.contains("<span class=\"tok-com\">#b"))
    }

    @Test func markdownIsRenderedWithoutRawHTML() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("README.md", "# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) *em*\n")
        let html = try await fixture.html("README.md")
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<em>em</em>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
    }

    @Test func notebookRendersEveryPartSafely() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        let png = Data(TestImages.png(width: 4, height: 4)).base64EncodedString(options: .lineLength64Characters)
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["language_info": ["name": "python"]],
            "cells": [
                ["cell_type": "markdown", "metadata": [:],
                 "source": ["# Analysis\n", "\n", "<script>alert('md')</script>\n", "\n", "Some **bold** text.\n"]],
                ["cell_type": "code", "execution_count": 3, "metadata": [:],
                 "source": "import numpy as np\nprint('hi')",
                 "outputs": [
                    ["output_type": "stream", "name": "stdout", "text": ["hello <world>\n"]],
                    ["output_type": "execute_result", "execution_count": 3, "metadata": [:],
                     "data": ["text/plain": ["42"], "text/html": "<script>alert('html')</script>"]],
                    ["output_type": "display_data", "metadata": [:], "data": ["image/png": png, "text/plain": "<Figure>"]],
                    ["output_type": "display_data", "metadata": [:],
                     "data": ["image/svg+xml": ["<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert('svg')</script>",
                                                "<rect width=\"4\" height=\"4\"/></svg>"]]],
                    ["output_type": "display_data", "metadata": [:], "data": ["image/png": "not base64 <script>"]],
                    ["output_type": "error", "ename": "ValueError", "evalue": "bad",
                     "traceback": ["\u{1B}[0;31mValueError\u{1B}[0m: bad <here>"]],
                 ]],
            ],
        ]
        try await fixture.put("analysis.ipynb", Array(try JSONSerialization.data(withJSONObject: notebook)))
        let html = try await fixture.html("analysis.ipynb")
        #expect(html.contains("<h1>Analysis</h1>"))
        #expect(html.contains("<strong>bold</strong>"))
        #expect(html.contains("<span class=\"tok-kw\">import</span>"))
        #expect(html.contains("In [3]:"))
        #expect(html.contains("hello &lt;world&gt;"))
        #expect(html.contains("<pre class=\"nb-result\">42</pre>"))
        #expect(html.contains("<img alt=\"output\" src=\"data:image/png;base64,\(Data(TestImages.png(width: 4, height: 4)).base64EncodedString())\">"))
        #expect(html.contains("src=\"data:image/svg+xml;base64,"))
        #expect(html.contains("ValueError: bad &lt;here&gt;"))
        #expect(!html.contains("\u{1B}"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("not base64"))
    }

    @Test func notebookOutputIsCapped() async throws {
        var limits = PreviewLimits()
        limits.maxHTMLBytes = 2_000
        let fixture = try await PreviewFixture(limits: limits)
        defer { fixture.cleanUp() }
        let cells = (0..<50).map { index -> [String: Any] in
            ["cell_type": "code", "source": "x = \(index)", "metadata": [:],
             "outputs": [["output_type": "stream", "name": "stdout", "text": String(repeating: "y", count: 200)]]]
        }
        let notebook: [String: Any] = ["nbformat": 4, "nbformat_minor": 5, "metadata": [:], "cells": cells]
        try await fixture.put("long.ipynb", Array(try JSONSerialization.data(withJSONObject: notebook)))
        let html = try await fixture.html("long.ipynb")
        #expect(html.utf8.count < 2_400)
        #expect(html.contains("preview-truncated"))
    }
}
