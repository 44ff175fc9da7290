import OpModelKit

/// The parking lot: `! text` at any prompt records an item the room wants to come back to, with
/// who raised it (`! Raj: text`, when Raj is a participant) and where (the phase, and the
/// question on screen in Discover). The open items are listed at the end of Discover and in
/// Improve, where `c N` closes one; the open ones are carried into next quarter's assessment.
extension Workshop {
    /// Records `typed` (the text after `!`) and returns the line that confirms it.
    func park(_ typed: String) -> String {
        guard !typed.isEmpty else {
            return style.yellow("  ! ")
                + "Type the item after the !, such as \"! who pays for on-call?\" (\"! Ana: …\" says who raised it)."
        }
        var text = typed
        var raisedBy: String?
        if let colon = typed.firstIndex(of: ":") {
            let name = String(typed[..<colon]).trimmingSpaces
            let rest = String(typed[typed.index(after: colon)...]).trimmingSpaces
            if !rest.isEmpty, let person = participant(named: name) {
                raisedBy = person.name
                text = rest
            }
        }
        assessment.parkingLot.append(
            ParkingLotItem(
                text: text, raisedBy: raisedBy, phase: currentPhase, question: currentQuestionID,
                raisedIn: assessment.period))
        var saved = true
        do { try session.save() } catch { saved = false }
        let line =
            style.green("  ✓ ") + "Parked #\(assessment.parkingLot.count)" + (raisedBy.map { " (\($0))" } ?? "")
            + ": " + text
        guard saved else { return line + style.yellow(" (not saved yet: it is saved with the next answer)") }
        return prompter.clipped(prompter.wrapped(line, indent: 4), to: 1).joined()
    }

    /// The participant `name` names: by full name or id, or by a first name only one has.
    func participant(named name: String) -> Participant? {
        let key = name.lowercased()
        guard !key.isEmpty else { return nil }
        if let exact = assessment.participants.first(where: { $0.name.lowercased() == key || $0.id == key }) {
            return exact
        }
        let byFirstName = assessment.participants.filter {
            $0.name.split(separator: " ").first.map { $0.lowercased() == key } ?? false
        }
        return byFirstName.count == 1 ? byFirstName.first : nil
    }

    /// The numbers (from 1, in the order raised) of the open items.
    var openParkingLotNumbers: [Int] {
        assessment.parkingLot.indices.filter { assessment.parkingLot[$0].isOpen }.map { $0 + 1 }
    }

    /// `#3 Who pays for on-call? — Ana Silva · Discover · OL-03 · since 2026-Q3`.
    func parkingLotLine(_ number: Int) -> String {
        let item = assessment.parkingLot[number - 1]
        var details: [String] = []
        if let who = item.raisedBy { details.append(who) }
        details.append(item.placeText)
        if let raised = item.raisedIn, raised != assessment.period { details.append("since \(raised)") }
        if let closed = item.closedIn {
            details.append("closed \(closed)" + (item.resolution.map { ": \($0)" } ?? ""))
        }
        return "  " + style.bold("#\(number)") + " \(item.text) " + style.dim("— " + details.joined(separator: " · "))
    }

    /// The open items, each wrapped; on a terminal shortened to fit above `reserve` rows, with a
    /// line saying how many more `?` lists.
    func showOpenParkingLot(reserve: Int) {
        let items = openParkingLotNumbers.map { prompter.wrapped(parkingLotLine($0), indent: 6) }
        let budget = prompter.rowsLeft - reserve
        if items.joined().count <= budget {
            items.forEach { prompter.say(lines: $0) }
            return
        }
        let oneRowEach = items.map { prompter.clipped($0, to: 1) }
        if oneRowEach.count <= budget {
            oneRowEach.forEach { prompter.say(lines: $0) }
            return
        }
        let shown = max(budget - 1, 1)
        oneRowEach.prefix(shown).forEach { prompter.say(lines: $0) }
        prompter.say(style.dim("  … \(oneRowEach.count - shown) more: ? lists them all"))
    }

    /// The parking lot's open items, at the end of Discover (`review` false) and in Improve's
    /// review; skipped when none is open. `c N [how it was settled]` closes item N, `u N` opens
    /// it again, `! text` adds one, Enter goes on.
    func reviewParkingLot(review: Bool) throws -> StepResult {
        guard !openParkingLotNumbers.isEmpty else { return .next }
        header("Parking lot")
        prompter.say(
            style.bold(
                review
                    ? "Which parked items are settled? Open items come back next quarter until closed."
                    : "Parked during Discover, to come back to:"))
        showOpenParkingLot(reserve: 1)
        while true {
            switch prompter.ask("  c N [how it was settled] closes item N · u N reopens · Enter goes on") {
            case .empty:
                return .next
            case .help:
                let pager = Pager(
                    lines: prompter.wrapped(
                        "Items are numbered in the order raised, carried ones first. c 2 closes item 2; c 2 finance pays "
                            + "from Q1 closes it and says how it was settled (the report lists it); u 2 opens it again; "
                            + "! text parks a new one. Open items come back in next quarter's Improve review.",
                        indent: 2) + assessment.parkingLot.indices.map { parkingLotLine($0 + 1) },
                    more: "? shows the rest")
                pager.showNext(on: prompter)
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(let text):
                let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                let command = words.first?.lowercased() ?? ""
                guard ["c", "close", "u", "reopen"].contains(command), words.count >= 2,
                    let number = Int(words[1].hasPrefix("#") ? String(words[1].dropFirst()) : words[1])
                else {
                    prompter.complain("Type c N to close item N, u N to reopen it, or Enter to go on.")
                    continue
                }
                guard number >= 1, number <= assessment.parkingLot.count else {
                    prompter.complain(
                        "There is no item #\(number); the items are numbered 1 to \(assessment.parkingLot.count).")
                    continue
                }
                let note = words.dropFirst(2).joined(separator: " ")
                if command.hasPrefix("c") {
                    guard assessment.parkingLot[number - 1].isOpen else {
                        prompter.complain("Item #\(number) is already closed.")
                        continue
                    }
                    assessment.parkingLot[number - 1].closedIn = assessment.period
                    assessment.parkingLot[number - 1].resolution = note.isEmpty ? nil : note
                    try session.save()
                    prompter.say(
                        style.green("  ✓ ") + "Closed #\(number): "
                            + Prompter.shorten(assessment.parkingLot[number - 1].text, to: 50)
                            + (note.isEmpty ? "" : style.dim(" — \(note)")))
                } else {
                    guard !assessment.parkingLot[number - 1].isOpen else {
                        prompter.complain("Item #\(number) is open.")
                        continue
                    }
                    assessment.parkingLot[number - 1].closedIn = nil
                    assessment.parkingLot[number - 1].resolution = nil
                    try session.save()
                    prompter.say(style.green("  ✓ ") + "Reopened #\(number)")
                }
                if openParkingLotNumbers.isEmpty {
                    prompter.say(style.dim("  Every item is closed."))
                } else {
                    showOpenParkingLot(reserve: 1)
                }
            }
        }
    }
}
