import Foundation
import Testing
@testable import Histogram

@Suite struct HistogramExportTests {
    @Test func csvHasFlowRowsAndExactHeader() throws {
        var h = try Histogram(axes: [.regular(2, 0, 1)], storage: .weight)
        try h.fill([-1, 0.25, 0.75, 0.75, 5], weights: [1, 2, 1, 1, 0.5])
        let csv = try h.csv()
        #expect(csv == """
        low,high,count,variance
        -inf,0,1,1
        0,0.5,2,4
        0.5,1,2,2
        1,inf,0.5,0.25

        """)
        let h2 = try Histogram(axes: [.regular(2, 0, 1), .regular(2, 0, 1)])
        #expect(throws: HistogramError.self) { try h2.csv() }
    }

    @Test func jsonRoundTripsEveryStorageAndAxis() throws {
        var h = try Histogram(axes: [.variable([0, 1, 3], title: "x [GeV]"), .integer(0, 2), .category(["a", "b"])],
                              storage: .mean, name: "p", title: "profile")
        try h.fill(columns: [[0.5, 2, 7], [0, 1, 1], [0, 1, 5]], weights: [1, 2, 3], samples: [4, 5, 6])
        let data = try h.jsonData()
        let back = try Histogram.fromJSON(data)
        #expect(back == h)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["storage"] as? String == "mean")
        #expect((object["values"] as? [Double])?.count == h.slotCount)
        let axes = try #require(object["axes"] as? [[String: Any]])
        #expect(axes[0]["type"] as? String == "variable" && axes[2]["labels"] as? [String] == ["a", "b"])
    }

    @Test func jsonRejectsWrongSlotCounts() throws {
        let h = try Histogram(bins: 3, lower: 0, upper: 1)
        var text = String(decoding: try h.jsonData(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"sumW\" : [\n    0,", with: "\"sumW\" : [\n")
        #expect(throws: (any Error).self) { try Histogram.fromJSON(Data(text.utf8)) }
    }
}
