import Foundation

/// A query script: named definitions, selections and histograms, all computed in one pass.
///
/// One statement per line (a line ending in `\` continues on the next; `#` starts a comment):
///
///     define NAME = EXPR                 # a named derived value (number, list, collection, …)
///     where COND                         # event selection for every `hist` below it (cumulative)
///     hist NAME = EXPR bins N range LO,HI [weight W] [where COND]
///
/// `hist` fills a 1D regular histogram (N bins on [LO, HI), with under/overflow) with EXPR's
/// values in the selected events: one value per event, or every element of a list. `weight W`
/// weighs each value (a number, one per event, or one per element). Values that are missing
/// (NaN, e.g. `x[0]` of an empty event) are not filled and are counted in the result.
///
/// Expressions (see ExpressionParser for precedence): numbers, `true`/`false`, `pi`; branch
/// names (`MET_pt`, `Jet_pt`); collections (`Jet` = all `Jet_*` branches, `Jet.pt` ≡ `Jet_pt`;
/// flat ones like `MET` give one object per event); `+ - * / % **`; comparisons; `&&` `||` `!`
/// and `and` `or` `not`. Lists broadcast against per-event numbers. Missing values (NaN) make
/// every comparison false (`!=` too) and count as false in logic, masks and selections.
/// - Masks and picks: `Jet_pt[abs(Jet_eta) < 1]`, `Jet[Jet.pt > 30]` (a boolean selects),
///   `Jet_pt[0]`, `Jet[argmax(Jet.pt)]` (a number picks one element per event; negative counts
///   from the end; a missing element is NaN, an object collection view is then empty for that event).
/// - Math: abs sqrt exp log log10 log2 sin cos tan asin acos atan sinh cosh tanh floor ceil round
///   sign isnan, atan2 pow hypot fmod, min/max of 2+ arguments (element-wise), where(c, a, b).
/// - Reductions per event: count (len, num), sum, mean, min, max, any, all, argmin, argmax,
///   first, last. Empty events: count 0, sum 0, any false, all true, the others NaN (missing).
/// - Combinations: `combinations(Muon, 2)` (or 3) → pairs/triples per event; members `.0 .1 .2`
///   are objects (`p.0.pt`), and `p.pt1`, `p.pt2` are shorthands. `concat(Muon, Electron)`
///   joins collections per event; its `.src` field tells which one (0, 1, …); `.idx` of any
///   object is its index in its original collection.
/// - 4-vectors from (pt, eta, phi, mass): `invmass(p)` of combinations or `invmass(a, b, …)`,
///   `vsum_pt`, `vsum_eta`, `vsum_phi` of the same, `deltaR(a, b)` or `deltaR(eta1, phi1, eta2, phi2)`,
///   `deltaPhi(phi1, phi2)` (wrapped to [−π, π)), `mt(a, b)` or `mt(pt1, phi1, pt2, phi2)`
///   = sqrt(2 pt1 pt2 (1 − cos Δφ)), `mindR(a, b)`: per object of a, the smallest ΔR to b (+inf if none).
public struct QueryScript: Sendable, Equatable {
    public struct HistogramSpec: Sendable, Equatable {
        public var name: String
        public var expression: QueryExpression
        public var bins: Int
        public var lower: Double
        public var upper: Double
        public var weight: QueryExpression?
        public var selection: QueryExpression?
        /// Indices into `selections` of the script-level `where` lines above this histogram.
        public var activeSelections: Int

        public init(name: String, expression: QueryExpression, bins: Int, lower: Double, upper: Double,
                    weight: QueryExpression? = nil, selection: QueryExpression? = nil, activeSelections: Int = 0) {
            self.name = name; self.expression = expression; self.bins = bins; self.lower = lower
            self.upper = upper; self.weight = weight; self.selection = selection; self.activeSelections = activeSelections
        }
    }

    public var definitions: [(name: String, expression: QueryExpression)] { zip(definitionNames, definitionExpressions).map { ($0, $1) } }
    public private(set) var definitionNames: [String] = []
    public private(set) var definitionExpressions: [QueryExpression] = []
    public private(set) var selections: [QueryExpression] = []
    public private(set) var histograms: [HistogramSpec] = []

    public init() {}

    public mutating func define(_ name: String, _ expression: QueryExpression) throws {
        guard !definitionNames.contains(name) else { throw ColumnarError.type("'\(name)' is defined twice") }
        definitionNames.append(name)
        definitionExpressions.append(expression)
    }

    public mutating func addSelection(_ condition: QueryExpression) { selections.append(condition) }

    public mutating func addHistogram(_ spec: HistogramSpec) throws {
        guard !histograms.contains(where: { $0.name == spec.name }) else { throw ColumnarError.type("histogram '\(spec.name)' is defined twice") }
        guard spec.bins > 0, spec.lower < spec.upper, spec.lower.isFinite, spec.upper.isFinite else {
            throw ColumnarError.type("histogram '\(spec.name)' needs bins > 0 and a finite range LO < HI")
        }
        var s = spec
        s.activeSelections = selections.count
        histograms.append(s)
    }

