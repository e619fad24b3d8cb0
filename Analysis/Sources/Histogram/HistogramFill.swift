import Foundation

// Fills from column buffers. The 1D regular unweighted fill is the hot path (ADL-style
// "histogram one column"): it counts into four interleaved integer sub-histograms so that
// repeated bins do not serialise on one memory cell, then adds the integer counts to the
// double storage once per block. Every other case goes through slot indices computed per block.

extension Histogram {
    // MARK: public 1D entry points (concrete types so callers in other modules get specialised code)

    public mutating func fill(_ x: [Double], weights: [Double]? = nil) throws {
        try x.withUnsafeBufferPointer { px in
            if let weights {
                try weights.withUnsafeBufferPointer { pw in try fill1D(px, weights: pw) }
            } else {
                try fill1D(px, weights: nil)
            }
        }
    }

    public mutating func fill(_ x: [Float], weights: [Double]? = nil) throws {
        try x.withUnsafeBufferPointer { px in
            if let weights {
                try weights.withUnsafeBufferPointer { pw in try fill1D(px, weights: pw) }
            } else {
                try fill1D(px, weights: nil)
            }
        }
    }

    public mutating func fill(_ x: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>? = nil) throws {
        try fill1D(x, weights: weights)
    }

    public mutating func fill(_ x: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Double>? = nil) throws {
        try fill1D(x, weights: weights)
    }

    /// ND fill (any storage): one coordinate column per axis (category axes take 0-based category
    /// numbers), optional weights, and for .mean storage the samples y to average.
    public mutating func fill(columns: [[Double]], weights: [Double]? = nil, samples: [Double]? = nil) throws {
        guard columns.count == axes.count else {
            throw HistogramError.invalidFill("expected \(axes.count) coordinate columns (one per axis), got \(columns.count)")
        }
        let n = columns.first?.count ?? 0
        for (k, c) in columns.enumerated() where c.count != n {
            throw HistogramError.invalidFill("coordinate column \(k) has \(c.count) values, column 0 has \(n)")
        }
        if let weights, weights.count != n {
            throw HistogramError.invalidFill("\(weights.count) weights for \(n) entries")
        }
        try checkSamples(samples, count: n)
        let block = 4096
        var slots = [Int](repeating: 0, count: block)
        var start = 0
        while start < n {
            let end = Swift.min(start + block, n)
            for i in start..<end { slots[i - start] = 0 }
            for (k, axis) in axes.enumerated() {
                let stride = strides[k]
                let column = columns[k]
                for i in start..<end { slots[i - start] &+= axis.index(column[i]) &* stride }
            }
            for i in start..<end {
                accumulate(slot: slots[i - start], weight: weights?[i] ?? 1, sample: samples?[i] ?? 0)
            }
            start = end
        }
        entries += Double(n)
    }

    /// One entry at the given coordinates (one per axis).
    public mutating func fill(at coordinates: [Double], weight: Double = 1, sample: Double? = nil) throws {
        guard coordinates.count == axes.count else {
            throw HistogramError.invalidFill("expected \(axes.count) coordinates, got \(coordinates.count)")
        }
        if storage == .mean, sample == nil {
            throw HistogramError.invalidFill("a mean (profile) histogram needs a sample value for each fill")
        }
        var s = 0
        for (k, axis) in axes.enumerated() { s += axis.index(coordinates[k]) * strides[k] }
        accumulate(slot: s, weight: weight, sample: sample ?? 0)
        entries += 1
    }

    /// One entry on a 1D category axis by label (unknown labels go to the overflow slot).
    public mutating func fill(label: String, weight: Double = 1, sample: Double? = nil) throws {
        guard axes.count == 1 else { throw HistogramError.invalidFill("fill(label:) needs a 1D histogram, this one has \(axes.count) axes") }
        if storage == .mean, sample == nil {
            throw HistogramError.invalidFill("a mean (profile) histogram needs a sample value for each fill")
        }
        accumulate(slot: try axes[0].index(label: label), weight: weight, sample: sample ?? 0)
        entries += 1
    }

    /// 1D profile fill: x coordinates and samples y (and optional weights).
    public mutating func fill(_ x: [Double], samples: [Double], weights: [Double]? = nil) throws {
        try fill(columns: [x], weights: weights, samples: samples)
    }

    // MARK: internals

    private func checkSamples(_ samples: [Double]?, count n: Int) throws {
        if storage == .mean {
            guard let samples else { throw HistogramError.invalidFill("a mean (profile) histogram needs samples to average") }
            guard samples.count == n else { throw HistogramError.invalidFill("\(samples.count) samples for \(n) entries") }
        } else if samples != nil {
            throw HistogramError.invalidFill("samples are only used by mean (profile) storage; this histogram stores \(storage)")
        }
    }

