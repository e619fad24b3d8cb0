import Foundation
import Testing
@testable import Plot

@Suite("Tick choice")
struct TickGeneratorTests {
    @Test func niceStepsAreOneTwoFiveTimesAPowerOfTen() {
        #expect(TickGenerator.niceStep(span: 10, targetCount: 6) == 2)
        #expect(TickGenerator.niceStep(span: 10, targetCount: 10) == 1)
        #expect(TickGenerator.niceStep(span: 200, targetCount: 7) == 50)
        #expect(TickGenerator.niceStep(span: 1, targetCount: 5) == 0.2)
        #expect(TickGenerator.niceStep(span: 0.3, targetCount: 6) == 0.05)
        #expect(TickGenerator.niceStep(span: 3e6, targetCount: 6) == 5e5)
        // Every step for spans over many magnitudes has mantissa 1, 2 or 5 and gives at most ~target ticks.
        var span = 1e-6
        while span < 1e9 {
            let step = TickGenerator.niceStep(span: span, targetCount: 6)
            let exponent = (log10(step)).rounded(.down)
            let mantissa = (step / pow(10, exponent) * 1e6).rounded() / 1e6
            #expect([1, 2, 5, 10].contains(mantissa), "span \(span): step \(step)")
            #expect(span / step <= 6 + 1e-9 && span / step > 6 / 5.0 - 1e-9, "span \(span): step \(step)")
            span *= 1.37
        }
    }

    @Test func linearTicksHaveNiceLabelsAndMinorTicks() {
        let ticks = TickGenerator.linear(lo: 0, hi: 10, targetCount: 6)
        #expect(ticks.majorValues == [0, 2, 4, 6, 8, 10])
        #expect(ticks.labels == ["0", "2", "4", "6", "8", "10"])
        // Step 2 is divided in four (0.5), the majors themselves are not repeated as minors.
        #expect(ticks.minor.count == 20 - 5 + 0)
        #expect(ticks.minor.first == 0.5 && ticks.minor.contains(9.5) && !ticks.minor.contains(2))

        let fractions = TickGenerator.linear(lo: -1, hi: 1, targetCount: 4)
        #expect(fractions.labels == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])

        let offset = TickGenerator.linear(lo: 60, hi: 120, targetCount: 6)
        #expect(offset.labels == ["60", "70", "80", "90", "100", "110", "120"])
        #expect(offset.minor.count == 6 * 4)  // step 10 → minor 2

        // Ticks that do not sit on the range ends.
        let inner = TickGenerator.linear(lo: 0.13, hi: 0.87, targetCount: 5)
        #expect(inner.labels == ["0.2", "0.4", "0.6", "0.8"])
    }

    @Test func largeAndTinyNumbersUseACommonMultiplier() {
        let large = TickGenerator.linear(lo: 0, hi: 2e6, targetCount: 4)
        #expect(large.multiplierExponent == 6)
        #expect(large.labels == ["0.0", "0.5", "1.0", "1.5", "2.0"])
        let tiny = TickGenerator.linear(lo: 0, hi: 4e-5, targetCount: 4)
        #expect(tiny.multiplierExponent == -5)
        #expect(tiny.labels == ["0", "1", "2", "3", "4"])
        let ordinary = TickGenerator.linear(lo: 0, hi: 5000, targetCount: 5)
        #expect(ordinary.multiplierExponent == nil)
        #expect(ordinary.labels == ["0", "1000", "2000", "3000", "4000", "5000"])
    }

    @Test func logTicksAreDecadesWithPowerLabels() {
        let ticks = TickGenerator.log(lo: 0.5, hi: 2e4)
        #expect(ticks.majorValues == [1, 10, 100, 1000, 10000])
        #expect(ticks.labels == ["10^{0}", "10^{1}", "10^{2}", "10^{3}", "10^{4}"])
        // 2…9 in each decade inside the range: 0.5–0.9 (5), then 8 in each of four decades, then 20000.
        #expect(ticks.minor.count == 5 + 4 * 8 + 1)
        #expect(ticks.minor.contains(0.5) && ticks.minor.contains(20000))

        let negative = TickGenerator.log(lo: 1e-3, hi: 1)
        #expect(negative.labels == ["10^{\u{2212}3}", "10^{\u{2212}2}", "10^{\u{2212}1}", "10^{0}"])
    }

    @Test func manyDecadesLabelEveryOtherDecade() {
        let ticks = TickGenerator.log(lo: 1e-4, hi: 1e12, maxLabels: 8)
        // 17 decades, at most 8 labels: every third decade, aligned on multiples of 3.
        #expect(ticks.labels == ["10^{\u{2212}3}", "10^{0}", "10^{3}", "10^{6}", "10^{9}", "10^{12}"])
        #expect(ticks.minor.count == 17 - 6)  // the unlabelled decades, no 2…9 ticks when crowded
    }

    @Test func narrowLogRangeAlsoLabelsTwoAndFive() {
        let ticks = TickGenerator.log(lo: 1.5, hi: 8)
        #expect(ticks.labels == ["2", "5"])
        #expect(ticks.minor.contains(3) && ticks.minor.contains(7) && !ticks.minor.contains(2))
    }
}
