/// The KPIs the room chose in Envision that have a due quarter (DESIGN §4.5): a KPI chosen
/// under several outcomes counts once, with its earliest due quarter.
struct ChosenKPIs {
    /// A chosen KPI with its due quarter.
    struct Entry {
        var id: String
        var name: String
        var due: Period
    }

    /// The KPIs in due order (then in the order the room chose them).
    let ordered: [Entry]
    /// The same, by id.
    let byID: [String: Entry]

    init(_ assessment: Assessment) {
        var byID: [String: Entry] = [:]
        var firstSeen: [String: Int] = [:]
        for kpi in assessment.envision.outcomes.flatMap(\.kpis) {
            guard let due = kpi.due else { continue }
            if firstSeen[kpi.id] == nil { firstSeen[kpi.id] = firstSeen.count }
            if let known = byID[kpi.id], known.due <= due { continue }
            byID[kpi.id] = Entry(id: kpi.id, name: kpi.name, due: due)
        }
        self.byID = byID
        ordered = byID.values.sorted {
            $0.due != $1.due ? $0.due < $1.due : (firstSeen[$0.id] ?? 0) < (firstSeen[$1.id] ?? 0)
        }
    }
}

/// One planning run's result, by position in ``PlanningProblem/active``.
struct Schedule {
    /// The quarter each step lands in; nil for the backlog.
    var quarter: [Period?]
    /// For each step the planner placed: the earliest quarter its prerequisites allowed.
    var earliest: [Period?]
    /// For each step the planner placed: the prerequisite that set `earliest`, if any.
    var binding: [(index: Int, sameQuestion: Bool)?]
    /// For each step in the backlog: why.
    var backlogReason: [String?]

    /// Whether every step found a quarter.
    var isComplete: Bool { !quarter.contains(nil) }
}

/// The steps to plan and everything the rules of DESIGN §4 need to know about them, computed
/// once: prerequisites by position, the pinned load, the effective deadlines and the order in
/// which the steps are decided.
struct PlanningProblem {
    /// The steps to plan (not dropped), in priority order, each with its deadline.
    private(set) var active: [RoadmapPlanner.Candidate]
    /// The steps the room dropped.
    let dropped: [RoadmapPlanner.Candidate]
    /// Their ids.
    let droppedIDs: Set<String>
    let start: Period
    /// Points a quarter.
    let capacity: Int
    /// Per step, its prerequisites among the active steps, by position.
    let prerequisites: [[(index: Int, sameQuestion: Bool)]]
    /// Per step, the first step it waits for that the room dropped.
    let droppedPrerequisite: [String?]
    /// The steps and points pinned to each quarter.
    let pinnedLoad: [Period: (steps: Int, points: Int)]
    /// Per step, the chosen KPI its deadline comes from.
    let deadlineKPI: [String?]
    /// The positions of the unpinned steps in the order they are decided: nearest deadline
    /// first, then priority order.
    let decisionOrder: [Int]

    init(
        active: [RoadmapPlanner.Candidate], dropped: [RoadmapPlanner.Candidate], kpis: ChosenKPIs, start: Period,
        capacity: Int
    ) {
        self.dropped = dropped
        self.start = start
        self.capacity = capacity
        var indexByID: [String: Int] = [:]
        for (index, candidate) in active.enumerated() where indexByID[candidate.step.id] == nil {
            indexByID[candidate.step.id] = index
        }
        let droppedIDs = Set(dropped.map(\.step.id))
        self.droppedIDs = droppedIDs
        prerequisites = active.map { candidate in
            candidate.waitsFor.compactMap { wait in
                indexByID[wait.id].map { (index: $0, sameQuestion: wait.sameQuestion) }
            }
        }
        droppedPrerequisite = active.map { candidate in
            candidate.waitsFor.first { droppedIDs.contains($0.id) }?.id
        }
        var load: [Period: (steps: Int, points: Int)] = [:]
        for candidate in active {
            guard let pin = candidate.step.pinned else { continue }
            let known = load[pin] ?? (0, 0)
            load[pin] = (known.steps + 1, known.points + candidate.step.effort)
        }
        pinnedLoad = load

        // Deadlines: a step's own (the earliest due of the chosen KPIs it serves), then passed
        // on to what it waits for, in reverse topological order: a quarter earlier to the
        // same question's previous level, the same quarter to a `dependsOn` step.
        var deadline: [Int?] = active.map { _ in nil }
        var source: [String?] = active.map { _ in nil }
        for (index, candidate) in active.enumerated() {
            for id in candidate.kpis {
                guard let kpi = kpis.byID[id] else { continue }
                if deadline[index].map({ kpi.due.ordinal < $0 }) ?? true {
                    deadline[index] = kpi.due.ordinal
                    source[index] = id
                }
            }
        }
        for index in Self.topologicalOrder(prerequisites).reversed() {
            guard let due = deadline[index] else { continue }
            for prerequisite in prerequisites[index] {
                let needed = prerequisite.sameQuestion ? due - 1 : due
                if deadline[prerequisite.index].map({ needed < $0 }) ?? true {
                    deadline[prerequisite.index] = needed
                    source[prerequisite.index] = source[index]
                }
            }
        }
        var active = active
        for index in active.indices {
            active[index].step.deadline = deadline[index].map(Period.clamping(ordinal:))
        }
        self.active = active
        deadlineKPI = source
        decisionOrder = active.indices.filter { active[$0].step.pinned == nil }.sorted {
            let left = deadline[$0] ?? Int.max
            let right = deadline[$1] ?? Int.max
            return left != right ? left < right : $0 < $1
        }
    }

