/// The questions of a questionnaire by id, built once so that code that looks up many ids (every
/// answer, every roadmap step) costs O(1) a lookup instead of a scan of the questionnaire.
///
/// It answers exactly as ``Questionnaire/question(id:)``: the first question with the id, in
/// domain order, and the index of its domain.
public struct QuestionIndex: Sendable {
    private let entries: [String: (question: Question, domainIndex: Int)]

    /// The index of `questionnaire`'s questions.
    public init(_ questionnaire: Questionnaire) {
        var entries: [String: (question: Question, domainIndex: Int)] = [:]
        entries.reserveCapacity(questionnaire.domains.reduce(0) { $0 + $1.questions.count })
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            for question in domain.questions where entries[question.id] == nil {
                entries[question.id] = (question, domainIndex)
            }
        }
        self.entries = entries
    }

    /// The first question with `id`, and the index of its domain.
    public func question(id: String) -> (question: Question, domainIndex: Int)? { entries[id] }

    /// Whether a question has `id`.
    public func contains(_ id: String) -> Bool { entries[id] != nil }

    /// The number of distinct question ids.
    public var count: Int { entries.count }
}