    @inline(__always)
    mutating func accumulate(slot: Int, weight w: Double, sample y: Double) {
        sumW[slot] += w
        switch storage {
        case .count: break
        case .weight: sumW2?[slot] += w * w
        case .mean:
            sumW2?[slot] += w * w
            sumWY?[slot] += w * y
            sumWY2?[slot] += w * y * y
        }
    }

    mutating func fill1D<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, weights: UnsafeBufferPointer<Double>?) throws {
        guard axes.count == 1 else {
            throw HistogramError.invalidFill("a 1D fill on a \(axes.count)-dimensional histogram; use fill(columns:)")
        }
        if storage == .mean { throw HistogramError.invalidFill("a mean (profile) histogram needs samples: use fill(_:samples:)") }
        if let weights, weights.count != x.count {
            throw HistogramError.invalidFill("\(weights.count) weights for \(x.count) values")
        }
        let axis = axes[0]
        if case .regular(let bins, let lower, _) = axis.kind {
            if let weights {
                fillRegularWeighted(x, weights: weights, bins: bins, lower: lower, scale: axis.scale)
            } else {
                fillRegularCounts(x, bins: bins, lower: lower, scale: axis.scale)
            }
        } else {
            for i in 0..<x.count {
                let w = weights?[i] ?? 1
                accumulate(slot: axis.index(Double(x[i])), weight: w, sample: 0)
            }
        }
        entries += Double(x.count)
    }

    /// Unweighted regular fill: four integer sub-histograms, flushed every block.
    private mutating func fillRegularCounts<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, bins: Int, lower: Double, scale: Double) {
        let extent = bins + 2
        let top = Double(bins + 1)
        var counts = [UInt32](repeating: 0, count: 4 * extent)
        let block = 1 << 30  // far below UInt32.max per sub-histogram
        var start = 0
        while start < x.count {
            let end = Swift.min(start + block, x.count)
            counts.withUnsafeMutableBufferPointer { c in
                guard let base = c.baseAddress else { return }
                let c0 = base, c1 = base + extent, c2 = base + 2 * extent, c3 = base + 3 * extent
                @inline(__always) func slot(_ v: T) -> Int {
                    let t = (Double(v) - lower) * scale + 1
                    let high = t < top ? t : top
                    return Int(high > 0 ? high : 0)
                }
                var i = start
                // Eight slots at a time in SIMD registers (NaN and ≥ top → overflow, < 0 → underflow),
                // then four interleaved sub-histograms so repeated bins do not serialise.
                let lowerV = SIMD8<Double>(repeating: lower), scaleV = SIMD8<Double>(repeating: scale)
                let topV = SIMD8<Double>(repeating: top), zeroV = SIMD8<Double>(repeating: 0), oneV = SIMD8<Double>(repeating: 1)
                while i + 8 <= end {
                    var v = SIMD8<Double>(Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3]),
                                          Double(x[i + 4]), Double(x[i + 5]), Double(x[i + 6]), Double(x[i + 7]))
                    v = (v - lowerV) * scaleV + oneV
                    v.replace(with: topV, where: .!(v .< topV))
                    v.replace(with: zeroV, where: v .< zeroV)
                    c0[Int(v[0])] &+= 1; c1[Int(v[1])] &+= 1; c2[Int(v[2])] &+= 1; c3[Int(v[3])] &+= 1
                    c0[Int(v[4])] &+= 1; c1[Int(v[5])] &+= 1; c2[Int(v[6])] &+= 1; c3[Int(v[7])] &+= 1
                    i += 8
                }
                while i < end {
                    c0[slot(x[i])] &+= 1
                    i += 1
                }
            }
            for s in 0..<extent {
                let total = UInt64(counts[s]) + UInt64(counts[s + extent]) + UInt64(counts[s + 2 * extent]) + UInt64(counts[s + 3 * extent])
                if total > 0 {
                    sumW[s] += Double(total)
                    if storage == .weight { sumW2?[s] += Double(total) }
                }
            }
            for s in 0..<counts.count { counts[s] = 0 }
            start = end
        }
    }

    private mutating func fillRegularWeighted<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, weights: UnsafeBufferPointer<Double>,
                                                                    bins: Int, lower: Double, scale: Double) {
        let top = Double(bins + 1)
        let trackSquares = storage == .weight
        sumW.withUnsafeMutableBufferPointer { sw in
            for i in 0..<x.count {
                let t = (Double(x[i]) - lower) * scale + 1
                let high = t < top ? t : top
                sw[Int(high > 0 ? high : 0)] += weights[i]
            }
        }
        if trackSquares, var sw2 = sumW2 {
            sumW2 = nil  // keep the array uniquely referenced while filling
            sw2.withUnsafeMutableBufferPointer { s2 in
                for i in 0..<x.count {
                    let t = (Double(x[i]) - lower) * scale + 1
                    let high = t < top ? t : top
                    s2[Int(high > 0 ? high : 0)] += weights[i] * weights[i]
                }
            }
            sumW2 = sw2
        }
    }
}
