/// How far several respondents agree (DESIGN §3, "several respondents").
public enum Agreement {
    /// The consensus default: the median, the lower median when the count is even.
    public static func median(_ votes: [Int]) -> Int? {
        let sorted = votes.sorted()
        guard !sorted.isEmpty else { return nil }
        return sorted[(sorted.count - 1) / 2]
    }

    /// Highest minus lowest vote (0 with fewer than two votes).
    public static func spread(_ votes: [Int]) -> Int {
        (votes.max() ?? 0) - (votes.min() ?? 0)
    }

    /// A spread of this much or more flags an item for discussion.
    public static let discussionSpread = 2

    /// The within-group agreement index r_wg = 1 − s² / ((A² − 1) / 12) of one item, where s² is
    /// the sample variance of the votes (n − 1 in the denominator) and A the number of points on
    /// the scale. 1 means everyone agrees; 0 means no more agreement than random answers (values
    /// below 0 are reported as 0). Nil with fewer than two votes or a one-point scale.
    public static func rwg(_ votes: [Int], scalePoints: Int) -> Double? {
        guard votes.count >= 2, scalePoints >= 2 else { return nil }
        let count = Double(votes.count)
        let mean = Double(votes.reduce(0, +)) / count
        let variance = votes.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (count - 1)
        let expected = (Double(scalePoints * scalePoints) - 1) / 12
        return max(0, 1 - variance / expected)
    }

    /// The mean r_wg over a domain's questions that have at least two votes.
    public static func domainRwg(_ domain: Domain, answers: [String: Answer], scalePoints: Int) -> Double? {
        let values = domain.questions.compactMap { question -> Double? in
            guard let votes = answers[question.id]?.votes else { return nil }
            return rwg(Array(votes.values), scalePoints: scalePoints)
        }
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// One line on what r_wg means, for reports.
    public static let explanation =
        "r_wg is the agreement index: 1 when every vote was the same, 0 when the votes were as spread as "
        + "random answers would be; above 0.7 is usually read as agreement."
}
