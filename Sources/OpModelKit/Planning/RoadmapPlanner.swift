/// Turns the gap between answers and targets into a quarter-by-quarter roadmap. Every rule of
/// DESIGN §4 lives here; the same input always gives the same roadmap.
public enum RoadmapPlanner {
    /// The roadmap of `assessment` answered with `questionnaire`.
    public static func plan(_ assessment: Assessment, questionnaire: Questionnaire) -> Roadmap {
        let deliver = assessment.deliver
        let start = deliver.startPeriod ?? assessment.period.next
        let horizon = max(1, deliver.horizon(from: start))
        let capacity = max(1, deliver.capacityPerQuarter ?? Deliver.defaultCapacityPerQuarter)
        let candidates = steps(of: assessment, questionnaire: questionnaire)

        var droppedCandidates: [Candidate] = []
        var activeCandidates: [Candidate] = []
        for candidate in candidates {
            if candidate.step.status == .dropped {
                droppedCandidates.append(candidate)
            } else {
                activeCandidates.append(candidate)
            }
        }
        let kpis = ChosenKPIs(assessment)
        let problem = PlanningProblem(
            active: activeCandidates, dropped: droppedCandidates, kpis: kpis, start: start, capacity: capacity)
        let active = problem.active

        // 1. Pinned steps go where the room put them; pins that break a rule are reported.
        var conflicts: [String] = []
        for candidate in active {
            guard let pin = candidate.step.pinned, pin < start else { continue }
            conflicts.append("\(candidate.step.id) is pinned to \(pin), before the roadmap starts in \(start)")
        }
        for (period, pinned) in problem.pinnedLoad.sorted(by: { $0.key < $1.key }) where pinned.points > capacity {
            let steps = pinned.steps == 1 ? "1 pinned step" : "\(pinned.steps) pinned steps"
            let size = pinned.points == pinned.steps ? "" : " (\(pinned.points) points)"
            conflicts.append(
                "\(period) has \(steps)\(size), more than the capacity of \(capacity) a quarter")
        }

        // 2. The rest: nearest deadline first, then in priority order, each once its
        //    prerequisites are decided, in the first quarter with room for its points.
        let end = start.advanced(by: horizon - 1) ?? Period.latest
        let schedule = problem.schedule(until: end)
        conflicts += problem.pinConflicts(schedule)

        // 3. Milestones with projected scores and interim KPI targets; every step with its reason.
        var first = start
        var last = end
        for quarter in schedule.quarter.compactMap({ $0 }) {
            first = min(first, quarter)
            last = max(last, quarter)
        }
        let highestLevel = active.map(\.step.toLevel).max() ?? 0
        var backlog: [RoadmapStep] = []
        var stepsByQuarter: [Period: [RoadmapStep]] = [:]
        for (index, candidate) in active.enumerated() {
            var step = candidate.step
            step.reason = problem.reason(for: index, in: schedule, kpis: kpis, highestLevel: highestLevel)
            if let quarter = schedule.quarter[index] {
                step.quarter = quarter
                stepsByQuarter[quarter, default: []].append(step)
            } else {
                step.backlogReason = schedule.backlogReason[index]
                backlog.append(step)
            }
        }
        var dropped = droppedCandidates.map(\.step)
        for index in dropped.indices {
            let why = assessment.deliver.decisions[dropped[index].id]?.reason
            dropped[index].reason = "dropped by the room" + (why.map { ": \($0)" } ?? "")
        }
        var projection = ProjectedScores(assessment, questionnaire: questionnaire)
        var milestones: [Milestone] = []
        var period = first
        while period <= last {
            let steps = stepsByQuarter[period] ?? []
            projection.complete(steps)
            milestones.append(
                Milestone(
                    period: period, steps: steps,
                    projected: projection.domains, projectedOverall: projection.overall,
                    kpis: interimTargets(assessment, at: period)))
            if period == period.next { break }
            period = period.next
        }

        // 4. Deadlines, and when the targets are reached without a horizon.
        var roadmap = Roadmap(
            start: start, horizonQuarters: horizon, capacityPerQuarter: capacity, milestones: milestones,
            backlog: backlog, dropped: dropped, conflicts: conflicts)
        roadmap.deadlines = problem.deadlines(schedule, kpis: kpis)
        let reach = problem.reach(bounded: schedule, end: end)
        roadmap.targetsReachedBy = reach.by
        roadmap.unreachable = reach.unreachable
        return roadmap
    }

    /// A step with what it waits for.
    struct Candidate {
        var step: RoadmapStep
        /// Steps that must land first: the same question's previous level (a quarter earlier)
        /// and the `dependsOn` questions' steps to the same level (the same quarter or earlier).
        var waitsFor: [(id: String, sameQuestion: Bool)]
        /// The KPIs its question lists.
        var kpis: [String] = []

        func prerequisites(in active: Set<String>) -> [(id: String, sameQuestion: Bool)] {
            waitsFor.filter { active.contains($0.id) }
        }
    }

