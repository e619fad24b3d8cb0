@testable import HepboxWebDAV
import NIOCore
import Testing

/// The values a listing writes straight into its answer read the same as their string forms.
@Suite struct PropertyValueTests {
    private func written(_ value: PropertyValue) -> String {
        var out = XMLBytes(capacity: 16)
        value.write(to: &out)
        return String(buffer: out.buffer)
    }

    @Test func datesAreRFC1123InEveryForm() {
        let cases: [(Int64, String)] = [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (946_782_245, "Sun, 02 Jan 2000 03:04:05 GMT"),
            (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
            (1_795_651_200, "Thu, 26 Nov 2026 00:00:00 GMT"),
            (253_402_300_800, "Sat, 01 Jan 10000 00:00:00 GMT"),
        ]
        for (seconds, text) in cases {
            #expect(HTTPDate.format(seconds) == text)
            #expect(written(.httpDate(seconds)) == text)
            #expect(HTTPDate.parse(text) == seconds)
        }
    }

    @Test func numbersTextAndEtagsAreWrittenEscaped() {
        for number: Int64 in [0, 7, 10, 4096, -3, Int64.max, Int64.min] {
            #expect(written(.number(number)) == String(number))
        }
        #expect(written(.text("a & <b>")) == "a &amp; &lt;b&gt;")
        #expect(written(.text("plain")) == "plain")
        #expect(written(.quoted("abc")) == "\"abc\"")
        #expect(written(.quoted("a<b")) == "\"a&lt;b\"")
        #expect(written(.xml("<d:collection/>")) == "<d:collection/>")
        for value: PropertyValue in [.number(-3), .text("x&y"), .quoted("e"), .httpDate(946_782_245), .xml("<x/>")] {
            #expect(value.xml == written(value))
        }
        #expect(PropertyValue.empty.xml == nil && PropertyValue.text("").xml == nil && written(.empty).isEmpty)
    }
}
