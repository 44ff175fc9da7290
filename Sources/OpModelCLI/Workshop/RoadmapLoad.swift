import OpModelKit

/// Deliver's overview and quarter views read a quarter's size, its capacity and its deadline
/// warnings from here, and only from here: sizes are the planner's effort points (DESIGN §10.2),
/// the capacity is in points, and the warnings come from the roadmap's KPI deadlines.
enum RoadmapLoad {
    /// What a quarter's size is counted in.
    static let unit = "point"

    /// The size of one step in ``unit``.
    static func size(of step: RoadmapStep) -> Int {
        step.effort
    }

    /// How much a quarter holds, in ``unit``.
    static func capacity(of roadmap: Roadmap) -> Int {
        roadmap.capacityPerQuarter
    }

    /// Warnings about KPI deadlines the steps of `period` (nil: the backlog) put at risk, one
    /// line per KPI naming the late steps; a step shown in full says why.
    static func deadlineWarnings(in period: Period?, of roadmap: Roadmap) -> [String] {
        roadmap.deadlinesAtRisk.compactMap { deadline in
            let late = deadline.late.filter { $0.period == period }.map(\.id)
            guard !late.isEmpty else { return nil }
            let verb = period == nil ? (late.count == 1 ? "is not scheduled" : "are not scheduled") : "land too late"
            return
                "\(deadline.name) due \(deadline.due): \(late.joined(separator: ", ")) \(late.count == 1 && period != nil ? "lands too late" : verb)"
        }
    }

    /// The size of `steps` together.
    static func size(of steps: [RoadmapStep]) -> Int {
        steps.reduce(0) { $0 + size(of: $1) }
    }

    /// `4/4 steps`, `7/8 points`.
    static func loadText(_ size: Int, capacity: Int) -> String {
        "\(size)/\(capacity) \(Plural.noun(capacity, unit))"
    }
}