    /// Every step, sorted: lower `toLevel` first, then higher priority, then domain order, then
    /// question order.
    static func steps(of assessment: Assessment, questionnaire: Questionnaire) -> [Candidate] {
        let chosenKPIs = Set(assessment.envision.outcomes.flatMap { $0.kpis.map(\.id) })
        var result: [(candidate: Candidate, key: (Int, Double, Int, Int, Int))] = []
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            for (questionIndex, question) in domain.questions.enumerated() {
                let state = AnswerState(question: question, answer: assessment.discover.answers[question.id])
                guard let level = state.level,
                    let rawTarget = question.target ?? assessment.build.targets[domain.id]
                else { continue }
                let target = min(rawTarget, questionnaire.maximumLevel)
                guard target > level else { continue }
                let links = !(question.kpis ?? []).filter(chosenKPIs.contains).isEmpty
                let priority =
                    domain.effectiveWeight * question.effectiveWeight * Double(target - level) * (links ? 1.5 : 1)
                func make(id: String, from: Int, to: Int, action: String) -> RoadmapStep {
                    let decision = assessment.deliver.decisions[id]
                    return RoadmapStep(
                        id: id, domainID: domain.id, questionID: question.id, area: question.area,
                        fromLevel: from, toLevel: to, action: action, owner: decision?.owner,
                        status: decision?.status ?? .planned, pinned: decision?.quarter, quarter: nil,
                        priority: priority, linksChosenKPI: links, backlogReason: nil,
                        effort: max(1, question.effort(from: from)))
                }
                switch question.effectiveKind {
                case .levels:
                    for toLevel in (level + 1)...target {
                        let action =
                            question.nextAction(from: toLevel - 1)
                            ?? "Raise \(question.id) from level \(toLevel - 1) to \(toLevel)."
                        var waits: [(id: String, sameQuestion: Bool)] = []
                        if toLevel > level + 1 { waits.append(("\(question.id)@\(toLevel - 1)", true)) }
                        for dependency in question.dependsOn ?? [] {
                            waits.append(("\(dependency)@\(toLevel)", false))
                        }
                        result.append(
                            (
                                Candidate(
                                    step: make(
                                        id: "\(question.id)@\(toLevel)", from: toLevel - 1, to: toLevel, action: action),
                                    waitsFor: waits, kpis: question.kpis ?? []),
                                (toLevel, priority, domainIndex, questionIndex, toLevel)
                            ))
                    }
                case .choices:
                    let selected = assessment.discover.answers[question.id]?.choices ?? []
                    var from = level
                    for (index, found) in ChoiceSteps.steps(for: question, selected: selected, target: target)
                        .enumerated()
                    {
                        let action =
                            found.choices.count == 1
                            ? (found.choices[0].improvement ?? "Put in place: \(found.choices[0].title)")
                            : "Put in place together: " + found.choices.map(\.title).joined(separator: "; ") + "."
                        var waits: [(id: String, sameQuestion: Bool)] = []
                        if index > 0 { waits.append(("\(question.id)@\(from)", true)) }
                        for dependency in question.dependsOn ?? [] {
                            waits.append(("\(dependency)@\(found.level)", false))
                        }
                        var step = make(
                            id: "\(question.id)@\(found.level)", from: from, to: found.level, action: action)
                        step.choices = found.choices.map(\.id)
                        result.append(
                            (
                                Candidate(step: step, waitsFor: waits, kpis: question.kpis ?? []),
                                (found.level, priority, domainIndex, questionIndex, found.level)
                            ))
                        from = found.level
                    }
                }
            }
        }
        result.sort { left, right in
            let a = left.key
            let b = right.key
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1 != b.1 { return a.1 > b.1 }
            if a.2 != b.2 { return a.2 < b.2 }
            if a.3 != b.3 { return a.3 < b.3 }
            return a.4 < b.4
        }
        return result.map(\.candidate)
    }

    /// The interim targets of every outcome KPI with a baseline, a target and a due quarter.
    static func interimTargets(_ assessment: Assessment, at period: Period) -> [InterimKPITarget] {
        var result: [InterimKPITarget] = []
        for outcome in assessment.envision.outcomes {
            for kpi in outcome.kpis {
                guard let baseline = kpi.baseline, let target = kpi.target else { continue }
                let due = kpi.due ?? period
                let value = interimTarget(
                    baseline: baseline, target: target, from: kpi.baselinePeriod ?? assessment.period, due: due,
                    at: period)
                result.append(
                    InterimKPITarget(
                        id: kpi.id, name: kpi.name, unit: kpi.unit, direction: kpi.direction, interimTarget: value,
                        outcomeID: outcome.id, outcomeTitle: outcome.title))
            }
        }
        return result
    }

    /// Linear interpolation from `baseline` at `from` to `target` at `due`, held at `target`
    /// after `due`.
    public static func interimTarget(
        baseline: Double, target: Double, from: Period, due: Period, at period: Period
    ) -> Double {
        let span = from.quarters(to: due)
        guard span > 0 else { return target }
        let elapsed = min(max(from.quarters(to: period), 0), span)
        return baseline + (target - baseline) * Double(elapsed) / Double(span)
    }
}
