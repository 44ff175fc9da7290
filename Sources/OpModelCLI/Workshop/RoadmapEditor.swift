import OpModelKit

/// The part of the roadmap Deliver shows.
enum RoadmapPage: Equatable {
    /// Each quarter in one line: its steps, its load against capacity, deadline warnings.
    case overview
    /// One quarter's steps.
    case quarter(Period)
    /// The steps that did not fit in the horizon.
    case later
    /// The steps the room dropped.
    case dropped
}

/// One edit of the roadmap, kept for `undo`.
struct RoadmapEdit {
    /// The planning settings and decisions before the edit.
    var before: Deliver
    /// What the edit did, as confirmed.
    var summary: String
    /// The step edited; nil for the horizon and the capacity.
    var stepID: String?
}

/// What an edit of the roadmap did: the line that confirms it, and the step it edited (nil for
/// the horizon and the capacity).
struct RoadmapChange {
    var summary: String
    var stepID: String?
}

/// Where a step is in a plan.
enum StepPlace: Equatable {
    case quarter(Period)
    case later
    case dropped

    var text: String {
        switch self {
        case .quarter(let period): return period.description
        case .later: return "Later"
        case .dropped: return "Dropped"
        }
    }

    var page: RoadmapPage {
        switch self {
        case .quarter(let period): return .quarter(period)
        case .later: return .later
        case .dropped: return .dropped
        }
    }
}

/// Deliver's roadmap, redesigned for a room watching one screen: a compact overview, then one
/// quarter at a time (`n`/`p`, or a quarter's name), `all` for everything. Steps keep the
/// number they were given when the roadmap was first shown in the session, whatever is dropped,
/// pinned or restored, and a step's id (`OL-01@3`) works wherever its number does. Each edit is
/// confirmed in one line, and only the quarter it affects is shown again; `undo` reverts the
/// last edit.
extension Workshop {
    func editRoadmap() throws -> StepResult {
        // `undo` reverts the edits of this visit: the settings may have changed since the last.
        roadmapEdits.removeAll()
        header("Roadmap")
        var roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        numberSteps(roadmap)
        guard !roadmap.allSteps.isEmpty else {
            prompter.sayWrapped(
                "No steps: every answered question is at or above its target. Raise targets in Build to plan improvements."
            )
            return try finishEmptyRoadmap()
        }
        showOverview(roadmap)
        roadmapPage = roadmap.milestones.first { !$0.steps.isEmpty }.map { .quarter($0.period) } ?? .later
        prompter.say("")
        showPage(roadmapPage, of: roadmap)
        while true {
            let reply = prompter.ask("  Roadmap: o d u p N · n p · all · undo · ? help · Enter done")
            switch reply {
            case .empty:
                return .next
            case .help:
                showRoadmapHelp(roadmap)
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(var text):
                let word = text.trimmingSpaces.lowercased()
                if word != roadmapPager?.command { roadmapPager = nil }
                if let page = page(named: text, in: roadmap) {
                    switch page {
                    case .success(let page):
                        roadmapPage = page
                        showPage(page, of: roadmap)
                    case .failure(let problem):
                        prompter.complain(problem.message)
                    }
                    continue
                }
                let words = Self.words(text)
                if words.count == 1, let command = words.first?.lowercased() {
                    if command == "all" {
                        showAllSteps(roadmap)
                        continue
                    }
                    if command == "undo" || command == "z" {
                        try undoRoadmapEdit()
                        roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
                        continue
                    }
                    // A number or an id alone shows the step in full.
                    if command.first?.isNumber == true || command.hasPrefix("#") || command.contains("@") {
                        switch resolveStep(words[0], in: roadmap) {
                        case .success(let step): showStepInFull(step, of: roadmap)
                        case .failure(let problem): prompter.complain(problem.message)
                        }
                        continue
                    }
                }
                // Dropping a step needs a reason: asked when `d N` comes without one.
                if let missing = droppedWithoutReason(text, in: roadmap) {
                    switch prompter.ask("  Why is \(missing) dropped? (a reason is required; Enter cancels)") {
                    case .text(let reason): text += " " + reason
                    case .stop(let reason): return .stop(reason)
                    default:
                        prompter.say(style.dim("  Nothing dropped."))
                        continue
                    }
                }
                let before = assessment.deliver
                switch applyRoadmapCommand(text, in: roadmap) {
                case .success(let edit):
                    try session.save()
                    roadmapEdits.append(RoadmapEdit(before: before, summary: edit.summary, stepID: edit.stepID))
                    let updated = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
                    numberSteps(updated)
                    confirmEdit(edit.summary, stepID: edit.stepID, before: roadmap, after: updated)
                    roadmap = updated
                case .failure(let problem):
                    prompter.complain(problem.message)
                }
            }
        }
    }

