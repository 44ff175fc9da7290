/// Whether a KPI is where the roadmap said it would be this quarter.
public enum KPIStatus: String, Sendable, CaseIterable {
    /// At or past the interim target.
    case onTrack = "on track"
    /// Moved the right way, at least half of what the interim target asked for.
    case atRisk = "at risk"
    /// Moved less than half of what was asked, or the wrong way.
    case offTrack = "off track"
}

/// One outcome KPI measured against the roadmap's interim target for a quarter.
public struct KPIProgress: Sendable, Equatable {
    /// The KPI's id.
    public var id: String
    /// The KPI's name.
    public var name: String
    /// The outcome it measures.
    public var outcomeTitle: String
    /// Unit of measure.
    public var unit: String?
    /// The value when the target was set.
    public var baseline: Double
    /// The final target.
    public var target: Double
    /// Where the KPI should be by now (linear from baseline to target).
    public var interimTarget: Double
    /// The latest measured value, if any.
    public var actual: Double?
    /// The status, when there is an actual.
    public var status: KPIStatus?
}

/// The KPI status rule (README, "Tracking KPIs"), for KPIs where higher or lower is better.
///
/// With s = +1 when higher is better and −1 when lower is better, the expected movement is
/// E = s · (interim − baseline) and the achieved movement A = s · (actual − baseline):
/// - on track when A ≥ E (the interim target is met or beaten);
/// - at risk when E > 0 and A ≥ E / 2, or when nothing was expected yet (E ≤ 0) and the KPI
///   got worse;
/// - off track otherwise (less than half the expected movement, or the wrong way).
public enum KPITracking {
    /// The status of `actual` against `interimTarget`, starting from `baseline`.
    public static func status(
        baseline: Double, interimTarget: Double, actual: Double, direction: KPIDirection
    ) -> KPIStatus {
        let sign: Double = direction == .higher ? 1 : -1
        let expected = sign * (interimTarget - baseline)
        let achieved = sign * (actual - baseline)
        let tolerance = 1e-9 * max(1, abs(expected))
        if achieved >= expected - tolerance { return .onTrack }
        if expected <= tolerance { return .atRisk }
        return achieved >= expected / 2 - tolerance ? .atRisk : .offTrack
    }

    /// The direction of a KPI: as recorded, else from whether the target is above the baseline.
    public static func direction(of kpi: OutcomeKPI) -> KPIDirection {
        if let direction = kpi.direction { return direction }
        if let baseline = kpi.baseline, let target = kpi.target, target < baseline { return .lower }
        return .higher
    }

    /// Every outcome KPI of `assessment` with a baseline and a target, measured at its period.
    public static func progress(of assessment: Assessment) -> [KPIProgress] {
        var result: [KPIProgress] = []
        for outcome in assessment.envision.outcomes {
            for kpi in outcome.kpis {
                guard let baseline = kpi.baseline, let target = kpi.target else { continue }
                let interim = RoadmapPlanner.interimTarget(
                    baseline: baseline, target: target, from: kpi.baselinePeriod ?? assessment.period,
                    due: kpi.due ?? assessment.period, at: assessment.period)
                let status = kpi.current.map {
                    Self.status(baseline: baseline, interimTarget: interim, actual: $0, direction: direction(of: kpi))
                }
                result.append(
                    KPIProgress(
                        id: kpi.id, name: kpi.name, outcomeTitle: outcome.title, unit: kpi.unit, baseline: baseline,
                        target: target, interimTarget: interim, actual: kpi.current, status: status))
            }
        }
        return result
    }
}
