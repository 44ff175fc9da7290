/// A GitHub-flavoured Markdown table whose cells are escaped user text unless marked raw.
struct MarkdownTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    /// Adds a row of plain text cells (escaped).
    mutating func add(_ cells: [String]) {
        rows.append(cells.map(MarkdownEscaping.inline))
    }

    /// Adds a row of cells that are already Markdown.
    mutating func addRaw(_ cells: [String]) {
        rows.append(cells)
    }

    var text: String {
        var lines = ["| " + header.map(MarkdownEscaping.inline).joined(separator: " | ") + " |"]
        lines.append("| " + header.map { _ in "---" }.joined(separator: " | ") + " |")
        for row in rows {
            let cells = row.map { $0.isEmpty ? " " : $0 }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Builds a Markdown document block by block, with one blank line between blocks.
struct MarkdownDocument {
    private var blocks: [String] = []

    mutating func heading(_ level: Int, _ text: String) {
        blocks.append(String(repeating: "#", count: level) + " " + MarkdownEscaping.inline(text))
    }

    mutating func paragraph(_ markdown: String) { blocks.append(markdown) }

    mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(items.map { "- " + $0 }.joined(separator: "\n"))
    }

    mutating func table(_ table: MarkdownTable) { blocks.append(table.text) }

    mutating func mermaid(_ source: String) { blocks.append("```mermaid\n" + source + "\n```") }

    var text: String { blocks.joined(separator: "\n\n") + "\n" }
}
