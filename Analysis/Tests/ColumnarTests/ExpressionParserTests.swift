import Foundation
import Testing
@testable import Columnar

@Suite struct ExpressionParserTests {
    @Test func precedenceAndKeywords() throws {
        #expect(try ExpressionParser.parse("1 + 2 * 3") == .binary(.add, .number(1), .binary(.multiply, .number(2), .number(3))))
        #expect(try ExpressionParser.parse("-2 ** 2") == .unary(.negate, .binary(.power, .number(2), .number(2))))
        #expect(try ExpressionParser.parse("a > 1 and not b < 2 or c")
            == .binary(.or, .binary(.and, .binary(.greater, .name("a", position: 0), .number(1)),
                                     .unary(.not, .binary(.less, .name("b", position: 14), .number(2)))),
                       .name("c", position: 23)))
        #expect(try ExpressionParser.parse("a && b || c") == .binary(.or, .binary(.and, .name("a", position: 0), .name("b", position: 5)), .name("c", position: 10)))
        #expect(try ExpressionParser.parse("p.0.pt") == .member(.member(.name("p", position: 0), "0", position: 2), "pt", position: 4))
        #expect(try ExpressionParser.parse("x[0].pt") == .member(.index(.name("x", position: 0), .number(0), position: 1), "pt", position: 5))
        #expect(try ExpressionParser.parse("1.5e3") == .number(1500))
        #expect(try ExpressionParser.parse("f()") == .call("f", [], position: 0))
    }

    @Test func errorsNamePositionAndToken() {
        func failure(_ text: String) -> ColumnarError? {
            do { _ = try ExpressionParser.parse(text); return nil } catch { return error as? ColumnarError }
        }
        #expect(failure("MET_pt +* 2") == .parse(message: "expected a value", position: 8, token: "*"))
        #expect(failure("abs(x") == .parse(message: "expected ')'", position: 5, token: "end of input"))
        #expect(failure("a < b < c") == .parse(message: "comparisons cannot be chained; combine them with &&", position: 6, token: "<"))
        #expect(failure("x $ 2") == .parse(message: "unexpected character", position: 2, token: "$"))
        #expect(failure("a b") == .parse(message: "unexpected token after a complete expression", position: 2, token: "b"))
        #expect("\(failure("x ) ") ?? .type(""))".contains("position 2 near ')'"))
    }

    @Test func scriptStatements() throws {
        let script = try QueryScript.parse("""
        # comment
        define j = Jet_pt[Jet_eta > 0]   # trailing comment
        where count(j) > 0
        hist a = j bins 10 range -5,5 weight 2 where MET_pt > 3
        hist b = MET_pt \\
            bins 3 range 0,1
        """)
        #expect(script.definitionNames == ["j"])
        #expect(script.selections.count == 1)
        #expect(script.histograms.map(\.name) == ["a", "b"])
        #expect(script.histograms[0].lower == -5 && script.histograms[0].weight == .number(2) && script.histograms[0].selection != nil)
        #expect(script.histograms[1].bins == 3 && script.histograms[1].activeSelections == 1)
        #expect { try QueryScript.parse("hist a = x bins 0 range 0,1") } throws: { "\($0)".contains("line 1") }
        #expect { try QueryScript.parse("define x = 1\nhist a = x bins 2 rang 0,1") } throws: {
            "\($0)".contains("line 2") && "\($0)".contains("'rang'")
        }
        #expect { try QueryScript.parse("define x = 1") } throws: { "\($0)".contains("no histogram") }
    }
}
