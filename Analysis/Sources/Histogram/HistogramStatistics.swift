import Foundation

// Summary statistics from the in-range bin contents at bin centres (flow slots excluded on every
// axis, as ROOT does by default). Computed from contents, not from the filled values, so a
// histogram read from a file, a merged one and a freshly filled one agree.

extension Histogram {
    /// Weighted mean of the bin centres along one axis; nil for a category axis or no in-range content.
    public func mean(axis k: Int = 0) -> Double? {
        guard let m = moments(axis: k), m.sumW != 0 else { return nil }
        return m.sumWX / m.sumW
    }

    /// Weighted standard deviation of the bin centres along one axis (population form, like ROOT's GetStdDev).
    public func standardDeviation(axis k: Int = 0) -> Double? {
        guard let m = moments(axis: k), m.sumW != 0 else { return nil }
        let mean = m.sumWX / m.sumW
        return max(m.sumWX2 / m.sumW - mean * mean, 0).squareRoot()
    }

    /// Sum of weights in the in-range bins (no flow on any axis).
    public var inRangeSumOfWeights: Double {
        var total = 0.0
        forEachInRangeSlot { slot, _ in total += sumW[slot] }
        return total
    }

    /// Sum of weights in slots that are under- or overflow on at least one axis.
    public var flowSumOfWeights: Double { sumOfWeights - inRangeSumOfWeights }

    /// Effective number of entries (sum w)² / sum w² (equals the count for unweighted fills).
    public var effectiveEntries: Double {
        guard let w2 = sumW2 else { return sumOfWeights }
        let s2 = w2.reduce(0, +)
        return s2 > 0 ? sumOfWeights * sumOfWeights / s2 : 0
    }

    private func moments(axis k: Int) -> (sumW: Double, sumWX: Double, sumWX2: Double)? {
        guard k >= 0, k < axes.count, !axes[k].isCategory else { return nil }
        let centres = (0..<axes[k].extent).map { i in (i >= 1 && i <= axes[k].binCount) ? axes[k].center(i) : 0 }
        var sw = 0.0, swx = 0.0, swx2 = 0.0
        forEachInRangeSlot { slot, indices in
            let w = sumW[slot]
            let x = centres[indices[k]]
            sw += w; swx += w * x; swx2 += w * x * x
        }
        return (sw, swx, swx2)
    }

    /// Visits every slot that is in range on all axes, in storage order.
    func forEachInRangeSlot(_ body: (Int, [Int]) -> Void) {
        var indices = [Int](repeating: 1, count: axes.count)
        guard axes.allSatisfy({ $0.binCount > 0 }) else { return }
        while true {
            var slot = 0
            for k in 0..<axes.count { slot += indices[k] * strides[k] }
            body(slot, indices)
            var k = 0
            while k < axes.count {
                indices[k] += 1
                if indices[k] <= axes[k].binCount { break }
                indices[k] = 1
                k += 1
            }
            if k == axes.count { return }
        }
    }
}
