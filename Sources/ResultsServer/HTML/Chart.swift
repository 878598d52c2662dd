// The pass-rate chart: inline SVG, drawn here, so the page needs no script library and no
// asset from elsewhere (and the static report stays one file).
import Foundation

public enum Chart {
    /// One point: a label for its tooltip and a percentage.
    public struct Point: Sendable {
        public var label: String
        public var value: Double
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// A line chart of percentages (0-100), points oldest first, with grid lines at every 25 %.
    public static func svg(_ points: [Point], width: Int = 760, height: Int = 220, title: String) -> String {
        let left = 44.0, right = 12.0, top = 12.0, bottom = 28.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        // The range shown: 0-100, or closer when every value sits high (a conformance suite
        // moves by tenths of a percent near the top).
        let lowest = points.map(\.value).min() ?? 0
        let floor = lowest >= 50 ? Swift.max(0, (lowest - 5).rounded(.down)) : 0
        func x(_ i: Int) -> Double {
            points.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (Swift.min(100, Swift.max(floor, value)) - floor) / (100 - floor))
        }
        func f(_ d: Double) -> String { String(format: "%.1f", d) }
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(title))</title>"
        for step in 0...4 {
            let value = floor + (100 - floor) * Double(step) / 4
            svg += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y(value)))\" y2=\"\(f(y(value)))\"/>"
            svg += "<text class=\"axis\" x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(f(value))%</text>"
        }
        guard !points.isEmpty else {
            return svg + "<text class=\"axis\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\">no recorded run</text></svg>"
        }
        let path = points.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element.value)))" }.joined(separator: " ")
        svg += "<polyline class=\"line\" fill=\"none\" points=\"\(path)\"/>"
        for (i, point) in points.enumerated() {
            svg += "<circle class=\"dot\" cx=\"\(f(x(i)))\" cy=\"\(f(y(point.value)))\" r=\"3\">"
            svg += "<title>\(HTML.escape(point.label)): \(f(point.value))%</title></circle>"
        }
        svg += "<text class=\"axis\" x=\"\(f(left))\" y=\"\(height - 8)\">\(HTML.escape(points.first?.label ?? ""))</text>"
        if points.count > 1 {
            svg += "<text class=\"axis\" x=\"\(f(left + plotWidth))\" y=\"\(height - 8)\" text-anchor=\"end\">\(HTML.escape(points.last?.label ?? ""))</text>"
        }
        return svg + "</svg>"
    }
}
