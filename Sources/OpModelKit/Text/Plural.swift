/// Counted nouns in messages and reports: "1 assessment", "2 assessments".
public enum Plural {
    /// `count` and `noun`, with `plural` (default: `noun` + "s") unless `count` is 1.
    public static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// `noun` (or its `plural`) as `count` asks, without the number.
    public static func noun(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        count == 1 ? noun : plural ?? noun + "s"
    }
}
