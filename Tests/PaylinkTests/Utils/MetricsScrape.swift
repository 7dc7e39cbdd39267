import Foundation
import PaylinkHTTP

/// One scrape of a worker's `/metrics`, parsed into samples (the text format's simple subset
/// paylink writes: `name{label="value",...} number`).
struct MetricsScrape {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let text: String
    let samples: [Sample]

    static func fetch(port: Int, http: HTTPClient) async throws -> MetricsScrape {
        let response = try await http.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics", timeout: .seconds(10)))
        guard response.status == 200 else { throw ScrapeError(description: "GET /metrics answered \(response.status)") }
        return MetricsScrape(text: String(decoding: response.body, as: UTF8.self))
    }

    init(text: String) {
        self.text = text
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{"), series.last == "}" {
                name = String(series[..<open])
                let inner = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in inner.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { labels[String(parts[0])] = String(parts[1].dropFirst().dropLast()) }
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
    }

    /// The sum of a metric's samples whose labels include `labels`.
    func sum(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .reduce(0) { $0 + $1.value }
    }

    func has(_ name: String) -> Bool {
        samples.contains { $0.name == name }
    }

    /// Families (a sample's name without `_bucket`/`_sum`/`_count`) lacking a HELP or TYPE line.
    var familiesWithoutHelpOrType: [String] {
        let lines = text.split(separator: "\n")
        let helped = Set(lines.filter { $0.hasPrefix("# HELP ") }.compactMap { $0.split(separator: " ").dropFirst(2).first.map(String.init) })
        let typed = Set(lines.filter { $0.hasPrefix("# TYPE ") }.compactMap { $0.split(separator: " ").dropFirst(2).first.map(String.init) })
        var missing: Set<String> = []
        for sample in samples {
            var family = sample.name
            for suffix in ["_bucket", "_sum", "_count"] where family.hasSuffix(suffix) && typed.contains(String(family.dropLast(suffix.count))) {
                family = String(family.dropLast(suffix.count))
            }
            if !helped.contains(family) || !typed.contains(family) { missing.insert(family) }
        }
        return missing.sorted()
    }

    struct ScrapeError: Error, CustomStringConvertible {
        var description: String
    }
}

/// The port a `paylink worker --http-address 127.0.0.1:0` bound, from its log line.
func endpointPort(in log: String) -> Int? {
    guard let range = log.range(of: #"address=127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return nil }
    return Int(log[range].split(separator: ":").last ?? "")
}

/// GET a probe; the status and the body's first line.
func probe(_ path: String, port: Int, http: HTTPClient) async -> (status: Int, line: String)? {
    guard let response = try? await http.execute(HTTPRequest(url: "http://127.0.0.1:\(port)\(path)", timeout: .seconds(5))) else { return nil }
    return (response.status, String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}
