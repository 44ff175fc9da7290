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

        var dropped: [RoadmapStep] = []
        var active: [Candidate] = []
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

        // 1. Pinned steps go where the room put them.
        for candidate in active {
            guard let pin = candidate.step.pinned else { continue }
            placed[candidate.step.id] = pin
            load[pin, default: 0] += 1
            if pin < start {
                conflicts.append("\(candidate.step.id) is pinned to \(pin), before the roadmap starts in \(start)")
            }
        }
        for (period, count) in load.sorted(by: { $0.key < $1.key }) where count > capacity {
            conflicts.append(
                "\(period) has \(count) pinned steps, more than the capacity of \(capacity) a quarter")
        }

        // 2. The rest, in priority order, each once its prerequisites are decided.
        let end = start.advanced(by: horizon - 1) ?? start
        var undecided = active.filter { $0.step.pinned == nil }
        while !undecided.isEmpty {
            let index =
                undecided.firstIndex { candidate in
                    candidate.prerequisites(in: activeIDs).allSatisfy {
                        placed[$0.id] != nil || backlogReasons[$0.id] != nil
                    }
                } ?? 0
            let candidate = undecided.remove(at: index)
            // A step cannot be planned while a step it needs was dropped by the room.
            if let gone = candidate.waitsFor.first(where: { droppedIDs.contains($0.id) }) {
                backlogReasons[candidate.step.id] = "waits for \(gone.id), which was dropped"
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
                backlogReasons[candidate.step.id] = "waits for \(blocker)"
                continue
            }
            var quarter = earliest
            var found: Period?
            while quarter <= end {
                if load[quarter, default: 0] < capacity {
                    found = quarter
                    break
                }
                if quarter == end { break }  // 9999-Q4 has no next quarter
                quarter = quarter.next
            }
            if let found {
                placed[candidate.step.id] = found
                load[found, default: 0] += 1
            } else {
                backlogReasons[candidate.step.id] =
                    earliest > end
                    ? "its prerequisites finish at the end of the horizon" : "no capacity left in the horizon"
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
                    kpis: interimTargets(assessment, at: period)))
            if period == period.next { break }
            period = period.next
        }
        return Roadmap(
            start: start, horizonQuarters: horizon, capacityPerQuarter: capacity, milestones: milestones,
            backlog: backlog, dropped: dropped, conflicts: conflicts)
    }

    /// A step with what it waits for.
    struct Candidate {
        var step: RoadmapStep
        /// Steps that must land first: the same question's previous level (a quarter earlier)
        /// and the `dependsOn` questions' steps to the same level (the same quarter or earlier).
        var waitsFor: [(id: String, sameQuestion: Bool)]

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
                        priority: priority, linksChosenKPI: links, backlogReason: nil)
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
                                    waitsFor: waits),
                                (toLevel, priority, domainIndex, questionIndex, toLevel)
                            ))
                    }
                case .choices:
                    let selected = Set(assessment.discover.answers[question.id]?.choices ?? [])
                    for (choiceIndex, choice) in (question.choices ?? []).enumerated()
                    where !selected.contains(choice.id) && choice.id != question.noneChoice {
                        let action = choice.improvement ?? "Put in place: \(choice.title)"
                        let toLevel = level + 1
                        let waits = (question.dependsOn ?? []).map { (id: "\($0)@\(toLevel)", sameQuestion: false) }
                        result.append(
                            (
                                Candidate(
                                    step: make(
                                        id: "\(question.id)@\(choice.id)", from: level, to: toLevel, action: action),
                                    waitsFor: waits),
                                (toLevel, priority, domainIndex, questionIndex, choiceIndex)
                            ))
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

    /// The scores once `doneSteps` are done: each question at the highest level its done steps
    /// reach (a `choices` question at its target once all of its steps are done).
    static func project(
        _ assessment: Assessment, questionnaire: Questionnaire, doneSteps: [RoadmapStep]
    ) -> (domains: [String: Double?], overall: Double?) {
        var projected = assessment
        var reached: [String: Int] = [:]
        for step in doneSteps {
            reached[step.questionID] = max(reached[step.questionID] ?? step.fromLevel, step.toLevel)
        }
        for (questionID, level) in reached {
            guard let (question, _) = questionnaire.question(id: questionID) else { continue }
            if question.effectiveKind == .choices {
                let all = doneSteps.filter { $0.questionID == questionID }.count
                let pending = (question.choices ?? []).filter {
                    !(assessment.discover.answers[questionID]?.choices ?? []).contains($0.id)
                        && $0.id != question.noneChoice
                }.count
                guard all == pending else { continue }
            }
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
