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
        let prerequisites = active.map { $0.prerequisites(in: activeIDs) }
        var undecided: [Int] = []
        for (index, candidate) in active.enumerated() where candidate.step.pinned == nil { undecided.append(index) }
        var order = DecisionOrder(
            prerequisites: undecided.map { prerequisites[$0].map(\.id) }, decided: Set(placed.keys))
        var free = FreeQuarters(start: start, end: end, capacity: capacity, load: load)
        while let position = order.next() {
            let index = undecided[position]
            let candidate = active[index]
            defer { order.decide(candidate.step.id) }
            // A step cannot be planned while a step it needs was dropped by the room.
            if let gone = candidate.waitsFor.first(where: { droppedIDs.contains($0.id) }) {
                backlogReasons[candidate.step.id] = "waits for \(gone.id), which was dropped"
                continue
            }
            var earliest = start
            var blocker: String?
            for prerequisite in prerequisites[index] {
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
            if let found = free.first(from: earliest) {
                placed[candidate.step.id] = found
                free.add(found)
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
        var stepsByQuarter: [Period: [RoadmapStep]] = [:]
        for candidate in active {
            var step = candidate.step
            if let quarter = placed[step.id] {
                step.quarter = quarter
                stepsByQuarter[quarter, default: []].append(step)
            } else {
                step.backlogReason = backlogReasons[step.id]
                backlog.append(step)
            }
        }
        // Quarter by quarter, the steps done so far raise the projected scores.
        var projection = ProjectedScores(assessment, questionnaire: questionnaire)
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

/// The order in which the planner decides steps (DESIGN §4.2–3): always the first undecided step,
/// in priority order, whose prerequisites are all decided; when none is ready (only with a
/// `dependsOn` cycle, which the validator rejects), the first undecided step.
///
/// A count of undecided prerequisites per step and a heap of the ready ones make each choice
/// O(log n), where a scan of the queue for the first ready step made planning quadratic.
struct DecisionOrder {
    /// Positions (in priority order) of the steps that are ready and not yet decided: a min-heap.
    private var ready: [Int] = []
    /// Per step, how many of its prerequisites are not decided yet.
    private var waiting: [Int]
    /// The steps waiting for each undecided id (a step waiting twice for one id is listed twice).
    private var waiters: [String: [Int]] = [:]
    /// The ids decided so far.
    private var decided: Set<String>
    private var taken: [Bool]
    private var firstUntaken = 0
    private var remaining: Int

    /// An order over steps whose prerequisites' ids are `prerequisites` (one list per step, in
    /// priority order); the ids in `decided` are decided from the start (pinned steps).
    init(prerequisites: [[String]], decided: Set<String>) {
        self.decided = decided
        waiting = Array(repeating: 0, count: prerequisites.count)
        taken = Array(repeating: false, count: prerequisites.count)
        remaining = prerequisites.count
        for (position, ids) in prerequisites.enumerated() {
            for id in ids where !decided.contains(id) {
                waiting[position] += 1
                waiters[id, default: []].append(position)
            }
            if waiting[position] == 0 { ready.append(position) }
        }
        // Positions were appended in increasing order: already a heap.
    }

    /// The position of the next step to decide; nil when every step is taken.
    mutating func next() -> Int? {
        guard remaining > 0 else { return nil }
        let position: Int
        if let first = popReady() {
            position = first
        } else {
            while taken[firstUntaken] { firstUntaken += 1 }
            position = firstUntaken
        }
        taken[position] = true
        remaining -= 1
        return position
    }

    /// Records that the step with `id` was decided (placed or sent to the backlog).
    mutating func decide(_ id: String) {
        guard decided.insert(id).inserted, let positions = waiters.removeValue(forKey: id) else { return }
        for position in positions {
            waiting[position] -= 1
            if waiting[position] == 0 && !taken[position] { pushReady(position) }
        }
    }

    private mutating func pushReady(_ position: Int) {
        ready.append(position)
        var child = ready.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ready[child] < ready[parent] else { break }
            ready.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popReady() -> Int? {
        guard let last = ready.popLast() else { return nil }
        guard !ready.isEmpty else { return last }
        let first = ready[0]
        ready[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < ready.count && ready[left] < ready[smallest] { smallest = left }
            if right < ready.count && ready[right] < ready[smallest] { smallest = right }
            if smallest == parent { break }
            ready.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}

/// The quarters of the horizon that still have room. A full quarter points to the next one
/// (union–find with path compression), so that finding the first quarter with room from a given
/// one is near-constant time instead of a walk along the horizon for every step.
struct FreeQuarters {
    let start: Period
    let capacity: Int
    /// Steps in each quarter of the horizon, by offset from `start`.
    private var load: [Int]
    /// For each offset, an offset at or after it with room, or `load.count` for none.
    private var next: [Int]

    /// The quarters from `start` to `end` with at most `capacity` steps each, `load` (pinned
    /// steps) already in them.
    init(start: Period, end: Period, capacity: Int, load: [Period: Int]) {
        self.start = start
        self.capacity = capacity
        let count = max(1, start.quarters(to: end) + 1)
        self.load = Array(repeating: 0, count: count)
        next = Array(0...count)
        for (quarter, steps) in load {
            let offset = start.quarters(to: quarter)
            guard offset >= 0 && offset < count else { continue }
            self.load[offset] = steps
            if steps >= capacity { next[offset] = offset + 1 }
        }
    }

    /// The first quarter at or after `earliest`, within the horizon, with room for a step.
    mutating func first(from earliest: Period) -> Period? {
        let offset = max(0, start.quarters(to: earliest))
        guard offset < load.count else { return nil }
        let found = root(of: offset)
        guard found < load.count else { return nil }
        return start.advanced(by: found)
    }

    /// Puts one step in `quarter`.
    mutating func add(_ quarter: Period) {
        let offset = start.quarters(to: quarter)
        guard offset >= 0 && offset < load.count else { return }
        load[offset] += 1
        if load[offset] >= capacity { next[offset] = offset + 1 }
    }

    private mutating func root(of offset: Int) -> Int {
        var root = offset
        while next[root] != root { root = next[root] }
        var node = offset
        while next[node] != root {
            let following = next[node]
            next[node] = root
            node = following
        }
        return root
    }
}

/// The domain and overall scores with the roadmap's steps done so far (DESIGN §4.4: the answers
/// projected forward), kept up to date as each quarter's steps are done.
///
/// A question is projected to the highest level its done steps reach (a `choices` question to
/// its target once all of its steps are done); the scores are then those ``ScoreCalculator``
/// gives for the projected answers, to the last bit. A quarter without steps costs nothing, and
/// a step only changes the sums of its own domain: when every weight of the domain is a
/// multiple of 1/1024 (1, 2, 0.5, …) and the sums stay below 2^42, every partial sum is exact
/// in a `Double`, so the sum is updated by the step's difference; otherwise (weights such as
/// 0.1) the domain is summed again in question order, as the calculator does.
struct ProjectedScores {
    private let questionnaire: Questionnaire
    private let answers: [String: Answer]
    private let index: QuestionIndex
    /// Whether a question id appears twice (the validator refuses that): then every domain is
    /// summed again on each change, exactly as the calculator would.
    private let hasDuplicateIDs: Bool
    private var weighted: [Double]
    private var weights: [Double]
    private var exact: [Bool]
    /// The highest level the done steps reach, per question.
    private var reached: [String: Int] = [:]
    /// How many steps of each question are done.
    private var doneCount: [String: Int] = [:]
    /// The projected level of each question whose answer the done steps replace.
    private var projectedLevels: [String: Int] = [:]
    /// The projected score of each domain, by id.
    private(set) var domains: [String: Double?] = [:]
    /// The projected overall score.
    private(set) var overall: Double?

    init(_ assessment: Assessment, questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        answers = assessment.discover.answers
        index = QuestionIndex(questionnaire)
        hasDuplicateIDs = index.count != questionnaire.domains.reduce(0) { $0 + $1.questions.count }
        let count = questionnaire.domains.count
        weighted = Array(repeating: 0, count: count)
        weights = Array(repeating: 0, count: count)
        exact = Array(repeating: false, count: count)
        let top = Double(max(abs(questionnaire.maximumLevel), abs(questionnaire.minimumLevel)))
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            sum(domainIndex)
            // Exact sums: weights that are multiples of 1/1024, and every partial sum (current
            // and projected levels alike) below 2^41, so that w · level and each sum need no
            // rounding.
            var bound = 0.0
            var isExact = !hasDuplicateIDs
            for question in domain.questions {
                let weight = question.effectiveWeight
                guard weight > 0 else { continue }
                let scaled = weight * 1024
                if !(scaled == scaled.rounded() && scaled < 0x1p43) { isExact = false }
                let level = AnswerState(question: question, answer: answers[question.id]).level ?? 0
                bound += weight * max(1, top, Double(abs(level)))
            }
            exact[domainIndex] = isExact && bound < 0x1p41
        }
        refresh()
    }

    /// Marks `steps` done and updates the scores.
    mutating func complete(_ steps: [RoadmapStep]) {
        guard !steps.isEmpty else { return }
        var touched: Set<String> = []
        for step in steps {
            touched.insert(step.questionID)
            reached[step.questionID] = max(reached[step.questionID] ?? step.fromLevel, step.toLevel)
            doneCount[step.questionID, default: 0] += 1
        }
        var dirty: Set<Int> = []
        var changed = false
        for questionID in touched {
            guard let (question, domainIndex) = index.question(id: questionID) else { continue }
            var level = reached[questionID]
            if question.effectiveKind == .choices {
                let selected = answers[questionID]?.choices ?? []
                let pending = (question.choices ?? []).filter {
                    !selected.contains($0.id) && $0.id != question.noneChoice
                }.count
                if doneCount[questionID] != pending { level = nil }
            }
            guard projectedLevels[questionID] != level else { continue }
            changed = true
            if hasDuplicateIDs {
                projectedLevels[questionID] = level
                dirty.formUnion(questionnaire.domains.indices)
            } else if exact[domainIndex] {
                let before = contribution(of: question)
                projectedLevels[questionID] = level
                let after = contribution(of: question)
                weighted[domainIndex] += after.weighted - before.weighted
                weights[domainIndex] += after.weight - before.weight
            } else {
                projectedLevels[questionID] = level
                dirty.insert(domainIndex)
            }
        }
        for domainIndex in dirty { sum(domainIndex) }
        if changed { refresh() }
    }

    /// The answer of `questionID` with the done steps applied.
    private func answer(_ questionID: String) -> Answer? {
        guard let level = projectedLevels[questionID] else { return answers[questionID] }
        var answer = answers[questionID] ?? Answer()
        answer.level = level
        answer.choices = nil
        return answer
    }

    /// What `question` adds to its domain's sums: w · level and w when answered with w > 0.
    private func contribution(of question: Question) -> (weighted: Double, weight: Double) {
        let weight = question.effectiveWeight
        guard weight > 0, let level = AnswerState(question: question, answer: answer(question.id)).level else {
            return (0, 0)
        }
        return (weight * Double(level), weight)
    }

    /// Sums the domain at `domainIndex` in question order, as ``ScoreCalculator`` does.
    private mutating func sum(_ domainIndex: Int) {
        var domainWeighted = 0.0
        var domainWeights = 0.0
        for question in questionnaire.domains[domainIndex].questions {
            let part = contribution(of: question)
            guard part.weight > 0 else { continue }
            domainWeighted += part.weighted
            domainWeights += part.weight
        }
        weighted[domainIndex] = domainWeighted
        weights[domainIndex] = domainWeights
    }

    /// Domain and overall scores from the sums, as ``ScoreCalculator`` computes them.
    private mutating func refresh() {
        var scores: [String: Double?] = [:]
        var overallWeighted = 0.0
        var overallWeights = 0.0
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            let score: Double? = weights[domainIndex] > 0 ? weighted[domainIndex] / weights[domainIndex] : nil
            scores[domain.id] = score
            guard let score else { continue }
            let weight = domain.effectiveWeight
            overallWeighted += weight * score
            overallWeights += weight
        }
        domains = scores
        overall = overallWeights > 0 ? overallWeighted / overallWeights : nil
    }
}
