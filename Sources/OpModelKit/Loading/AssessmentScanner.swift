/// A lean reader of assessment files for reports that need scores only (`opmodel portfolio`).
///
/// ``DocumentLoader`` parses a file into a ``JSONValue`` tree and decodes it through `Codable`;
/// on a store of thousands of assessments most of the time goes into those dictionaries and
/// generic calls. This scanner walks the bytes once, checks what the loader would check (the JSON
/// syntax, duplicate members, `format` and `formatVersion`, the type of every member the model
/// decodes) and keeps only what scores read: see ``Assessment/scoringView``.
///
/// It never reports a problem itself. Whenever it cannot vouch that the loader would accept the
/// file with the same content — a syntax or type error, but also anything merely unusual, such as
/// an escaped member name or a level written `3.0` — it returns nil, and the caller reads the
/// bytes with ``DocumentLoader``, which accepts the file or gives the usual message.
enum AssessmentScanner {
    /// The scoring view of the assessment in `bytes` (its header view unless `scores`), or nil
    /// when the full loader must decide. Answers and targets are checked either way.
    static func scoringView(of bytes: [UInt8], scores: Bool = true) -> Assessment? {
        bytes.withUnsafeBufferPointer { buffer in
            var scan = Scan(bytes: buffer, scores: scores)
            return try? scan.assessment()
        }
    }
}

extension DocumentLoader {
    /// The ``Assessment/scoringView`` of an assessment file (its ``Assessment/headerView``
    /// unless `scores`): read by the lean ``AssessmentScanner``, or by
    /// ``loadAssessment(at:fileSystem:)``'s decoding when the scanner is unsure, so that a file is
    /// accepted or refused exactly as that would, with the same message.
    static func loadScoringView(at path: String, fileSystem: any FileSystem, scores: Bool = true) throws -> Assessment {
        let bytes = try fileSystem.readFile(at: path, limit: FileLimits.document)
        if let view = AssessmentScanner.scoringView(of: bytes, scores: scores) { return view }
        let assessment = try assessment(from: bytes, file: path)
        return scores ? assessment.scoringView : assessment.headerView
    }
}

extension Assessment {
    /// Only what scores and gaps read, and what ``AssessmentValidator`` checks, so that a file
    /// read this way is accepted or refused by the same rules as every other command (DESIGN
    /// §10.3): the id, organization, team, period and questionnaire; participants' ids; outcomes' ids; each
    /// answer's level, not-applicable flag, votes and choices, and the note of a not-applicable
    /// answer (its reason; other notes are dropped); the targets; the horizon and capacity.
    var scoringView: Assessment {
        var view = Assessment(
            id: id, organization: organization, team: team, period: period,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version), createdAt: "")
        view.participants = participants.map { Participant(id: $0.id, name: "") }
        view.envision.outcomes = envision.outcomes.map { Outcome(id: $0.id, title: "") }
        view.discover.answers = discover.answers.mapValues { Self.scoringView(of: $0) }
        view.build.targets = build.targets
        view.deliver.horizonQuarters = deliver.horizonQuarters
        view.deliver.capacityPerQuarter = deliver.capacityPerQuarter
        return view
    }

    /// An answer's level, not-applicable flag and reason, votes and choices.
    static func scoringView(of answer: Answer) -> Answer {
        var view = Answer(level: answer.level, notApplicable: answer.notApplicable, choices: answer.choices)
        view.note = answer.notApplicable ? answer.note : nil
        view.votes = answer.votes
        return view
    }

    /// The scoring view without the id, answers and targets: who (organization and team), when and with which
    /// questionnaire.
    var headerView: Assessment {
        Assessment(
            id: "", organization: organization, team: team, period: period,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version), createdAt: "")
    }
}

/// The scanner's only failure: "let the full loader decide".
private struct Unsure: Error {}

/// A string in the input: the bytes between the quotes.
private struct Token {
    var start: Int
    var end: Int
    /// Whether it holds a backslash escape.
    var escaped: Bool
    /// Whether every byte is ASCII.
    var ascii: Bool
    var count: Int { end - start }
}

