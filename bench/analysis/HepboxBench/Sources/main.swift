// hepbox-analysis-bench FILE QUERY_DIR [REPS]: single-core figures for bench/analysis/run.sh,
// printed as one JSON object: read time of every branch, ADL queries from the file (fresh
// dataset: read + decompress + compute) and cached (same dataset again, best of REPS),
// histogram fill rate, and the memory of the cached dataset.
import Columnar
import Foundation
import Histogram

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: hepbox-analysis-bench FILE.root QUERY_DIR [REPS]\n".utf8))
    exit(2)
}
do {
    let out = try Bench.run(args)
    let json = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("hepbox-analysis-bench: \(error)\n".utf8))
    exit(1)
}
