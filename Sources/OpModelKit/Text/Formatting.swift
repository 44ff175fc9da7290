/// How numbers look in every output, in one place (DESIGN §3, §10.1).
///
/// The rule: a score is shown rounded half away from zero to one decimal, and everything a
/// person reads beside it — a delta, a level label, a bar, a glyph, a sparkline, a colour — is
/// derived from the value *as shown*, never from the exact value. So "1.8 → 2.2" always reads
/// "+0.4" (even when the exact change is 0.33), and two teams shown "2.5" always get the same
/// glyph. JSON and CSV exports keep the exact values, to two decimals.
public enum Formatting {
    /// The value as shown: one decimal, half away from zero.
    public static func shown(_ value: Double) -> Double {
        Rounding.halfAwayFromZero(value, places: 1)
    }

    /// A score as shown (`2.7`), or `none` when there is none.
    public static func score(_ value: Double?, none: String = "–") -> String {
        value.map { Rounding.text($0) } ?? none
    }

    /// `2.7 — Repeatable`, or `not assessed`; the label is the scale level the shown value reaches.
    public static func scoreWithLabel(_ value: Double?, questionnaire: Questionnaire) -> String {
        guard let value else { return "not assessed" }
        return "\(Rounding.text(value)) — \(questionnaire.levelName(for: value))"
    }

    /// The change between two scores as shown: the difference of the two shown values, nil when
    /// either is missing.
    public static func delta(from previous: Double?, to current: Double?) -> Double? {
        guard let previous, let current else { return nil }
        return Rounding.halfAwayFromZero(shown(current) - shown(previous), places: 1)
    }

    /// `+0.4`, `-0.2`, `0.0`, or `–`: ``delta(from:to:)`` with its sign.
    public static func deltaText(from previous: Double?, to current: Double?) -> String {
        guard let delta = delta(from: previous, to: current) else { return "–" }
        let text = Rounding.text(delta)
        return delta > 0 && text != "0.0" ? "+" + text : text
    }

    /// The gap to a target as shown: the target minus the shown score, never below 0; nil when
    /// either is missing. (Target 4, score 2.25 shown 2.3: the gap shows 1.7, as a reader
    /// subtracting the two numbers on the page finds.)
    public static func gap(target: Int?, score: Double?) -> Double? {
        guard let target, let score else { return nil }
        return max(0, Rounding.halfAwayFromZero(Double(target) - shown(score), places: 1))
    }

    /// ``gap(target:score:)`` as text, or `–`.
    public static func gapText(target: Int?, score: Double?) -> String {
        gap(target: target, score: score).map { Rounding.text($0) } ?? "–"
    }

    /// A fraction as a whole percentage (`46%`), or `–`.
    public static func percent(_ fraction: Double?) -> String {
        fraction.map(Rounding.percent) ?? "–"
    }