    /// With nothing to plan, Enter goes on and `b` goes back.
    func finishEmptyRoadmap() throws -> StepResult {
        while true {
            switch prompter.ask("  Enter goes on") {
            case .empty: return .next
            case .back: return .back
            case .stop(let reason): return .stop(reason)
            case .help, .text:
                prompter.sayWrapped(
                    "The roadmap plans one step per level between each answer and its target.", indent: 2)
            }
        }
    }

    static func words(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    // MARK: - Stable numbers

    /// Gives every step of `roadmap` that has none the next number, in the plan's order.
    func numberSteps(_ roadmap: Roadmap) {
        var next = (stepNumbers.values.max() ?? 0) + 1
        for step in roadmap.allSteps where stepNumbers[step.id] == nil {
            stepNumbers[step.id] = next
            next += 1
        }
    }

    /// `#3 OP-02@3`.
    func label(_ step: RoadmapStep) -> String {
        "#\(stepNumbers[step.id] ?? 0) \(step.id)"
    }

    /// The step `word` names: its number (`3` or `#3`) or its id (`OL-01@3`, any case).
    func resolveStep(_ word: String, in roadmap: Roadmap) -> Result<RoadmapStep, PromptProblem> {
        let key = word.hasPrefix("#") ? String(word.dropFirst()) : word
        if let number = Int(key) {
            guard let id = stepNumbers.first(where: { $0.value == number })?.key, let step = roadmap.step(id: id) else {
                let highest = stepNumbers.values.max() ?? 0
                return .failure(
                    PromptProblem(message: "There is no step #\(number); the steps are numbered 1 to \(highest)."))
            }
            return .success(step)
        }
        if key.contains("@") {
            guard let step = roadmap.allSteps.first(where: { $0.id.lowercased() == key.lowercased() }) else {
                return .failure(PromptProblem(message: "There is no step \(key) in the roadmap."))
            }
            return .success(step)
        }
        return .failure(
            PromptProblem(
                message: "Give the step's number or id, as shown: 3, #3 or \(roadmap.allSteps.first?.id ?? "OL-01@3").")
        )
    }

    /// Where `id` is in `roadmap`.
    func place(of id: String, in roadmap: Roadmap) -> StepPlace? {
        if let milestone = roadmap.milestones.first(where: { $0.steps.contains { $0.id == id } }) {
            return .quarter(milestone.period)
        }
        if roadmap.backlog.contains(where: { $0.id == id }) { return .later }
        if roadmap.dropped.contains(where: { $0.id == id }) { return .dropped }
        return nil
    }

    // MARK: - Pages

    /// The page `text` names: `n`, `p`, a quarter such as `2027-Q1`, `later`, `dropped` or
    /// `overview`; nil when `text` is not a page.
    func page(named text: String, in roadmap: Roadmap) -> Result<RoadmapPage, PromptProblem>? {
        let word = text.trimmingSpaces.lowercased()
        let pages = roadmapPages(roadmap)
        switch word {
        case "n", "next":
            let index = pages.firstIndex(of: roadmapPage) ?? 0
            return .success(pages[(index + 1) % pages.count])
        case "p", "prev", "previous":
            let index = pages.firstIndex(of: roadmapPage) ?? 0
            return .success(pages[(index + pages.count - 1) % pages.count])
        case "overview", "ov": return .success(.overview)
        case "later", "backlog": return .success(.later)
        case "dropped": return .success(.dropped)
        default:
            guard let period = Period(word) else { return nil }
            guard roadmap.milestones.contains(where: { $0.period == period }) else {
                let last = roadmap.milestones.last?.period ?? roadmap.start
                return .failure(
                    PromptProblem(
                        message: "The roadmap runs from \(roadmap.start) to \(last); h N plans more quarters."))
            }
            return .success(.quarter(period))
        }
    }

    /// The pages `n` and `p` go through: the overview, each quarter, Later and Dropped when they
    /// hold steps.
    func roadmapPages(_ roadmap: Roadmap) -> [RoadmapPage] {
        var pages: [RoadmapPage] = [.overview] + roadmap.milestones.map { .quarter($0.period) }
        if !roadmap.backlog.isEmpty { pages.append(.later) }
        if !roadmap.dropped.isEmpty { pages.append(.dropped) }
        return pages
    }

    func showPage(_ page: RoadmapPage, of roadmap: Roadmap) {
        switch page {
        case .overview:
            showOverview(roadmap)
        case .quarter(let period):
            guard let index = roadmap.milestones.firstIndex(where: { $0.period == period }) else {
                showOverview(roadmap)
                return
            }
            let milestone = roadmap.milestones[index]
            let load = RoadmapLoad.size(of: milestone.steps)
            let capacity = RoadmapLoad.capacity(of: roadmap)
            let projected = milestone.projectedOverall.map { " · projected overall \(Formatting.score($0))" } ?? ""
            let title =
                "\(milestone.period) · quarter \(index + 1) of \(roadmap.milestones.count) · "
                + "\(Plural.count(milestone.steps.count, "step")) · \(RoadmapLoad.loadText(load, capacity: capacity))"
            showSteps(
                milestone.steps, title: style.cyan("  " + title) + style.dim(projected),
                warnings: RoadmapLoad.deadlineWarnings(in: milestone.period, of: roadmap))
        case .later:
            let title =
                style.cyan("  Later (backlog)") + style.dim(" · \(Plural.count(roadmap.backlog.count, "step"))")
            let warnings = RoadmapLoad.deadlineWarnings(in: nil, of: roadmap)
            // A long backlog: one row a step, a screen at a time (`later` again shows the rest).
            if prompter.fitsScreens, roadmap.backlog.count + warnings.count + 1 > prompter.rowsLeft {
                let pager =
                    roadmapPager?.command == "later"
                    ? roadmapPager?.pager
                    : Pager(
                        lines: [title]
                            + warnings.map { prompter.ellipsized(style.yellow("  ⚠ ") + $0) }
                            + roadmap.backlog.map {
                                prompter.clipped(prompter.hanging(heading($0), hangingIndent: 6), to: 1).joined()
                            },
                        more: "later again shows the rest")
                roadmapPager = pager.map { ("later", $0) }
                pager?.showNext(on: prompter)
                return
            }
            showSteps(roadmap.backlog, title: title, warnings: warnings)
        case .dropped:
            showSteps(
                roadmap.dropped,
                title: style.cyan("  Dropped")
                    + style.dim(" · \(Plural.count(roadmap.dropped.count, "step")) (u N restores)"),
                warnings: [])
        }
    }

    /// The overview: one line per quarter with its steps, its load against capacity and its
    /// deadline warnings; then Later, Dropped and the conflicts.
    func showOverview(_ roadmap: Roadmap) {
        let capacity = RoadmapLoad.capacity(of: roadmap)
        prompter.say(
            style.bold(
                "Roadmap from \(roadmap.start), \(Plural.count(roadmap.horizonQuarters, "quarter")), "
                    + "up to \(Plural.count(capacity, RoadmapLoad.unit)) a quarter"))
        let countWidth = max(
            (roadmap.milestones.map(\.steps.count) + [roadmap.backlog.count, roadmap.dropped.count]).map {
                String($0).count
            }.max() ?? 1, 1)
        func count(_ number: Int) -> String {
            String(number).leftPadded(to: countWidth) + " " + Plural.noun(number, "step").padded(to: 5)
        }
        for milestone in roadmap.milestones {
            let load = RoadmapLoad.size(of: milestone.steps)
            let fraction = capacity > 0 ? Double(load) / Double(capacity) : 0
            var line =
                "  \(milestone.period)  \(count(milestone.steps.count))  " + Formatting.progressBar(fraction, width: 8)
                + " " + RoadmapLoad.loadText(load, capacity: capacity)
            if load > capacity { line += style.yellow(" over") }
            let warnings = RoadmapLoad.deadlineWarnings(in: milestone.period, of: roadmap)
            if let first = warnings.first {
                line += style.yellow("  ⚠ " + first + (warnings.count > 1 ? " (+\(warnings.count - 1) more)" : ""))
            }
            prompter.say(prompter.clipped(prompter.hanging(line, hangingIndent: 4), to: 1).joined(separator: "\n"))
        }
        if !roadmap.backlog.isEmpty {
            var line = "  Later    \(count(roadmap.backlog.count))  " + style.dim("did not fit in the horizon")
            let warnings = RoadmapLoad.deadlineWarnings(in: nil, of: roadmap)
            if let first = warnings.first {
                line += style.yellow("  ⚠ " + first + (warnings.count > 1 ? " (+\(warnings.count - 1) more)" : ""))
            }
            prompter.say(prompter.clipped(prompter.hanging(line, hangingIndent: 4), to: 1).joined(separator: "\n"))
        }
        if !roadmap.dropped.isEmpty {
            prompter.say("  Dropped  \(count(roadmap.dropped.count))".trimmingTrailingSpaces)
        }
        if let first = roadmap.conflicts.first {
            let more = roadmap.conflicts.count > 1 ? " (+\(roadmap.conflicts.count - 1) more: all lists them)" : ""
            prompter.say(
                prompter.clipped(
                    prompter.hanging(style.yellow("  ! Conflict: ") + first + more, hangingIndent: 4), to: 2
                ).joined(separator: "\n"))
        }
    }

    /// `#3 OP-02@3 2→3 · 2 pts · owner Ben Okafor · pinned · Operations · Resiliency`.
    func heading(_ step: RoadmapStep) -> String {
        var details = [
            "\(step.fromLevel)→\(step.toLevel)", Plural.count(RoadmapLoad.size(of: step), "pt"),
            step.owner.map { "owner \($0)" } ?? "no owner",
        ]
        if let pin = step.pinned { details.append("pinned \(pin)") }
        if step.status != .planned && step.status != .dropped { details.append(step.status.rawValue) }
        if step.status == .dropped {
            details.append("dropped" + (assessment.deliver.decisions[step.id]?.reason.map { ": \($0)" } ?? ""))
        }
        if let reason = step.backlogReason { details.append(reason) }
        let domain = questionnaire.domains.first { $0.id == step.domainID }?.name ?? step.domainID
        details.append(domain + (step.area.map { $0 == domain ? "" : " · \($0)" } ?? ""))
        return "  " + style.bold(label(step)) + " " + details.joined(separator: " · ")
    }

    /// A list of steps under `title`: each step's heading, then as much of its action as the
    /// screen holds (on a terminal); every line for piped input.
    func showSteps(_ steps: [RoadmapStep], title: String, warnings: [String]) {
        prompter.say(title)
        for warning in warnings {
            prompter.say(
                prompter.clipped(prompter.wrapped(style.yellow("  ⚠ ") + warning, indent: 4), to: 2).joined(
                    separator: "\n"))
        }
        guard !steps.isEmpty else {
            prompter.say(style.dim("  No steps."))
            return
        }
        let headings = steps.map { prompter.hanging(heading($0), hangingIndent: 6) }
        let actions = steps.map { prompter.wrapped(style.dim($0.action), indent: 6) }
        guard prompter.fitsScreens else {
            for (heading, action) in zip(headings, actions) { prompter.say(lines: heading + action) }
            return
        }
        let budget = prompter.rowsLeft
        guard steps.count <= budget else {
            let shown = max(budget - 1, 1)
            for heading in headings.prefix(shown) { prompter.say(lines: prompter.clipped(heading, to: 1)) }
            prompter.say(style.dim("  … \(steps.count - shown) more: all lists every step"))
            return
        }
        // Every heading gets a row; the rows left go to the actions, the same number each.
        var headingRows = headings.map { min($0.count, 1) }
        var spare = budget - steps.count
        for index in headings.indices where headings[index].count > 1 && spare > 0 {
            let extra = min(headings[index].count - 1, spare)
            headingRows[index] += extra
            spare -= extra
        }
        var each = 0
        while actions.reduce(0, { $0 + min($1.count, each + 1) }) <= spare && each < (actions.map(\.count).max() ?? 0) {
            each += 1
        }
        for index in steps.indices {
            prompter.say(lines: prompter.clipped(headings[index], to: headingRows[index]))
            if each > 0 { prompter.say(lines: prompter.clipped(actions[index], to: each)) }
        }
    }

    /// Every step, quarter by quarter, with the conflicts (`all`); on a terminal a screen at a
    /// time, `all` again showing the rest.
    func showAllSteps(_ roadmap: Roadmap) {
        var lines: [String] = []
        func add(_ steps: [RoadmapStep], title: String) {
            lines.append(title)
            for step in steps {
                lines += prompter.hanging(heading(step), hangingIndent: 6)
                lines += prompter.wrapped(style.dim(step.action), indent: 6)
            }
        }
        for milestone in roadmap.milestones {
            let load = RoadmapLoad.size(of: milestone.steps)
            add(
                milestone.steps,
                title: style.cyan("  \(milestone.period)")
                    + style.dim(
                        " · \(Plural.count(milestone.steps.count, "step")) · "
                            + RoadmapLoad.loadText(load, capacity: RoadmapLoad.capacity(of: roadmap))))
            for warning in RoadmapLoad.deadlineWarnings(in: milestone.period, of: roadmap) {
                lines += prompter.wrapped(style.yellow("  ⚠ ") + warning, indent: 4)
            }
        }
        if !roadmap.backlog.isEmpty { add(roadmap.backlog, title: style.cyan("  Later (backlog)")) }
        if !roadmap.dropped.isEmpty { add(roadmap.dropped, title: style.cyan("  Dropped")) }
        for conflict in roadmap.conflicts {
            lines += prompter.wrapped(style.yellow("  ! Conflict: ") + conflict, indent: 4)
        }
        let pager = roadmapPager?.pager ?? Pager(lines: lines, more: "all shows the rest")
        roadmapPager = ("all", pager)
        pager.showNext(on: prompter)
    }

    /// One step in full (a number or an id typed alone).
    func showStepInFull(_ step: RoadmapStep, of roadmap: Roadmap) {
        let domain = questionnaire.domains.first { $0.id == step.domainID }?.name ?? step.domainID
        let question = questionnaire.question(id: step.questionID)?.question
        prompter.say(style.bold("  \(label(step))") + " · " + (place(of: step.id, in: roadmap)?.text ?? "–"))
        prompter.sayWrapped(
            "\(domain)" + (step.area.map { " · \($0)" } ?? "") + " · \(step.questionID) from level \(step.fromLevel) "
                + "to \(step.toLevel)" + (question.map { ": \($0.text)" } ?? ""), indent: 4)
        prompter.sayWrapped("Action: " + step.action, indent: 4)
        var details = [step.owner.map { "owner \($0)" } ?? "no owner", "status \(step.status.rawValue)"]
        if let pin = step.pinned { details.append("pinned to \(pin)") }
        if let reason = assessment.deliver.decisions[step.id]?.reason, step.status == .dropped {
            details.append("dropped: \(reason)")
        }
        if let reason = step.backlogReason { details.append(reason) }
        prompter.sayWrapped(details.joined(separator: " · "), indent: 4)
        // Why it sits where it is, with its size and deadline: what a leader will ask.
        var why = ["size \(Plural.count(RoadmapLoad.size(of: step), "point"))"]
        if let deadline = step.deadline { why.append("deadline \(deadline)") }
        if step.backlogReason == nil && !step.reason.isEmpty { why.append("why here: \(step.reason)") }
        prompter.sayWrapped(why.joined(separator: " · "), indent: 4)
    }

    func showRoadmapHelp(_ roadmap: Roadmap) {
        // Examples from this roadmap: a real step number and id, a real quarter.
        let first = roadmap.allSteps.first
        let number = first.flatMap { stepNumbers[$0.id] } ?? 1
        let id = first?.id ?? "OL-01@3"
        let quarter =
            (roadmap.milestones.dropFirst().first ?? roadmap.milestones.first)?.period.description ?? "2027-Q3"
        let owner = assessment.participants.first?.name ?? "Ana Silva"
        let capacity = RoadmapLoad.capacity(of: roadmap)
        let horizon = roadmap.horizonQuarters
        let commands: [(String, String)] = [
            ("o \(number) \(owner)", "\(owner) owns step \(number) (o \(number) - clears the owner)"),
            ("d \(number) reason", "drops step \(number) and says why (asked when left out)"),
            ("u \(number)", "restores a dropped step"),
            ("p \(number) \(quarter)", "pins step \(number) to a quarter of the roadmap (p \(number) - unpins)"),
            ("\(number)", "shows step \(number) in full"),
            ("n · p · \(quarter)", "the next or previous page, or that quarter (also later, dropped, overview)"),
            ("all", "every step, a screen at a time"),
            ("undo", "reverts the last edit, then the one before"),
            ("h \(horizon) · c \(capacity)", "the quarters planned · the \(RoadmapLoad.unit)s a quarter"),
            ("Enter", "the roadmap is agreed"),
        ]
        let width = (commands.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2
        var lines = commands.flatMap { command, meaning in
            prompter.hanging("  " + style.bold(command.padded(to: width)) + meaning, hangingIndent: width + 2)
        }
        lines += prompter.wrapped(
            "Steps keep their numbers all session; an id such as \(id) works wherever a number does. Steps are "
                + "ordered foundations first (lower target level), then by priority: domain weight × question "
                + "weight × gap, × 1.5 when the question moves a KPI chosen in Envision.", indent: 2)
        Pager(lines: lines, more: "? shows the rest").showNext(on: prompter)
    }

    // MARK: - Edits

    /// After an edit: one line saying what changed, one more when the plan moved other steps,
    /// then the page the edit affects (the step's quarter, or the overview for the horizon and
    /// the capacity).
    func confirmEdit(_ summary: String, stepID: String?, before: Roadmap, after: Roadmap) {
        prompter.say(prompter.clipped(prompter.wrapped(style.green("  ✓ ") + summary, indent: 4), to: 1).joined())
        var moved: [String] = []
        for step in after.allSteps where step.id != stepID {
            guard let old = place(of: step.id, in: before), let new = place(of: step.id, in: after), old != new else {
                continue
            }
            moved.append("\(label(step)) \(old.text) → \(new.text)")
        }
        if !moved.isEmpty {
            prompter.say(
                prompter.clipped(
                    prompter.wrapped(style.dim("  Also moved: " + moved.joined(separator: ", ")), indent: 4), to: 1
                )
                .joined())
        }
        if let stepID, let was = place(of: stepID, in: before) ?? place(of: stepID, in: after) {
            // A drop redraws the quarter the step left; any other edit the quarter it is in now.
            let now = place(of: stepID, in: after)
            roadmapPage = now == .dropped ? was.page : (now ?? was).page
        } else {
            roadmapPage = .overview
        }
        showPage(roadmapPage, of: after)
    }

    /// Reverts the last edit of this session.
    func undoRoadmapEdit() throws {
        guard let edit = roadmapEdits.popLast() else {
            prompter.complain("Nothing to undo: no edit of the roadmap in this session.")
            return
        }
        let before = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        assessment.deliver = edit.before
        try session.save()
        let after = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        numberSteps(after)
        confirmEdit("Undid “\(edit.summary)”", stepID: edit.stepID, before: before, after: after)
    }

    /// The id of the step `d N` names when the reply gives no reason; nil otherwise.
    func droppedWithoutReason(_ text: String, in roadmap: Roadmap) -> String? {
        let words = Self.words(text)
        guard words.count == 2, ["d", "drop"].contains(words[0].lowercased()) else { return nil }
        return try? resolveStep(words[1], in: roadmap).get().id
    }

    /// Applies one edit; its confirmation and the step it edited, or why it was refused.
    func applyRoadmapCommand(_ text: String, in roadmap: Roadmap) -> Result<RoadmapChange, PromptProblem> {
        let words = Self.words(text)
        guard let command = words.first?.lowercased() else {
            return .failure(PromptProblem(message: "Type a command."))
        }
        func step() -> Result<RoadmapStep, PromptProblem> {
            guard words.count > 1 else {
                return .failure(
                    PromptProblem(message: "Give the step's number or id after \(command), as shown: \(command) 3."))
            }
            return resolveStep(words[1], in: roadmap)
        }
        func update(_ id: String, _ change: (inout StepDecision) -> Void) {
            var decision = assessment.deliver.decisions[id] ?? StepDecision()
            change(&decision)
            assessment.deliver.decisions[id] = decision.isEmpty ? nil : decision
        }
        func placeNow(_ id: String) -> String {
            place(of: id, in: RoadmapPlanner.plan(assessment, questionnaire: questionnaire))?.text ?? "–"
        }
        switch command {
        case "o", "owner":
            return step().flatMap { target in
                let owner = words.dropFirst(2).joined(separator: " ")
                guard !owner.isEmpty else {
                    return .failure(PromptProblem(message: "Type the owner after the number: o 3 Ana Silva."))
                }
                update(target.id) { $0.owner = owner == "-" ? nil : owner }
                return .success(
                    RoadmapChange(
                        summary: owner == "-"
                            ? "\(label(target)) has no owner" : "\(label(target)) is owned by \(owner)",
                        stepID: target.id))
            }
        case "d", "drop":
            return step().flatMap { target in
                let reason = words.dropFirst(2).joined(separator: " ")
                guard !reason.isEmpty else {
                    return .failure(PromptProblem(message: "Say why after the number: d 3 covered by the data team."))
                }
                let from = place(of: target.id, in: roadmap)?.text ?? "–"
                update(target.id) {
                    $0.status = .dropped
                    $0.reason = reason
                }
                return .success(
                    RoadmapChange(summary: "\(label(target)) dropped from \(from): \(reason)", stepID: target.id))
            }
        case "u", "restore":
            return step().flatMap { target in
                guard target.status == .dropped else {
                    return .failure(PromptProblem(message: "\(label(target)) is not dropped."))
                }
                update(target.id) {
                    $0.status = nil
                    $0.reason = nil
                }
                return .success(
                    RoadmapChange(
                        summary: "\(label(target)) restored, now in \(placeNow(target.id))", stepID: target.id))
            }
        case "p", "pin":
            return step().flatMap { target in
                guard words.count >= 3 else {
                    return .failure(
                        PromptProblem(message: "Type the quarter after the number: p 3 2027-Q2 (p 3 - unpins)."))
                }
                let from = place(of: target.id, in: roadmap)?.text ?? "–"
                if words[2] == "-" {
                    update(target.id) { $0.quarter = nil }
                    return .success(
                        RoadmapChange(
                            summary: "\(label(target)) unpinned, now in \(placeNow(target.id))", stepID: target.id))
                }
                guard let period = Period(words[2]) else {
                    return .failure(PromptProblem(message: "Type the quarter as YYYY-Qn."))
                }
                // A pin lands inside the roadmap: never before it starts (nor before the assessment).
                let horizon = assessment.deliver.horizon(from: planningStart)
                let last = planningStart.advanced(by: horizon - 1) ?? Period.latest
                guard period >= planningStart, period <= last else {
                    return .failure(
                        PromptProblem(
                            message:
                                "The roadmap runs from \(planningStart) to \(last); pin to a quarter in it"
                                + (period > last ? " (h N plans more quarters)." : ".")))
                }
                update(target.id) { $0.quarter = period }
                let now = placeNow(target.id)
                return .success(
                    RoadmapChange(
                        summary: "\(label(target)) pinned to \(period)" + (from == now ? "" : " (was in \(from))")
                            + (now == period.description ? "" : "; it lands in \(now)"), stepID: target.id))
            }
        case "h", "horizon":
            guard words.count == 2, let value = Int(words[1]), (1...12).contains(value) else {
                return .failure(PromptProblem(message: "Type h and a number of quarters from 1 to 12."))
            }
            if case .failure(let problem) = checkedHorizon(String(value)) { return .failure(problem) }
            assessment.deliver.horizonQuarters = value
            return .success(
                RoadmapChange(summary: "Horizon: the roadmap covers \(Plural.count(value, "quarter"))", stepID: nil))
        case "c", "capacity":
            guard words.count == 2, let value = Int(words[1]), (1...20).contains(value) else {
                return .failure(PromptProblem(message: "Type c and a number of \(RoadmapLoad.unit)s from 1 to 20."))
            }
            assessment.deliver.capacityPerQuarter = value
            return .success(
                RoadmapChange(
                    summary: "Capacity: up to \(Plural.count(value, RoadmapLoad.unit)) a quarter", stepID: nil))
        default:
            return .failure(
                PromptProblem(
                    message:
                        "Unknown command '\(command)'. Type ? for the commands, or Enter when the roadmap is agreed."))
        }
    }
}

extension String {
    /// The text without spaces at its end.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// The text padded with spaces on the right to `width` columns.
    func padded(to width: Int) -> String {
        let shown = DisplayWidth.of(self)
        return shown >= width ? self : self + String(repeating: " ", count: width - shown)
    }
}
