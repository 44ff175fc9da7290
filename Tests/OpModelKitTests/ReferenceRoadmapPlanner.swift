@testable import OpModelKit

/// The roadmap planner written the straightforward way: it passes deadlines on until nothing
/// changes, rescans the queue for the first ready step with the nearest deadline, walks the
/// quarters for room, filters the steps of each quarter and scores every quarter from scratch.
/// It is kept as an oracle: the planner must give exactly its roadmap (reasons aside) on every
/// input.
enum ReferenceRoadmapPlanner {
    /// The roadmap of `assessment` answered with `questionnaire`, planned the quadratic way.
    static func plan(_ assessment: Assessment, questionnaire: Questionnaire) -> Roadmap {
        let deliver = assessment.deliver
        let start = deliver.startPeriod ?? assessment.period.next
        let horizon = max(1, deliver.horizonQuarters ?? Deliver.defaultHorizonQuarters)
        let capacity = max(1, deliver.capacityPerQuarter ?? Deliver.defaultCapacityPerQuarter)
        let candidates = RoadmapPlanner.steps(of: assessment, questionnaire: questionnaire)

        var dropped: [RoadmapStep] = []
        var active: [RoadmapPlanner.Candidate] = []
        for candidate in candidates {
            if candidate.step.status == .dropped {
                dropped.append(candidate.step)
            } else {
                active.append(candidate)
            }
        }
        let activeIDs = Set(active.map(\.step.id))
        let droppedIDs = Set(dropped.map(\.id))
        var conflicts: [String] = []
        var placed: [String: Period] = [:]
        var backlogReasons: [String: String] = [:]
        var load: [Period: Int] = [:]
        var pinnedSteps: [Period: Int] = [:]
        let effort = Dictionary(active.map { ($0.step.id, $0.step.effort) }, uniquingKeysWith: { first, _ in first })
        func need(_ id: String) -> Int { min(max(effort[id] ?? 1, 1), capacity) }

        // 1. Pinned steps go where the room put them.
        for candidate in active {
            guard let pin = candidate.step.pinned else { continue }
            placed[candidate.step.id] = pin
            load[pin, default: 0] += candidate.step.effort
            pinnedSteps[pin, default: 0] += 1
            if pin < start {
                conflicts.append("\(candidate.step.id) is pinned to \(pin), before the roadmap starts in \(start)")
            }
        }
        for (period, points) in load.sorted(by: { $0.key < $1.key }) where points > capacity {
            let count = pinnedSteps[period] ?? 0
            conflicts.append(
                "\(period) has \(count == 1 ? "1 pinned step" : "\(count) pinned steps")"
                    + (points == count ? "" : " (\(points) points)")
                    + ", more than the capacity of \(capacity) a quarter")
        }

        // Deadlines: each step's own, then passed on to what it waits for until nothing changes.
        var deadline: [String: Period] = [:]
        var dueOf: [String: Period] = [:]
        for kpi in assessment.envision.outcomes.flatMap(\.kpis) {
            guard let due = kpi.due else { continue }
            dueOf[kpi.id] = min(dueOf[kpi.id] ?? due, due)
        }
        for candidate in active {
            for id in candidate.kpis {
                guard let due = dueOf[id] else { continue }
                deadline[candidate.step.id] = min(deadline[candidate.step.id] ?? due, due)
            }
        }
        // A step that waits, directly or not, on a cycle of `dependsOn` (the validator refuses
        // them) passes no deadline on: keep only the steps whose prerequisites all resolve.
        var resolved: Set<String> = []
        var grew = true
        while grew {
            grew = false
            for candidate in active where !resolved.contains(candidate.step.id) {
                if candidate.prerequisites(in: activeIDs).allSatisfy({ resolved.contains($0.id) }) {
                    resolved.insert(candidate.step.id)
                    grew = true
                }
            }
        }
        var changed = true
        while changed {
            changed = false
            for candidate in active where resolved.contains(candidate.step.id) {
                guard let due = deadline[candidate.step.id] else { continue }
                for prerequisite in candidate.prerequisites(in: activeIDs) {
                    let needed = prerequisite.sameQuestion ? (due.advanced(by: -1) ?? .earliest) : due
                    if deadline[prerequisite.id].map({ needed < $0 }) ?? true {
                        deadline[prerequisite.id] = needed
                        changed = true
                    }
                }
            }
        }
        for index in active.indices { active[index].step.deadline = deadline[active[index].step.id] }
        func key(_ candidate: RoadmapPlanner.Candidate) -> Period { deadline[candidate.step.id] ?? .latest.next }

        // 2. The rest, in priority order, each once its prerequisites are decided.
        let end = start.advanced(by: horizon - 1) ?? .latest
        var undecided = active.filter { $0.step.pinned == nil }
        var causes: [String: String] = [:]
        while !undecided.isEmpty {
            var index: Int?
            for (position, candidate) in undecided.enumerated() {
                let ready = candidate.prerequisites(in: activeIDs).allSatisfy {
                    placed[$0.id] != nil || backlogReasons[$0.id] != nil
                }
                guard ready else { continue }
                if let best = index, key(undecided[best]) <= key(candidate) { continue }
                index = position
            }
            if index == nil {
                index = undecided.indices.min { key(undecided[$0]) < key(undecided[$1]) }
            }
            let candidate = undecided.remove(at: index ?? 0)
            // A step cannot be planned while a step it needs was dropped by the room.
            if let gone = candidate.waitsFor.first(where: { droppedIDs.contains($0.id) }) {
                backlogReasons[candidate.step.id] = "waits for \(gone.id), which was dropped"
                causes[candidate.step.id] = "\(gone.id) was dropped"
                continue
            }
            var earliest = start
            var blocker: String?
            for prerequisite in candidate.prerequisites(in: activeIDs) {
                if let quarter = placed[prerequisite.id] {
                    let allowed = prerequisite.sameQuestion ? quarter.next : quarter
                    earliest = max(earliest, allowed)
                } else {
                    blocker = prerequisite.id
                }
            }
            if let blocker {
                let cause = causes[blocker]
                backlogReasons[candidate.step.id] = "waits for \(blocker)" + (cause.map { " (\($0))" } ?? "")
                causes[candidate.step.id] = cause
                continue
            }
            var quarter = earliest
            var found: Period?
            while quarter <= end {
                if capacity - load[quarter, default: 0] >= need(candidate.step.id) {
                    found = quarter
                    break
                }
                quarter = quarter.next
            }
            if let found {
                placed[candidate.step.id] = found
                load[found, default: 0] += need(candidate.step.id)
            } else {
                backlogReasons[candidate.step.id] =
                    earliest > end
                    ? "its prerequisites finish at the end of the horizon"
                    : need(candidate.step.id) > 1
                        ? "no quarter left in the horizon with \(need(candidate.step.id)) points free"
                        : "no capacity left in the horizon"
                causes[candidate.step.id] = backlogReasons[candidate.step.id]
            }
        }

        // 3. Pinned steps that break the order are reported, not moved.
        for candidate in active {
            guard let pin = candidate.step.pinned else { continue }
            for gone in candidate.waitsFor where droppedIDs.contains(gone.id) {
                conflicts.append(
                    "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(gone.id) was dropped")
            }
            for prerequisite in candidate.prerequisites(in: activeIDs) {
                if let quarter = placed[prerequisite.id] {
                    if prerequisite.sameQuestion && quarter >= pin {
                        conflicts.append(
                            "\(candidate.step.id) is pinned to \(pin), but the step before it, \(prerequisite.id), "
                                + "is planned for \(quarter); one level a quarter, in order")
                    } else if !prerequisite.sameQuestion && quarter > pin {
                        conflicts.append(
                            "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(prerequisite.id) "
                                + "is planned for \(quarter)")
                    }
                } else {
                    conflicts.append(
                        "\(candidate.step.id) is pinned to \(pin), but its prerequisite \(prerequisite.id) "
                            + "is not scheduled (backlog)")
                }
            }
        }

        // 4. Milestones with projected scores and interim KPI targets.
        var first = start
        var last = end
        for quarter in placed.values {
            first = min(first, quarter)
            last = max(last, quarter)
        }
        var milestones: [Milestone] = []
        var backlog: [RoadmapStep] = []
        var scheduled: [RoadmapStep] = []
        for candidate in active {
            var step = candidate.step
            if let quarter = placed[step.id] {
                step.quarter = quarter
                scheduled.append(step)
            } else {
                step.backlogReason = backlogReasons[step.id]
                backlog.append(step)
            }
        }
        var period = first
        while period <= last {
            let steps = scheduled.filter { $0.quarter == period }
            let projection = project(
                assessment, questionnaire: questionnaire, doneSteps: scheduled.filter { ($0.quarter ?? last) <= period }
            )
            milestones.append(
                Milestone(
                    period: period, steps: steps,
                    projected: projection.domains, projectedOverall: projection.overall,
                    kpis: RoadmapPlanner.interimTargets(assessment, at: period)))
            if period == period.next { break }
            period = period.next
        }
        return Roadmap(
            start: start, horizonQuarters: horizon, capacityPerQuarter: capacity, milestones: milestones,
            backlog: backlog, dropped: dropped, conflicts: conflicts)
    }

