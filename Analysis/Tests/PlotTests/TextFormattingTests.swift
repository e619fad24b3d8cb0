import Foundation
import Testing
@testable import Plot

@Suite("Text, numbers and JSON")
struct TextFormattingTests {
    @Test func richTextParsesScripts() {
        let text = RichText(parsing: "E_{T}^{miss} [GeV]")
        #expect(text.runs == [.init(text: "E", shift: .baseline), .init(text: "T", shift: .lowered),
                              .init(text: "miss", shift: .raised), .init(text: " [GeV]", shift: .baseline)])
        #expect(text.plain == "ETmiss [GeV]")
        // Unmatched markup stays literal.
        #expect(RichText(parsing: "a^b_{c").plain == "a^b_{c")
        #expect(RichText(parsing: "x^{2}").width(fontSize: 10) < RichText(parsing: "x2").width(fontSize: 10))
    }

    @Test func coordinatesAreShortAndDeterministic() {
        #expect(SVGNumber.coordinate(12.5) == "12.5")
        #expect(SVGNumber.coordinate(-3) == "-3")
        #expect(SVGNumber.coordinate(0.004) == "0")
        #expect(SVGNumber.coordinate(-0.004) == "0")
        #expect(SVGNumber.coordinate(0.07) == "0.07")
        #expect(SVGNumber.coordinate(1234.5678) == "1234.57")
        #expect(SVGNumber.fixed(2.5, decimals: 0) == "3")
    }

    @Test func fitValuesAreRoundedToTheErrorsTwoDigits() {
        #expect(FitBox.valueWithError(1.23456, 0.0345) == "1.235 ± 0.035")
        #expect(FitBox.valueWithError(91.187, 0.0021) == "91.1870 ± 0.0021")
        #expect(FitBox.valueWithError(-0.04, 0.012) == "\u{2212}0.040 ± 0.012")
        #expect(FitBox.valueWithError(1523.4, 37.2) == "1523 ± 37")
        #expect(FitBox.valueWithError(1.234e6, 2.1e4) == "(1.234 ± 0.021)×10^{6}")
        #expect(FitBox.valueWithError(3e-5, 1e-6) == "(3.00 ± 0.10)×10^{\u{2212}5}")
    }

    @Test func jsonIsValidAndKeepsOrder() throws {
        let value = JSONValue.object([("b", .number(1.5)), ("a", .array([.number(2), .string("x\"y\n")])),
                                      ("c", .number(.infinity)), ("d", .null)])
        #expect(value.text == "{\"b\":1.5,\"a\":[2,\"x\\\"y\\n\"],\"c\":\"inf\",\"d\":null}")
        let parsed = try JSONSerialization.jsonObject(with: Data(value.text.utf8)) as? [String: Any]
        #expect((parsed?["a"] as? [Any])?.last as? String == "x\"y\n")
    }

    @Test func xmlEscapingCoversMarkupAndControlCharacters() {
        #expect(XMLEscape.text("a<b&c>\"d'") == "a&lt;b&amp;c&gt;&quot;d&apos;")
        #expect(XMLEscape.text("bell\u{7}") == "bell ")
    }
}
