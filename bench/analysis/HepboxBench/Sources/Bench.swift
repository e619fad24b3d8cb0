import Columnar
import Foundation
import Histogram

/// The measurements, outside main.swift so that no closure here is main-actor isolated.
enum Bench {
    /// CPU seconds of the process while `body` runs (all work here is on one thread, so this is
    /// single-core time, unaffected by other programs competing for the cores).
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t = cpuTime()
        try body()
        return cpuTime() - t
    }

    static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func run(_ args: [String]) throws -> [String: Any] {
        let file = args[1], queryDir = args[2]
        let reps = args.count > 3 ? Int(args[3]) ?? 3 : 3
        var out: [String: Any] = ["file": file]
        // Read throughput: every branch, one column at a time on one core, best of reps.
        var readBest = Double.infinity
        var memory = 0, events = 0
        for _ in 0..<reps {
            let data = try Dataset(path: file, tree: "Events", readConcurrency: 1)
            let t = try seconds { _ = try data.columns(data.columnNames) }
            readBest = min(readBest, t)
            memory = data.memoryUsed
            events = data.entryCount
        }
        out["events"] = events
        out["read_seconds"] = readBest
        out["cached_bytes"] = memory

        let runner = QueryRunner(partitionSize: 1 << 16, threads: 1)
        var queries: [String: Any] = [:]
        // BENCH_QUERIES=3,5 restricts the queries (for profiling one of them).
        let only = ProcessInfo.processInfo.environment["BENCH_QUERIES"].map { $0.split(separator: ",").compactMap { Int($0) } }
        for q in 1...8 where only?.contains(q) ?? true {
            let path = "\(queryDir)/q\(q).query"
            let script = try QueryScript.parse(String(contentsOfFile: path, encoding: .utf8))
            var fromFile = Double.infinity
            var cached = Double.infinity
            var entries = 0.0
            for _ in 0..<reps {
                let data = try Dataset(path: file, tree: "Events", readConcurrency: 1)
                fromFile = min(fromFile, try seconds { _ = try runner.run(script, on: data) })
                for _ in 0..<reps {
                    try cached = min(cached, seconds {
                        let r = try runner.run(script, on: data)
                        entries = r.histograms[0].histogram.entries
                    })
                }
            }
            queries["Q\(q)"] = ["file_seconds": fromFile, "cached_seconds": cached, "entries": entries]
        }
        out["queries"] = queries

        if ProcessInfo.processInfo.environment["BENCH_SKIP_FILL"] != nil { return out }
        // Fill rate: 5e7 doubles (normal-like, fixed LCG) into 100 regular bins, weight 1.
        let n = 50_000_000
        var state: UInt64 = 12345
        let values = (0..<n).map { _ -> Double in
            var s = 0.0
            for _ in 0..<3 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                s += Double(state >> 11) / Double(1 << 53)
            }
            return (s - 1.5) * 2
        }
        var fillBest = Double.infinity
        for _ in 0..<reps {
            var h = try Histogram(bins: 100, lower: -5, upper: 5)
            fillBest = min(fillBest, try seconds { try h.fill(values) })
        }
        out["fill_entries"] = n
        out["fill_seconds"] = fillBest
        let floats = values.map { Float($0) }
        var fillFloatBest = Double.infinity
        for _ in 0..<reps {
            var h = try Histogram(bins: 100, lower: -5, upper: 5)
            fillFloatBest = min(fillFloatBest, try seconds { try h.fill(floats) })
        }
        out["fill_float32_seconds"] = fillFloatBest
        let weights = [Double](repeating: 0.5, count: n)
        var weightedBest = Double.infinity
        for _ in 0..<reps {
            var h = try Histogram(axes: [.regular(100, -5, 5)], storage: .weight)
            weightedBest = min(weightedBest, try seconds { try h.fill(values, weights: weights) })
        }
        out["fill_weighted_seconds"] = weightedBest
        return out

    }
}
