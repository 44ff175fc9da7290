public import OpModelKit

/// Looking for words in report contexts and rendered text, for tests of anonymisation.
public enum TextSearch {
    /// Every string of `value`, object keys included.
    public static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let elements): return elements.flatMap(strings)
        case .object(let members): return members.flatMap { [$0.key] + strings(in: $0.value) }
        default: return []
        }
    }

    /// Whether `name` occurs in `text` with no letter or digit right before or after it.
    public static func containsWord(_ name: String, in text: String) -> Bool {
        let characters = Array(text)
        let target = Array(name)
        guard !target.isEmpty, target.count <= characters.count else { return false }
        for start in 0...(characters.count - target.count)
        where Array(characters[start..<start + target.count]) == target {
            let before = start > 0 ? characters[start - 1] : " "
            let end = start + target.count
            let after = end < characters.count ? characters[end] : " "
            if !(before.isLetter || before.isNumber || after.isLetter || after.isNumber) { return true }
        }
        return false
    }
}