extension AssessmentScanner {
    /// The member names of each model, as its `CodingKeys` (a test checks that they agree: a
    /// member added to the model must be added here and checked by the scanner).
    enum Names {
        static let assessment: [StaticString] = [
            "format", "formatVersion", "id", "organization", "team", "period", "questionnaire", "facilitator",
            "participants", "createdAt", "updatedAt", "phase", "cursor", "respondent", "timings", "envision",
            "discover", "build", "deliver", "improve", "parkingLot",
        ]
        static let reference: [StaticString] = ["id", "version"]
        static let participant: [StaticString] = ["id", "name", "role"]
        static let envision: [StaticString] = ["vision", "drivers", "outcomes"]
        static let outcome: [StaticString] = ["id", "title", "kpis"]
        static let kpi: [StaticString] = [
            "id", "name", "unit", "direction", "baseline", "target", "due", "current", "baselinePeriod",
        ]
        static let discover: [StaticString] = ["answers", "constraints", "upskilling", "timebox"]
        static let answer: [StaticString] = [
            "level", "notApplicable", "note", "votes", "choices", "reason", "voteNotes",
        ]
        static let build: [StaticString] = ["targets", "topology", "endState"]
        static let deliver: [StaticString] = ["startPeriod", "horizonQuarters", "capacityPerQuarter", "decisions"]
        static let decision: [StaticString] = ["owner", "status", "quarter", "reason"]
        static let improve: [StaticString] = ["previous", "reflections", "reviewCadence", "nextAssessment"]
        static let parkingLotItem: [StaticString] = [
            "text", "raisedBy", "phase", "question", "raisedIn", "closedIn", "resolution",
        ]
    }
}

private typealias Names = AssessmentScanner.Names

private enum Byte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
}

/// The members of one object with known member names: which were seen, and where its unknown
/// ones (kept by the model whatever they hold, but never twice) start on the stack of names.
private struct Members {
    var seen: UInt32 = 0
    var base: Int
}

private struct Scan {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Whether answers and targets are kept (they are checked either way).
    let scores: Bool
    var index = 0
    var depth = 0
    /// The member names of the objects being read whose names must be told apart, innermost
    /// last (one buffer for the whole file rather than an array per object).
    var names: [Token] = []

