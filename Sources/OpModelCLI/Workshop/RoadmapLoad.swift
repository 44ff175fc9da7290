import OpModelKit

// ─── MERGE HOOK: effort points and KPI deadlines (issue 14 × the planner's release 0.2 work) ───
//
// Deliver's overview and quarter views read a quarter's size, its capacity and its deadline
// warnings from this file, and only from here. Today a step counts 1 and no deadline is known,
// so the overview shows "4/4 steps" and no warning. Once the planner gives each step its
// `effort` and the roadmap its `deadlines` (DESIGN §10.2), change the three marked lines below:
//
//   1. `unit`: "point".
//   2. `size(of:)`: `step.effort`.
//   3. `deadlineWarnings(in:of:)`: one line per KPI deadline whose `late` list holds a step of
//      `period` (`nil` for the backlog), such as "MTTR due 2027-Q2: OL-01@3 lands in 2027-Q3".
//
// `capacity(of:)` stays `roadmap.capacityPerQuarter`: the planner counts it in points then.
// Nothing else in the workshop needs to change.
enum RoadmapLoad {
    /// What a quarter's size is counted in ("step" today; "point" with effort).
    static let unit = "step"  // MERGE: "point"

    /// The size of one step in ``unit``.
    static func size(of step: RoadmapStep) -> Int {
        1  // MERGE: step.effort
    }

    /// How much a quarter holds, in ``unit``.
    static func capacity(of roadmap: Roadmap) -> Int {
        roadmap.capacityPerQuarter
    }

    /// Warnings about KPI deadlines the steps of `period` (nil: the backlog) put at risk.
    static func deadlineWarnings(in period: Period?, of roadmap: Roadmap) -> [String] {
        []  // MERGE: from roadmap.deadlines (each deadline's `late` steps in `period`)
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
