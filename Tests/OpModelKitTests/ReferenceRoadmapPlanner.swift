@testable import OpModelKit

/// The roadmap planner as it was before it was made O(n log n): it rescans the queue for the
/// first ready step, filters the steps of each quarter and scores every quarter from scratch. It
/// is kept as an oracle: the planner must give exactly its roadmap on every input.
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
                    kpis: RoadmapPlanner.interimTargets(assessment, at: period)))
            if period == period.next { break }
            period = period.next
        }
        return Roadmap(
            start: start, horizonQuarters: horizon, capacityPerQuarter: capacity, milestones: milestones,
            backlog: backlog, dropped: dropped, conflicts: conflicts)
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

}