    init(bytes: UnsafeBufferPointer<UInt8>, scores: Bool) {
        self.bytes = bytes
        self.scores = scores
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    // MARK: The assessment (DESIGN §5.2), member by member as `Assessment.init(from:)` decodes it

    mutating func assessment() throws(Unsure) -> Assessment {
        var format: String?
        var version: Int?
        var id: String?
        var organization: String?
        var team: String?
        var period: Period?
        var reference: QuestionnaireReference?
        var answers: [String: Answer] = [:]
        var targets: [String: Int] = [:]
        var participants: [Participant] = []
        var outcomes: [Outcome] = []
        var planning: (horizon: Int?, capacity: Int?) = (nil, nil)
        var members = Members(base: names.count)
        var first = true
        try open(Byte.openBrace)
        while let key = try nextMember(&first) {
            switch try known(key, Names.assessment, &members) {
            case 0: format = try requiredText()
            case 1: version = try requiredInteger()
            case 2 where !scores: try requiredString()
            case 2: id = try requiredText()
            case 4: team = try requiredText()
            case 5: period = try requiredPeriod()
            case 6: reference = try questionnaireReference()
            case 3: organization = try optionalTextValue()
            case 7, 9, 10, 12, 13: try optionalText()
            case 8:
                try optionalArray { (scan: inout Scan) throws(Unsure) in
                    let id = try scan.participant()
                    if scan.scores { participants.append(Participant(id: id, name: "")) }
                }
            case 11: try optionalEnumeration(Phase.self)
            case 14: try optionalMap { (scan: inout Scan) throws(Unsure) in try scan.requiredNumber() }
            case 15:
                try optionalObject { (scan: inout Scan) throws(Unsure) in
                    outcomes = try scan.envision().map { Outcome(id: $0, title: "") }
                }
            case 16: try optionalObject { (scan: inout Scan) throws(Unsure) in answers = try scan.discover() }
            case 17: try optionalObject { (scan: inout Scan) throws(Unsure) in targets = try scan.build() }
            case 18: try optionalObject { (scan: inout Scan) throws(Unsure) in planning = try scan.deliver() }
            case 19: try optionalObject { (scan: inout Scan) throws(Unsure) in try scan.improve() }
            case 20: try optionalArray { (scan: inout Scan) throws(Unsure) in try scan.parkingLotItem() }
            default: try skipValue()
            }
        }
        try distinct(from: members.base)
        skipWhitespace()
        guard index == bytes.count, format == Assessment.format, version == Assessment.currentFormatVersion,
            members.seen & 0b100 != 0, let team, let period, let reference
        else { throw Unsure() }
        var assessment = Assessment(
            id: id ?? "", organization: organization, team: team, period: period, questionnaire: reference,
            createdAt: "")
        assessment.discover.answers = answers
        assessment.build.targets = targets
        if scores {
            assessment.participants = participants
            assessment.envision.outcomes = outcomes
            assessment.deliver.horizonQuarters = planning.horizon
            assessment.deliver.capacityPerQuarter = planning.capacity
        }
        return assessment
    }

    mutating func questionnaireReference() throws(Unsure) -> QuestionnaireReference {
        var id: String?
        var version: String?
        try requiredObject(Names.reference) { (scan: inout Scan, member: Int) throws(Unsure) in
            if member == 0 { id = try scan.requiredText() } else { version = try scan.requiredText() }
        }
        guard let id, let version else { throw Unsure() }
        return QuestionnaireReference(id: id, version: version)
    }

    /// A participant, checked; its id (empty unless scores are kept).
    mutating func participant() throws(Unsure) -> String {
        var required = 0
        var id = ""
        try requiredObject(Names.participant) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 2: try scan.optionalText()
            case 0 where scan.scores:
                id = try scan.requiredText()
                required += 1
            default:
                try scan.requiredString()
                required += 1
            }
        }
        guard required == 2 else { throw Unsure() }
        return id
    }

    /// Envision, checked; the outcomes' ids when scores are kept.
    mutating func envision() throws(Unsure) -> [String] {
        var outcomes: [String] = []
        try knownObject(Names.envision) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0: try scan.optionalText()
            case 1: try scan.optionalArray { (scan: inout Scan) throws(Unsure) in try scan.requiredString() }
            default:
                try scan.optionalArray { (scan: inout Scan) throws(Unsure) in
                    let id = try scan.outcome()
                    if scan.scores { outcomes.append(id) }
                }
            }
        }
        return outcomes
    }

    /// An outcome, checked; its id (empty unless scores are kept).
    mutating func outcome() throws(Unsure) -> String {
        var required = 0
        var id = ""
        try requiredObject(Names.outcome) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 2: try scan.optionalArray { (scan: inout Scan) throws(Unsure) in try scan.outcomeKPI() }
            case 0 where scan.scores:
                id = try scan.requiredText()
                required += 1
            default:
                try scan.requiredString()
                required += 1
            }
        }
        guard required == 2 else { throw Unsure() }
        return id
    }

    mutating func outcomeKPI() throws(Unsure) {
        var required = 0
        try requiredObject(Names.kpi) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0, 1:
                try scan.requiredString()
                required += 1
            case 2: try scan.optionalText()
            case 3: try scan.optionalEnumeration(KPIDirection.self)
            case 6, 8: try scan.optionalPeriod()
            default: try scan.optionalNumber()
            }
        }
        guard required == 2 else { throw Unsure() }
    }

    mutating func discover() throws(Unsure) -> [String: Answer] {
        var answers: [String: Answer] = [:]
        try knownObject(Names.discover) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0: try scan.optionalObject { (scan: inout Scan) throws(Unsure) in answers = try scan.answers() }
            case 3: try scan.optionalNumber()
            default: try scan.optionalArray { (scan: inout Scan) throws(Unsure) in try scan.requiredString() }
            }
        }
        return answers
    }

    /// `discover.answers`: the keys are question ids, kept as the loader keeps them.
    mutating func answers() throws(Unsure) -> [String: Answer] {
        guard scores else {
            try optionalMap { (scan: inout Scan) throws(Unsure) in _ = try scan.answer() }
            return [:]
        }
        var answers: [String: Answer] = [:]
        var first = true
        try open(Byte.openBrace)
        while let key = try nextMember(&first) {
            let id = try text(of: key)
            // A second entry for the same id (by String equality) is the parser's duplicate-member
            // error, or two spellings the full loader refuses as one id: either way, its call.
            guard answers.updateValue(try answer(), forKey: id) == nil else { throw Unsure() }
        }
        return answers
    }

    mutating func answer() throws(Unsure) -> Answer {
        var level: Int?
        var notApplicable: Bool?
        var choices: [String]?
        var note: String?
        var votes: [String: Int]?
        try requiredObject(Names.answer) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0: level = try scan.optionalInteger()
            case 1: notApplicable = try scan.optionalBool()
            case 2 where scan.scores:
                guard !scan.null() else { return }
                note = try scan.requiredText()
            case 3 where scan.scores:
                guard !scan.null() else { return }
                var found: [String: Int] = [:]
                var first = true
                try scan.open(Byte.openBrace)
                while let key = try scan.nextMember(&first) {
                    let participant = try scan.text(of: key)
                    guard found.updateValue(try scan.requiredInteger(), forKey: participant) == nil else {
                        throw Unsure()
                    }
                }
                votes = found
            case 3: try scan.optionalMap { (scan: inout Scan) throws(Unsure) in _ = try scan.requiredInteger() }
            case 4 where !scan.scores:
                try scan.optionalArray { (scan: inout Scan) throws(Unsure) in try scan.requiredString() }
            case 4:
                guard !scan.null() else { return }
                var list: [String] = []
                try scan.array { (scan: inout Scan) throws(Unsure) in list.append(try scan.requiredText()) }
                choices = list
            case 6: try scan.optionalMap { (scan: inout Scan) throws(Unsure) in try scan.requiredString() }
            default: try scan.optionalText()
            }
        }
        var answer = Answer(level: level, notApplicable: notApplicable ?? false, choices: choices)
        answer.note = answer.notApplicable ? note : nil
        answer.votes = votes
        return answer
    }

    mutating func build() throws(Unsure) -> [String: Int] {
        var targets: [String: Int] = [:]
        try knownObject(Names.build) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0 where !scan.scores:
                try scan.optionalMap { (scan: inout Scan) throws(Unsure) in _ = try scan.requiredInteger() }
            case 0:
                guard !scan.null() else { return }
                var first = true
                try scan.open(Byte.openBrace)
                while let key = try scan.nextMember(&first) {
                    let domain = try scan.text(of: key)
                    guard targets.updateValue(try scan.requiredInteger(), forKey: domain) == nil else {
                        throw Unsure()
                    }
                }
            case 1: try scan.optionalText()
            default: try scan.optionalText()
            }
        }
        return targets
    }

    /// Deliver, checked; the horizon and capacity.
    mutating func deliver() throws(Unsure) -> (horizon: Int?, capacity: Int?) {
        var planning: (horizon: Int?, capacity: Int?) = (nil, nil)
        try knownObject(Names.deliver) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0: try scan.optionalPeriod()
            case 1: planning.horizon = try scan.optionalInteger()
            case 2: planning.capacity = try scan.optionalInteger()
            default: try scan.optionalMap { (scan: inout Scan) throws(Unsure) in try scan.decision() }
            }
        }
        return planning
    }

    mutating func decision() throws(Unsure) {
        try requiredObject(Names.decision) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0, 3: try scan.optionalText()
            case 1: try scan.optionalEnumeration(StepStatus.self)
            default: try scan.optionalPeriod()
            }
        }
    }

    mutating func improve() throws(Unsure) {
        try knownObject(Names.improve) { (scan: inout Scan, member: Int) throws(Unsure) in
            if member == 1 || member == 2 { try scan.optionalText() } else { try scan.optionalPeriod() }
        }
    }

    /// A parking-lot item, checked (scores do not read it).
    mutating func parkingLotItem() throws(Unsure) {
        var required = 0
        try requiredObject(Names.parkingLotItem) { (scan: inout Scan, member: Int) throws(Unsure) in
            switch member {
            case 0:
                try scan.requiredString()
                required += 1
            case 2: try scan.optionalEnumeration(Phase.self)
            case 4, 5: try scan.optionalPeriod()
            default: try scan.optionalText()
            }
        }
        guard required == 1 else { throw Unsure() }
    }

    // MARK: Objects and arrays

    /// The members of an object whose member names the model knows: `body` reads the value of
    /// each known one (by its index in `keys`), unknown ones are checked and skipped.
    mutating func knownObject(
        _ keys: [StaticString], _ body: (inout Scan, Int) throws(Unsure) -> Void
    ) throws(Unsure) {
        var members = Members(base: names.count)
        var first = true
        try open(Byte.openBrace)
        while let key = try nextMember(&first) {
            let member = try known(key, keys, &members)
            if member < 0 { try skipValue() } else { try body(&self, member) }
        }
        try distinct(from: members.base)
    }

    /// A non-null object with known member names.
    mutating func requiredObject(
        _ keys: [StaticString], _ body: (inout Scan, Int) throws(Unsure) -> Void
    ) throws(Unsure) {
        skipWhitespace()
        try knownObject(keys, body)
    }

    /// Null, or an object read by `body` (which opens it).
    mutating func optionalObject(_ body: (inout Scan) throws(Unsure) -> Void) throws(Unsure) {
        guard !null() else { return }
        try body(&self)
    }

    /// Null, or an object of any member names whose values `value` checks (none may be null).
    mutating func optionalMap(_ value: (inout Scan) throws(Unsure) -> Void) throws(Unsure) {
        guard !null() else { return }
        let base = names.count
        var first = true
        try open(Byte.openBrace)
        while let key = try nextMember(&first) {
            names.append(key)
            try value(&self)
        }
        try distinct(from: base)
    }

    /// Null, or an array whose elements `element` checks (none may be null).
    mutating func optionalArray(_ element: (inout Scan) throws(Unsure) -> Void) throws(Unsure) {
        guard !null() else { return }
        try array(element)
    }

    mutating func array(_ element: (inout Scan) throws(Unsure) -> Void) throws(Unsure) {
        var first = true
        try open(Byte.openBracket)
        while try nextElement(&first) {
            try element(&self)
        }
    }

    /// The index in `known` of a member name, or -1 for a name the model does not know (pushed on
    /// `names`). Names with escapes or non-ASCII letters are left to the loader; a known name seen
    /// twice is an error.
    mutating func known(_ key: Token, _ known: [StaticString], _ members: inout Members) throws(Unsure) -> Int {
        guard key.ascii, !key.escaped else { throw Unsure() }
        for (position, name) in known.enumerated() where matches(key, name) {
            let bit: UInt32 = 1 << UInt32(position)
            guard members.seen & bit == 0 else { throw Unsure() }
            members.seen |= bit
            return position
        }
        names.append(key)
        return -1
    }

    func matches(_ key: Token, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let characters = name.utf8Start
        for offset in 0..<key.count where bytes[key.start + offset] != characters[offset] {
            return false
        }
        return true
    }

    /// Throws when two member names of one object (`names` from `base` on, which are then
    /// removed) are equal as Strings: the parser's duplicates, and spellings that differ only in
    /// Unicode normalisation, which the full loader judges.
    mutating func distinct(from base: Int) throws(Unsure) {
        defer { names.removeSubrange(base...) }
        try distinct(names[base...])
    }

    func distinct(_ keys: ArraySlice<Token>) throws(Unsure) {
        guard keys.count > 1 else { return }
        if keys.count > 64 || keys.contains(where: { $0.escaped || !$0.ascii }) {
            // As Strings: escapes decoded, and canonically equivalent spellings equal (stricter than
            // the parser, which compares scalars; the full loader then decides).
            var names: Set<String> = []
            for key in keys {
                guard names.insert(try text(of: key)).inserted else { throw Unsure() }
            }
            return
        }
        // Plain ASCII names are equal exactly when their bytes are.
        for position in keys.indices {
            let key = keys[position]
            for other in keys[(position + 1)...] where other.count == key.count {
                var same = true
                for offset in 0..<key.count where bytes[key.start + offset] != bytes[other.start + offset] {
                    same = false
                    break
                }
                if same { throw Unsure() }
            }
        }
    }

    /// `{` or `[`, one level deeper (the parser refuses more than 256 levels).
    mutating func open(_ byte: UInt8) throws(Unsure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Unsure() }
        index += 1
        depth += 1
        guard depth <= JSONParser.maximumDepth else { throw Unsure() }
    }

    /// The next member name and its colon, or nil after the closing brace.
    mutating func nextMember(_ first: inout Bool) throws(Unsure) -> Token? {
        skipWhitespace()
        guard index < bytes.count else { throw Unsure() }
        if bytes[index] == Byte.closeBrace {
            index += 1
            depth -= 1
            return nil
        }
        if first {
            first = false
        } else {
            guard bytes[index] == Byte.comma else { throw Unsure() }
            index += 1
            skipWhitespace()
        }
        let key = try string()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.colon else { throw Unsure() }
        index += 1
        skipWhitespace()
        return key
    }

    /// Whether another element follows (after its comma), false after the closing bracket.
    mutating func nextElement(_ first: inout Bool) throws(Unsure) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Unsure() }
        if bytes[index] == Byte.closeBracket {
            index += 1
            depth -= 1
            return false
        }
        if first {
            first = false
        } else {
            guard bytes[index] == Byte.comma else { throw Unsure() }
            index += 1
        }
        skipWhitespace()
        return true
    }

    /// Checks and skips any value (an unknown member's, kept by the model whatever it holds).
    mutating func skipValue() throws(Unsure) {
        skipWhitespace()
        guard index < bytes.count else { throw Unsure() }
        switch bytes[index] {
        case Byte.openBrace:
            let base = names.count
            var first = true
            try open(Byte.openBrace)
            while let key = try nextMember(&first) {
                names.append(key)
                try skipValue()
            }
            try distinct(from: base)
        case Byte.openBracket:
            try array { (scan: inout Scan) throws(Unsure) in try scan.skipValue() }
        case Byte.quote: _ = try string()
        case Byte.minus, Byte.zero...Byte.nine: _ = try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw Unsure()
        }
    }

    // MARK: Scalars

    /// Consumes `null` if it comes next.
    mutating func null() -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    mutating func literal(_ word: StaticString) throws(Unsure) {
        let characters = word.utf8Start
        guard index + word.utf8CodeUnitCount <= bytes.count else { throw Unsure() }
        for offset in 0..<word.utf8CodeUnitCount where bytes[index + offset] != characters[offset] {
            throw Unsure()
        }
        index += word.utf8CodeUnitCount
    }

    /// A string that must be there (not null).
    mutating func requiredString() throws(Unsure) {
        skipWhitespace()
        _ = try string()
    }

    mutating func requiredText() throws(Unsure) -> String {
        skipWhitespace()
        return try text(of: try string())
    }

    mutating func optionalText() throws(Unsure) {
        guard !null() else { return }
        _ = try string()
    }

    mutating func optionalTextValue() throws(Unsure) -> String? {
        guard !null() else { return nil }
        return try text(of: try string())
    }

    mutating func requiredPeriod() throws(Unsure) -> Period {
        skipWhitespace()
        let token = try string()
        // `YYYY-Qn` exactly, the way every file is written: read directly, as `Period(_:)` would.
        if token.count == 7, !token.escaped, bytes[token.start + 4] == Byte.minus,
            bytes[token.start + 5] == UInt8(ascii: "Q") || bytes[token.start + 5] == UInt8(ascii: "q")
        {
            var year = 0
            var digits = true
            for offset in 0..<4 {
                let byte = bytes[token.start + offset]
                digits = digits && isDigit(byte)
                year = year * 10 + Int(byte &- Byte.zero)
            }
            let quarter = bytes[token.start + 6]
            if digits, isDigit(quarter), let period = Period(year: year, quarter: Int(quarter - Byte.zero)) {
                return period
            }
        }
        guard let period = Period(try text(of: token)) else { throw Unsure() }
        return period
    }

    mutating func optionalPeriod() throws(Unsure) {
        guard !null() else { return }
        _ = try requiredPeriod()
    }

    /// A member decoded as a `JSONEnumeration`: one of its spellings, compared as the model does.
    mutating func optionalEnumeration<Value: RawRepresentable>(_ type: Value.Type) throws(Unsure)
    where Value.RawValue == String {
        guard !null() else { return }
        guard Value(rawValue: try requiredText()) != nil else { throw Unsure() }
    }

    mutating func optionalBool() throws(Unsure) -> Bool? {
        guard !null() else { return nil }
        guard index < bytes.count else { throw Unsure() }
        if bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    mutating func requiredNumber() throws(Unsure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.minus || (Byte.zero...Byte.nine).contains(bytes[index]) else {
            throw Unsure()
        }
        _ = try number()
    }

    mutating func optionalNumber() throws(Unsure) {
        guard !null() else { return }
        try requiredNumber()
    }

    /// A whole number written plainly (no fraction or exponent, at most 15 characters, which
    /// the loader reads exactly); other spellings are left to the loader.
    mutating func requiredInteger() throws(Unsure) -> Int {
        try requiredNumber()
        guard let value = lastInteger else { throw Unsure() }
        return value
    }

    mutating func optionalInteger() throws(Unsure) -> Int? {
        guard !null() else { return nil }
        return try requiredInteger()
    }

    /// The value of the last number read when it was a plain whole number.
    var lastInteger: Int?

    /// A number, checked as the parser checks it (grammar, and a finite value).
    mutating func number() throws(Unsure) {
        let start = index
        var plain = true
        if bytes[index] == Byte.minus { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw Unsure() }
        if bytes[index] == Byte.zero {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw Unsure() }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            plain = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw Unsure() }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            plain = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == Byte.minus { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw Unsure() }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if plain, index - start <= 15 {
            var value = 0
            var position = start
            let negative = bytes[position] == Byte.minus
            if negative { position += 1 }
            while position < index {
                value = value * 10 + Int(bytes[position] - Byte.zero)
                position += 1
            }
            lastInteger = negative ? -value : value
            return
        }
        lastInteger = nil
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Unsure() }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= Byte.zero && byte <= Byte.nine }

    /// A string starting at the current byte, checked as the parser checks it: no raw control
    /// characters, valid escapes and surrogate pairs, well-formed UTF-8.
    mutating func string() throws(Unsure) -> Token {
        guard index < bytes.count, bytes[index] == Byte.quote else { throw Unsure() }
        index += 1
        var token = Token(start: index, end: index, escaped: false, ascii: true)
        while index < bytes.count {
            skipPlainWords()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == Byte.quote {
                token.end = index
                index += 1
                return token
            }
            if byte == Byte.backslash {
                token.escaped = true
                try escape()
            } else if byte >= 0x80 {
                token.ascii = false
                try scalar()
            } else if byte < 0x20 {
                throw Unsure()
            } else {
                index += 1
            }
        }
        throw Unsure()
    }

    /// Skips eight bytes at a time while none is a quote, a backslash, a control character or
    /// non-ASCII (the bytes `string()` must look at one by one).
    mutating func skipPlainWords() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(Byte.quote))
            let backslashes = word ^ (ones &* UInt64(Byte.backslash))
            // A byte is zero in `x` when (x - 1) sets its high bit and x's own high bit is clear;
            // a byte below 0x20 likewise in `word - 0x20…`.
            let special =
                ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                | ((word &- ones &* 0x20) & ~word) | word
            if special & highs != 0 { return }
            index += 8
        }
    }

    mutating func escape() throws(Unsure) {
        guard index + 1 < bytes.count else { throw Unsure() }
        switch bytes[index + 1] {
        case Byte.quote, Byte.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            index += 2
            let code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == Byte.backslash, bytes[index + 1] == UInt8(ascii: "u")
                else { throw Unsure() }
                index += 2
                guard (0xDC00...0xDFFF).contains(try hex4()) else { throw Unsure() }
            } else if (0xDC00...0xDFFF).contains(code) {
                throw Unsure()
            }
        default:
            throw Unsure()
        }
    }

    mutating func hex4() throws(Unsure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Unsure() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case Byte.zero...Byte.nine: digit = UInt32(byte - Byte.zero)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Unsure()
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// One well-formed UTF-8 sequence of two to four bytes (Unicode table 3-7).
    mutating func scalar() throws(Unsure) {
        let lead = bytes[index]
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let continuations: Int
        switch lead {
        case 0xC2...0xDF: continuations = 1
        case 0xE0:
            continuations = 2
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuations = 2
        case 0xED:
            continuations = 2
            high = 0x9F
        case 0xF0:
            continuations = 3
            low = 0x90
        case 0xF1...0xF3: continuations = 3
        case 0xF4:
            continuations = 3
            high = 0x8F
        default: throw Unsure()
        }
        guard index + continuations < bytes.count else { throw Unsure() }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw Unsure() }
        for offset in stride(from: 2, through: continuations, by: 1) where bytes[index + offset] & 0xC0 != 0x80 {
            throw Unsure()
        }
        index += continuations + 1
    }

    /// The text of a string token, decoded as the parser decodes it.
    func text(of token: Token) throws(Unsure) -> String {
        if !token.escaped {
            // Already checked to be well-formed UTF-8.
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        }
        let quoted = Array(UnsafeBufferPointer(rebasing: bytes[(token.start - 1)...token.end]))
        guard case .string(let text)? = try? JSONParser.parse(quoted) else { throw Unsure() }
        return text
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