    /// The scores once `doneSteps` are done: each question at the highest level its done steps
    /// reach.
    static func project(
        _ assessment: Assessment, questionnaire: Questionnaire, doneSteps: [RoadmapStep]
    ) -> (domains: [String: Double?], overall: Double?) {
        var projected = assessment
        var reached: [String: Int] = [:]
        for step in doneSteps {
            reached[step.questionID] = max(reached[step.questionID] ?? step.fromLevel, step.toLevel)
        }
        for (questionID, level) in reached {
            guard questionnaire.question(id: questionID) != nil else { continue }
            var answer = projected.discover.answers[questionID] ?? Answer()
            answer.level = level
            answer.choices = nil
            projected.discover.answers[questionID] = answer
        }
        let card = ScoreCalculator.score(projected, questionnaire: questionnaire)
        var domains: [String: Double?] = [:]
        for domain in card.domains { domains[domain.id] = domain.score }
        return (domains, card.overall.score)
    }

}

extension Roadmap {
    /// The roadmap without what only the planner explains (each step's reason, the deadline
    /// checks and the plan without a horizon): what the reference planner computes too.
    var placements: Roadmap {
        var result = self
        func plain(_ step: RoadmapStep) -> RoadmapStep {
            var step = step
            step.reason = ""
            return step
        }
        result.milestones = milestones.map { milestone in
            var milestone = milestone
            milestone.steps = milestone.steps.map(plain)
            return milestone
        }
        result.backlog = backlog.map(plain)
        result.dropped = dropped.map(plain)
        result.deadlines = []
        result.targetsReachedBy = nil
        result.unreachable = []
        return result
    }
}
