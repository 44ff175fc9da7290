/// A mistake on the command line; the program prints it with the command's usage and exits 64.
struct CommandLineError: Error, Equatable {
    /// What is wrong, as a sentence.
    var message: String
    /// The command whose usage is printed.
    var commandPath: [String]

    static func unknownOption(_ option: String, suggestion: String?, command: [String]) -> Self {
        var message = "Unknown option '\(option)'."
        if let suggestion { message += " Did you mean '\(suggestion)'?" }
        return Self(message: message, commandPath: command)
    }

    static func unknownCommand(_ name: String, suggestion: String?, command: [String]) -> Self {
        var message = "Unknown command '\(name)'."
        if let suggestion { message += " Did you mean '\(suggestion)'?" }
        return Self(message: message, commandPath: command)
    }
}

/// Finds the known word closest to a mistyped one.
enum Suggestions {
    /// The candidate within a small edit distance of `word`, if any.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let stripped = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(stripped, candidate.lowercased())
            let limit = max(1, min(3, candidate.count / 3))
            let isPrefix = candidate.count > 2 && candidate.lowercased().hasPrefix(stripped) && stripped.count >= 2
            guard distance <= limit || isPrefix else { continue }
            let score = isPrefix ? 0 : distance
            if let current = best, current.1 <= score { continue }
            best = (candidate, score)
        }
        return best?.0
    }

    /// The Levenshtein distance between two strings, in characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a)
        let right = Array(b)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
