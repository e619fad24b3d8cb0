/// Text with LaTeX-like super- and subscripts: `10^{3}`, `p_{T} [GeV]`, `m_{μμ}`. Greek letters are
/// written as Unicode; everything else is literal text.
struct RichText: Equatable, Sendable {
    enum Shift: Equatable, Sendable { case baseline, raised, lowered }
    struct Run: Equatable, Sendable {
        var text: String
        var shift: Shift
    }

    var runs: [Run]

    /// Size of a script relative to the base font.
    static let scriptScale = 0.7

    init(runs: [Run]) { self.runs = runs }

    /// Parses `^{…}` and `_{…}`; an unmatched brace or a lone `^`/`_` stays literal.
    init(parsing source: String) {
        var runs: [Run] = []
        var current = ""
        let chars = Array(source)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if (char == "^" || char == "_"), index + 1 < chars.count, chars[index + 1] == "{",
               let close = chars[(index + 2)...].firstIndex(of: "}") {
                if !current.isEmpty { runs.append(Run(text: current, shift: .baseline)) }
                current = ""
                let script = String(chars[(index + 2)..<close])
                runs.append(Run(text: script, shift: char == "^" ? .raised : .lowered))
                index = close + 1
                continue
            }
            current.append(char)
            index += 1
        }
        if !current.isEmpty { runs.append(Run(text: current, shift: .baseline)) }
        self.runs = runs
    }

    /// The text with scripts flattened ("p_{T}" → "pT"), for titles, JSON and plain-text output.
    var plain: String { runs.map(\.text).joined() }

    func width(fontSize: Double) -> Double {
        runs.reduce(0) { total, run in
            total + TextMetrics.width(run.text, fontSize: run.shift == .baseline ? fontSize : fontSize * Self.scriptScale)
        }
    }

    /// A `<text>` element: a single text node when there are no scripts, else one `<tspan>` per run
    /// with the vertical shift undone on the run that follows.
    func element(x: Double, y: Double, fontSize: Double, anchor: String = "start",
                 attributes extra: [(String, String)] = []) -> SVGElement {
        var attributes: [(String, String)] = [
            ("x", SVGNumber.coordinate(x)), ("y", SVGNumber.coordinate(y)),
            ("font-size", SVGNumber.coordinate(fontSize)),
        ]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        attributes += extra
        if runs.allSatisfy({ $0.shift == .baseline }) {
            return SVGElement("text", attributes, text: plain)
        }
        var spans: [SVGElement] = []
        var offset = 0.0  // current baseline shift in pixels (positive = down)
        for run in runs {
            let target: Double
            switch run.shift {
            case .baseline: target = 0
            case .raised: target = -0.42 * fontSize
            case .lowered: target = 0.22 * fontSize
            }
            var spanAttributes: [(String, String)] = []
            if target != offset { spanAttributes.append(("dy", SVGNumber.coordinate(target - offset))) }
            if run.shift != .baseline {
                spanAttributes.append(("font-size", SVGNumber.coordinate(fontSize * Self.scriptScale)))
            }
            offset = target
            spans.append(SVGElement("tspan", spanAttributes, text: run.text))
        }
        // Keep spaces at run boundaries ("χ^{2} / ndf"): renderers strip them per chunk otherwise.
        return SVGElement("text", attributes + [("xml:space", "preserve")], children: spans)
    }
}
