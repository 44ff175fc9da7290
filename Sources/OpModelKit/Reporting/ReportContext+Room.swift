/// The report context's view of how the session went in the room: the parking lot, and the
/// time spent (for the facilitator planning the next session).
extension ReportContext {
    /// The shortest time a question must have taken to count among the slowest.
    static let slowQuestionSeconds = 60.0
    /// How many of the slowest questions the report lists.
    static let slowestQuestionCount = 5
    /// The least time recorded in all for the facilitator's section to appear (a script run in a
    /// second has nothing to say about pace).
    static let facilitationSeconds = 60.0

    /// `parkingLot`: every item, numbered as the workshop numbered it, with the open ones and
    /// the ones closed in this assessment's quarter listed apart.
    static func parkingLot(_ assessment: Assessment) -> JSONValue {
        var all: [JSONValue] = []
        var open: [JSONValue] = []
        var closed: [JSONValue] = []
        for (index, item) in assessment.parkingLot.enumerated() {
            let raisedIn = item.raisedIn ?? assessment.period
            let entry: JSONValue = [
                "number": .number(Double(index + 1)),
                "text": .string(item.text),
                "raisedBy": optional(item.raisedBy),
                "raisedByText": .string(item.raisedBy ?? "–"),
                "phase": optional(item.phase?.rawValue),
                "question": optional(item.question),
                "placeText": .string(item.placeText),
                "raisedIn": .string(raisedIn.description),
                "closedIn": optional(item.closedIn?.description),
                "resolution": optional(item.resolution),
                "resolutionText": .string(item.resolution ?? "–"),
                "isOpen": .bool(item.isOpen),
                "isCarried": .bool(raisedIn < assessment.period),
            ]
            all.append(entry)
            if item.isOpen {
                open.append(entry)
            } else if item.closedIn == assessment.period {
                closed.append(entry)
            }
        }
        return [
            "items": .array(all), "open": .array(open), "closed": .array(closed),
            "hasItems": .bool(!open.isEmpty || !closed.isEmpty), "hasOpen": .bool(!open.isEmpty),
            "hasClosed": .bool(!closed.isEmpty),
        ]
    }

    /// `facilitation`: the question time box, the time spent per phase, and the slowest
    /// questions (at least a minute each, longest first, at most five), from the timings the
    /// workshop keeps.
    static func facilitation(_ assessment: Assessment, questionnaire: Questionnaire) -> JSONValue {
        let timings = assessment.timings
        var phases: [JSONValue] = []
        var total = 0.0
        for phase in Phase.workshopPhases {
            let seconds = timings.filter { $0.key == phase.rawValue || $0.key.hasPrefix(phase.rawValue + "/") }
                .values.reduce(0, +)
            guard seconds > 0 else { continue }
            total += seconds
            phases.append([
                "phase": .string(phase.rawValue), "title": .string(phase.title),
                "seconds": Formatting.exportNumber(seconds), "timeText": .string(Formatting.duration(seconds)),
            ])
        }
        let box = assessment.discover.timebox
        var slowest: [(question: Question, domain: Domain, order: Int, seconds: Double)] = []
        var order = 0
        for domain in questionnaire.domains {
            for question in domain.questions {
                order += 1
                guard let seconds = timings["question/\(question.id)"], seconds >= slowQuestionSeconds else { continue }
                slowest.append((question, domain, order, seconds))
            }
        }
        slowest.sort { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.order < $1.order }
        let slowestEntries: [JSONValue] = slowest.prefix(slowestQuestionCount).map { entry in
            [
                "id": .string(entry.question.id), "text": .string(entry.question.text),
                "domain": .string(entry.domain.id), "domainName": .string(entry.domain.name),
                "seconds": Formatting.exportNumber(entry.seconds),
                "timeText": .string(Formatting.duration(entry.seconds)),
                "overBox": .bool(box.map { entry.seconds > $0 } ?? false),
                "overBoxText": .string(
                    box.map { entry.seconds > $0 ? "over by \(Formatting.duration(entry.seconds - $0))" : "within" }
                        ?? "–"),
            ]
        }
        return [
            "timebox": box.map { Formatting.exportNumber($0) } ?? .null,
            "timeboxText": .string(box.map { "\(Formatting.duration($0)) a question" } ?? "none"),
            "phases": .array(phases),
            "totalText": .string(Formatting.duration(total)),
            "hasTimings": .bool(total >= facilitationSeconds),
            "slowestQuestions": .array(slowestEntries),
            "hasSlowestQuestions": .bool(!slowestEntries.isEmpty),
        ]
    }
}