    /// `value` with up to two decimals and no trailing zeros: `3.5`, `21.25`, `4`.
    public static func trimmed(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return JSONWriter.format(number: value) }
        var text = Rounding.text(value, places: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `240 minutes`, `95%`, or `–`.
    public static func measure(_ value: Double?, unit: String?) -> String {
        guard let value else { return "–" }
        let number = trimmed(value)
        guard let unit, !unit.isEmpty else { return number }
        if unit == "percent" || unit == "%" { return number + "%" }
        return number + " " + unit
    }

    /// Where the shown value sits between the bottom and the top of the scale, 0 to 1.
    public static func fraction(_ value: Double, low: Double, high: Double) -> Double {
        guard high > low else { return 1 }
        return min(max((shown(value) - low) / (high - low), 0), 1)
    }

    /// Ten cells of `█` and `░` for the shown value's place on the scale; all empty for none.
    public static func bar(_ value: Double?, low: Double, high: Double, width: Int = 10) -> String {
        guard let value else { return String(repeating: "░", count: width) }
        return progressBar(fraction(value, low: low, high: high), width: width)
    }

    /// `width` cells of `█` and `░`, filled by `fraction` (0 to 1), such as the share of
    /// questions answered.
    public static func progressBar(_ fraction: Double, width: Int = 10) -> String {
        let filled = Int(Rounding.halfAwayFromZero(min(max(fraction, 0), 1) * Double(width), places: 0))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// ``bar(_:low:high:width:)`` on a questionnaire's scale.
    public static func bar(_ value: Double?, questionnaire: Questionnaire, width: Int = 10) -> String {
        bar(
            value, low: Double(questionnaire.minimumLevel), high: Double(questionnaire.maximumLevel), width: width)
    }

    /// `○◔◑◕●` for the quarter of the scale the shown value falls in; `·` for none.
    public static func glyph(_ value: Double?, low: Double, high: Double) -> String {
        let glyphs = ["○", "◔", "◑", "◕", "●"]
        guard let index = scaleClass(value, low: low, high: high, classes: glyphs.count) else { return "·" }
        return glyphs[index]
    }

    /// Which of `classes` equal steps of the scale the shown value falls in, 0 at the bottom:
    /// the nearest step to its place on the scale (halves round up). The glyphs and the
    /// heatmap's colours both use it, so a glyph and a colour always agree. Nil for none.
    public static func scaleClass(_ value: Double?, low: Double, high: Double, classes: Int) -> Int? {
        guard let value, high > low, classes > 1 else { return nil }
        let index = Rounding.halfAwayFromZero(fraction(value, low: low, high: high) * Double(classes - 1), places: 0)
        return min(classes - 1, max(0, Int(index)))
    }

    /// The shown values (one decimal) each of ``scaleClass(_:low:high:classes:)``'s classes
    /// holds, lowest first: `1.0–1.4`, `1.5–2.4`, … on a 1–5 scale in five classes.
    public static func scaleClassRanges(low: Double, high: Double, classes: Int) -> [(from: Double, to: Double)] {
        guard high > low, classes > 1 else { return [(low, high)] }
        // The first shown value of each class after the first.
        var starts: [Double] = [low]
        for index in 1..<classes {
            var candidate = (low * 10).rounded(.down) / 10
            while candidate <= high,
                (scaleClass(candidate, low: low, high: high, classes: classes) ?? 0) < index
            {
                candidate = Rounding.halfAwayFromZero(candidate + 0.1, places: 1)
            }
            starts.append(candidate)
        }
        return starts.enumerated().map { index, start in
            let end = index + 1 < starts.count ? Rounding.halfAwayFromZero(starts[index + 1] - 0.1, places: 1) : high
            return (start, end)
        }
    }

    /// `▁▃▅▇`: one bar per value as shown, on the scale; a space where there is none.
    public static func sparkline(_ values: [Double?], low: Double, high: Double) -> String {
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(
            values.map { value -> Character in
                guard let value, high > low else { return " " }
                let index = Rounding.halfAwayFromZero(
                    fraction(value, low: low, high: high) * Double(bars.count - 1), places: 0)
                return bars[min(bars.count - 1, Int(index))]
            })
    }

    /// A time spent or allowed, as a room reads it: `40 s`, `3 min 20 s` (under ten minutes),
    /// `12 min`, `1 h 05 min`; whole seconds, rounded half away from zero.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let total = Int(Rounding.halfAwayFromZero(max(seconds, 0), places: 0))
        if total < 60 { return "\(total) s" }
        let minutes = total / 60
        let rest = total % 60
        if minutes < 10 { return rest == 0 ? "\(minutes) min" : "\(minutes) min \(rest) s" }
        if minutes < 60 { return "\(minutes) min" }
        let hourMinutes = minutes % 60
        return "\(minutes / 60) h \(hourMinutes < 10 ? "0" : "")\(hourMinutes) min"
    }

    /// An exact value for JSON: two decimals, `null` for none.
    public static func exportNumber(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(Rounding.halfAwayFromZero(value, places: 2))
    }

    /// An exact value for CSV: two decimals (`2.25`), empty for none.
    public static func exportText(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return Rounding.text(value, places: 2)
    }
}

/// Rounding for reports and exports: half away from zero, robust to binary representation
/// (2.25 → 2.3 and 0.15 → 0.2, as a person rounding the printed decimal would).
public enum Rounding {
    /// `value` rounded to `places` decimals, half away from zero.
    public static func halfAwayFromZero(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = value * scale
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        let rounded: Double
        if abs(fraction - 0.5) < 1e-9 {
            rounded = scaled >= 0 ? floor + 1 : floor
        } else {
            rounded = scaled.rounded(.toNearestOrAwayFromZero)
        }
        return rounded / scale
    }

    /// `value` printed with exactly `places` decimals after rounding half away from zero.
    public static func text(_ value: Double, places: Int = 1) -> String {
        var scale = 1
        for _ in 0..<max(0, places) { scale *= 10 }
        guard value.isFinite else { return "–" }
        // Past 2^53 a Double has no decimals left to show, and the Int below would overflow:
        // print such values (a KPI of 1e17 bytes) whole.
        guard abs(value) * Double(scale) < 9_007_199_254_740_992 else {
            return JSONWriter.format(number: value.rounded())
        }
        let rounded = halfAwayFromZero(value, places: places)
        let scaled = Int((abs(rounded) * Double(scale)).rounded())
        let sign = rounded < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let whole = scaled / scale
        let fraction = String(scaled % scale)
        return sign + "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A fraction printed as a whole percentage (0.456 → `46%`).
    public static func percent(_ fraction: Double) -> String {
        text(fraction * 100, places: 0) + "%"
    }
}