    /// Positions in an order where every step comes after its prerequisites (Kahn's algorithm);
    /// steps on a cycle (the validator refuses them) are left out.
    static func topologicalOrder(_ prerequisites: [[(index: Int, sameQuestion: Bool)]]) -> [Int] {
        var waiting = prerequisites.map(\.count)
        var dependents: [[Int]] = prerequisites.map { _ in [] }
        for (index, list) in prerequisites.enumerated() {
            for prerequisite in list { dependents[prerequisite.index].append(index) }
        }
        var order = waiting.indices.filter { waiting[$0] == 0 }
        var next = 0
        while next < order.count {
            for dependent in dependents[order[next]] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { order.append(dependent) }
            }
            next += 1
        }
        return order
    }

    // MARK: Scheduling

    /// Pins first, then every other step in ``decisionOrder`` once its prerequisites are
    /// decided, in the first quarter from the earliest its prerequisites allow that has room
    /// for its points, up to `end`.
    func schedule(until end: Period) -> Schedule {
        let count = active.count
        var result = Schedule(
            quarter: active.map(\.step.pinned), earliest: Array(repeating: nil, count: count),
            binding: Array(repeating: nil, count: count), backlogReason: Array(repeating: nil, count: count))
        var free = FreeQuarters(start: start, end: end, capacity: capacity, load: pinnedLoad.mapValues(\.points))
        // Per step in the backlog, the first cause down its chain of waiting steps.
        var rootCause: [String?] = Array(repeating: nil, count: count)
        var order = DecisionOrder(
            prerequisites: decisionOrder.map { index in prerequisites[index].map { active[$0.index].step.id } },
            decided: Set(active.filter { $0.step.pinned != nil }.map(\.step.id)))
        while let position = order.next() {
            let index = decisionOrder[position]
            let step = active[index].step
            defer { order.decide(step.id) }
            // A step cannot be planned while a step it needs was dropped by the room.
            if let gone = droppedPrerequisite[index] {
                result.backlogReason[index] = "waits for \(gone), which was dropped"
                rootCause[index] = "\(gone) was dropped"
                continue
            }
            var earliest = start
            var binding: (index: Int, sameQuestion: Bool)?
            var blocker: Int?
            for prerequisite in prerequisites[index] {
                if let quarter = result.quarter[prerequisite.index] {
                    let allowed = prerequisite.sameQuestion ? quarter.next : quarter
                    if allowed > earliest {
                        earliest = allowed
                        binding = prerequisite
                    }
                } else {
                    blocker = prerequisite.index
                }
            }
            if let blocker {
                // Named with what keeps the step it waits for out, followed to the first cause.
                let cause = rootCause[blocker]
                result.backlogReason[index] = "waits for \(active[blocker].step.id)" + (cause.map { " (\($0))" } ?? "")
                rootCause[index] = cause
                continue
            }
            result.earliest[index] = earliest
            result.binding[index] = binding
            if let found = free.first(from: earliest, effort: step.effort) {
                result.quarter[index] = found
                free.add(effort: step.effort, to: found)
            } else if earliest > end {
                result.backlogReason[index] = "its prerequisites finish at the end of the horizon"
            } else if free.points(for: step.effort) > 1 {
                result.backlogReason[index] =
                    "no quarter left in the horizon with \(free.points(for: step.effort)) points free"
            } else {
                result.backlogReason[index] = "no capacity left in the horizon"
            }
            if result.quarter[index] == nil { rootCause[index] = result.backlogReason[index] }
        }
        return result
    }

    /// Pinned steps that break the order, reported rather than moved.
    func pinConflicts(_ schedule: Schedule) -> [String] {
        var conflicts: [String] = []
        for (index, candidate) in active.enumerated() {
            guard let pin = candidate.step.pinned else { continue }
            for gone in candidate.waitsFor where droppedIDs.contains(gone.id) {
                conflicts.append(
                    "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(gone.id) was dropped")
            }
            for prerequisite in prerequisites[index] {
                let id = active[prerequisite.index].step.id
                if let quarter = schedule.quarter[prerequisite.index] {
                    if prerequisite.sameQuestion && quarter >= pin {
                        conflicts.append(
                            "\(candidate.step.id) is pinned to \(pin), but the step before it, \(id), "
                                + "is planned for \(quarter); one level a quarter, in order")
                    } else if !prerequisite.sameQuestion && quarter > pin {
                        conflicts.append(
                            "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(id) is planned for \(quarter)"
                        )
                    }
                } else {
                    conflicts.append(
                        "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(id) is not scheduled (backlog)"
                    )
                }
            }
        }
        return conflicts
    }

    // MARK: Explaining

    /// Why the step at `index` sits where it is (DESIGN §4.5): pinned; needed for a KPI;
    /// foundation or priority; after the step it waits for; and the quarters that were full.
    func reason(for index: Int, in schedule: Schedule, kpis: ChosenKPIs, highestLevel: Int) -> String {
        let step = active[index].step
        if let pin = step.pinned { return "pinned to \(pin) by the room" }
        guard let placed = schedule.quarter[index] else {
            return schedule.backlogReason[index] ?? "not scheduled"
        }
        var parts: [String] = []
        if let deadline = step.deadline, let id = deadlineKPI[index], let kpi = kpis.byID[id] {
            parts.append(
                deadline == kpi.due
                    ? "needed for \(kpi.name), due \(kpi.due)" : "needed by \(deadline) for \(kpi.name), due \(kpi.due)"
            )
        } else if step.toLevel < highestLevel {
            parts.append("foundation (level \(step.toLevel)), priority \(Formatting.trimmed(step.priority))")
        } else {
            parts.append("priority \(Formatting.trimmed(step.priority))")
        }
        if let binding = schedule.binding[index], let quarter = schedule.quarter[binding.index] {
            let id = active[binding.index].step.id
            parts.append(
                binding.sameQuestion
                    ? "after \(id) in \(quarter), one level a quarter" : "after \(id) in \(quarter), which it needs")
        }
        if let earliest = schedule.earliest[index], placed > earliest {
            let last = placed.advanced(by: -1) ?? earliest
            parts.append(last == earliest ? "no room in \(earliest)" : "no room from \(earliest) to \(last)")
        }
        return parts.joined(separator: "; ")
    }

    /// For each chosen KPI with a due quarter, whether the steps that serve it land in time.
    func deadlines(_ schedule: Schedule, kpis: ChosenKPIs) -> [KPIDeadline] {
        kpis.ordered.map { kpi in
            var result = KPIDeadline(kpi: kpi.id, name: kpi.name, due: kpi.due, steps: [], late: [])
            for (index, candidate) in active.enumerated() where candidate.kpis.contains(kpi.id) {
                result.steps.append(candidate.step.id)
                if let quarter = schedule.quarter[index] {
                    guard quarter > kpi.due else { continue }
                    result.late.append(
                        LateStep(
                            id: candidate.step.id, period: quarter, why: lateness(of: index, due: kpi.due, in: schedule)
                        ))
                } else {
                    result.late.append(
                        LateStep(
                            id: candidate.step.id, period: nil, why: schedule.backlogReason[index] ?? "not scheduled"))
                }
            }
            for candidate in dropped where candidate.kpis.contains(kpi.id) {
                result.steps.append(candidate.step.id)
                result.late.append(LateStep(id: candidate.step.id, period: nil, why: "dropped by the room"))
            }
            return result
        }
    }

    /// Why a step scheduled after `due` is late: its pin, the start of the roadmap, a step it
    /// waits for, or full quarters.
    private func lateness(of index: Int, due: Period, in schedule: Schedule) -> String {
        let step = active[index].step
        if let pin = step.pinned { return "pinned to \(pin)" }
        if start > due { return "the roadmap starts in \(start), after \(due)" }
        if let earliest = schedule.earliest[index], earliest > due, let binding = schedule.binding[index],
            let quarter = schedule.quarter[binding.index]
        {
            return "waits for \(active[binding.index].step.id) in \(quarter)"
        }
        let from = max(schedule.earliest[index] ?? start, start)
        return from == due ? "capacity: no room in \(due)" : "capacity: no room from \(from) to \(due)"
    }

    /// When every target is reached at this capacity: `bounded` again when everything fits,
    /// or a plan without a horizon; and the steps no plan reaches, with why.
    func reach(bounded: Schedule, end: Period) -> (by: Period?, unreachable: [UnreachableStep]) {
        var unreachable = dropped.map { UnreachableStep(id: $0.step.id, why: "dropped by the room") }
        var schedule = bounded
        if !bounded.isComplete {
            // Each step lands at most one quarter after the latest quarter used before it.
            let latestPin = pinnedLoad.keys.max() ?? end
            let limit = max(end, latestPin).ordinal + active.count + 1
            schedule = self.schedule(until: Period.clamping(ordinal: limit))
        }
        for (index, quarter) in schedule.quarter.enumerated() where quarter == nil {
            unreachable.append(
                UnreachableStep(id: active[index].step.id, why: schedule.backlogReason[index] ?? "not scheduled"))
        }
        guard unreachable.isEmpty else { return (nil, unreachable) }
        return (schedule.quarter.compactMap { $0 }.max(), [])
    }
}

extension Period {
    /// The period with `ordinal`, held within `earliest`…`latest`.
    static func clamping(ordinal: Int) -> Period {
        if ordinal <= Period.earliest.ordinal { return .earliest }
        if ordinal >= Period.latest.ordinal { return .latest }
        return Period(year: ordinal / 4, quarter: ordinal % 4 + 1) ?? .latest
    }
}
