/// What a KPI's values may be, judged from its unit and direction, so that a baseline of −5
/// minutes or a lower-is-better target above its baseline is questioned instead of stored.
public enum KPIValueRules {
    /// Why `value` cannot be a value of a KPI measured in `unit`; nil when it can.
    ///
    /// - Durations, counts, money and "per" rates (minutes, days, incidents, USD per …) are never
    ///   negative.
    /// - A percentage lies between 0 and 100.
    /// - A score `A-B` (`score 1-5`) lies between A and B.
    /// - A unit that names a change (growth, change, delta, difference, net) may be negative.
    public static func problem(value: Double, unit: String?) -> String? {
        guard value.isFinite else { return "a KPI value must be a finite number" }
        let unit = (unit ?? "").lowercased()
        if ["growth", "change", "delta", "difference", "net", "variance"].contains(where: unit.contains) {
            return nil
        }
        if let range = scoreRange(unit) {
            return range.contains(value)
                ? nil : "a score on \(format(range.lowerBound))–\(format(range.upperBound)) lies in that range"
        }
        if unit.contains("percent") || unit == "%" {
            return (0...100).contains(value) ? nil : "a percentage lies between 0 and 100"
        }
        if value < 0 {
            return unit.isEmpty ? "a KPI value cannot be negative" : "a value in \(unit) cannot be negative"
        }
        return nil
    }

    /// Why `target` goes the wrong way from `baseline` for a KPI better when `direction`; nil when
    /// it does not (an equal target, to hold a level, is accepted).
    public static func problem(target: Double, baseline: Double?, direction: KPIDirection?) -> String? {
        guard let baseline, let direction else { return nil }
        switch direction {
        case .lower where target > baseline:
            return "lower is better, so a target of \(format(target)) above the baseline \(format(baseline)) "
                + "would be a step back; type a target at or below \(format(baseline))"
        case .higher where target < baseline:
            return "higher is better, so a target of \(format(target)) below the baseline \(format(baseline)) "
                + "would be a step back; type a target at or above \(format(baseline))"
        default:
            return nil
        }
    }

    /// `1...5` for `score 1-5`.
    static func scoreRange(_ unit: String) -> ClosedRange<Double>? {
        guard unit.hasPrefix("score") else { return nil }
        let numbers = unit.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        guard numbers.count == 2, numbers[0] < numbers[1] else { return nil }
        return numbers[0]...numbers[1]
    }

    static func format(_ value: Double) -> String { JSONWriter.format(number: value) }
}