    public static func == (a: QueryScript, b: QueryScript) -> Bool {
        a.definitionNames == b.definitionNames && a.definitionExpressions == b.definitionExpressions
            && a.selections == b.selections && a.histograms == b.histograms
    }

    /// Parses the script text; errors name the line, the position in it and the token.
    public static func parse(_ text: String) throws -> QueryScript {
        var script = QueryScript()
        var logical: [(line: Int, text: String)] = []
        var pending = "", pendingLine = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            if pending.isEmpty { pendingLine = i + 1 }
            if line.hasSuffix("\\") {
                pending += String(line.dropLast()) + " "
                continue
            }
            pending += line
            if !pending.trimmingCharacters(in: .whitespaces).isEmpty { logical.append((pendingLine, pending)) }
            pending = ""
        }
        if !pending.trimmingCharacters(in: .whitespaces).isEmpty { logical.append((pendingLine, pending)) }
        for (number, line) in logical {
            do {
                try script.parseStatement(line)
            } catch let error as ColumnarError {
                throw ColumnarError.script(line: number, message: "\(error)")
            }
        }
        guard !script.histograms.isEmpty else {
            throw ColumnarError.script(line: max(logical.last?.line ?? 1, 1), message: "the script defines no histogram (add a `hist NAME = EXPR bins N range LO,HI` line)")
        }
        return script
    }

    private mutating func parseStatement(_ line: String) throws {
        let tokens = try Lexer.tokenize(line)
        guard case .identifier(let keyword) = tokens[0].kind else {
            throw ColumnarError.parse(message: "a statement starts with define, where or hist", position: tokens[0].position, token: tokens[0].text)
        }
        var cursor = 1
        func expectName() throws -> String {
            guard case .identifier(let name) = tokens[cursor].kind else {
                throw ColumnarError.parse(message: "expected a name", position: tokens[cursor].position, token: tokens[cursor].text)
            }
            cursor += 1
            return name
        }
        func expectSymbol(_ s: String) throws {
            guard case .symbol(s) = tokens[cursor].kind else {
                throw ColumnarError.parse(message: "expected '\(s)'", position: tokens[cursor].position, token: tokens[cursor].text)
            }
            cursor += 1
        }
        func expression() throws -> QueryExpression {
            let (e, used) = try ExpressionParser.parsePrefix(Array(tokens[cursor...]))
            cursor += used
            return e
        }
        func accept(_ word: String) -> Bool {
            if case .identifier(word) = tokens[cursor].kind { cursor += 1; return true }
            return false
        }
        func number() throws -> Double {
            var sign = 1.0
            if case .symbol("-") = tokens[cursor].kind { sign = -1; cursor += 1 }
            guard case .number(let v) = tokens[cursor].kind else {
                throw ColumnarError.parse(message: "expected a number", position: tokens[cursor].position, token: tokens[cursor].text)
            }
            cursor += 1
            return sign * v
        }
        func end() throws {
            guard case .end = tokens[cursor].kind else {
                throw ColumnarError.parse(message: "unexpected text at the end of the statement", position: tokens[cursor].position, token: tokens[cursor].text)
            }
        }
        switch keyword {
        case "define":
            let name = try expectName()
            try expectSymbol("=")
            let e = try expression()
            try end()
            try define(name, e)
        case "where":
            let e = try expression()
            try end()
            addSelection(e)
        case "hist":
            let name = try expectName()
            try expectSymbol("=")
            let e = try expression()
            guard accept("bins") else {
                throw ColumnarError.parse(message: "expected 'bins N range LO,HI' after the expression", position: tokens[cursor].position, token: tokens[cursor].text)
            }
            let binsValue = try number()
            guard binsValue >= 1, binsValue == binsValue.rounded(), binsValue < 1e8 else {
                throw ColumnarError.parse(message: "bins must be a positive integer", position: tokens[cursor - 1].position, token: tokens[cursor - 1].text)
            }
            guard accept("range") else {
                throw ColumnarError.parse(message: "expected 'range LO,HI'", position: tokens[cursor].position, token: tokens[cursor].text)
            }
            let lo = try number()
            try expectSymbol(",")
            let hi = try number()
            var weight: QueryExpression?, selection: QueryExpression?
            while true {
                if accept("weight") { weight = try expression() }
                else if accept("where") { selection = try expression() }
                else { break }
            }
            try end()
            try addHistogram(HistogramSpec(name: name, expression: e, bins: Int(binsValue), lower: lo, upper: hi,
                                           weight: weight, selection: selection))
        default:
            throw ColumnarError.parse(message: "unknown statement; use define, where or hist", position: tokens[0].position, token: keyword)
        }
    }
}
