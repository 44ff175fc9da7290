import OpModelKit

/// A question's time box as people type it: `90s`, `3m`, `1m30s`, `2 min`, `1h`.
enum Timebox {
    /// The seconds `text` says, from 1 to 86400 (a day); nil when it is not a duration.
    static func parse(_ text: String) -> Double? {
        let compact = text.lowercased().filter { $0 != " " }
        var total = 0
        var number = ""
        var sawUnit = false
        var index = compact.startIndex
        while index < compact.endIndex {
            let character = compact[index]
            if character.isASCII && character.isNumber {
                number.append(character)
                index = compact.index(after: index)
                continue
            }
            var unit = ""
            while index < compact.endIndex, compact[index].isLetter {
                unit.append(compact[index])
                index = compact.index(after: index)
            }
            guard number.count <= 6, let value = Int(number), let seconds = Self.units[unit] else { return nil }
            total += value * seconds
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, (1...86_400).contains(total) else { return nil }
        return Double(total)
    }

    static let units: [String: Int] = [
        "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600, "m": 60, "min": 60, "mins": 60, "minute": 60,
        "minutes": 60, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    ]

    /// What a refused duration is told.
    static let expected = "Write a duration such as 90s, 3m or 1m30s (at most a day)."
}

extension Workshop {
    /// At the start of Discover, on a terminal: how long a question may take. The room sees the
    /// time each question and domain has had against it; `--timebox` sets it without asking.
    func askTimebox() throws -> StepResult {
        guard prompter.fitsScreens, !timeboxGiven, !respondentMode else { return .next }
        header("Time box")
        prompter.sayWrapped(
            "A time box keeps the room moving: each question then shows the time its domain has had, and the "
                + "screen says when a question runs past its box. Nothing stops when it does.")
        let outcome: PromptOutcome<Double?> = try askValue(
            "  Time box per question (90s, 3m, 1m30s; - for none)",
            current: assessment.discover.timebox.map { Formatting.duration($0) },
            help:
                "About two to three minutes a question suits a room that has read the questions before; a domain's box "
                + "is the question box times its questions. Enter keeps the box shown (none when nothing is shown).",
            parse: { text in
                if ["-", "none", "off", "no"].contains(text.lowercased()) { return .success(nil) }
                guard let seconds = Timebox.parse(text) else {
                    return .failure(PromptProblem(message: Timebox.expected))
                }
                return .success(seconds)
            })
        switch outcome {
        case .value(let seconds): assessment.discover.timebox = seconds
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        return .next
    }
}
