import OpModelKit

/// `opmodel questionnaires`: the shipped and custom questionnaires and where each was found.
struct QuestionnairesCommand: Command {
    static let spec = CommandSpec(
        name: "questionnaires",
        abstract: "List the questionnaires opmodel can find, with id, version, size and location.",
        discussion: """
            Questionnaires are looked up in this order: $OPMODEL_HOME/Questionnaires, the folders beside
            the executable (and ../share/opmodel), ./Questionnaires, then the copies built into opmodel.
            The first one found for an id is the one used.
            """,
        options: [Options.json.help("Print the list as JSON.")])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let found = context.environment.locator.availableQuestionnaires()
        var usedIDs: Set<String> = []
        var rows: [[String]] = []
        var json: [JSONValue] = []
        for located in found {
            let questionnaire = located.questionnaire
            let isUsed = usedIDs.insert(questionnaire.id).inserted
            let questions = questionnaire.allQuestions.count
            rows.append([
                questionnaire.id, questionnaire.version, questionnaire.title, "\(questionnaire.domains.count)",
                "\(questions)",
                located.source + (isUsed ? "" : " (shadowed)"),
            ])
            json.append([
                "id": .string(questionnaire.id),
                "version": .string(questionnaire.version),
                "title": .string(questionnaire.title),
                "domains": .number(Double(questionnaire.domains.count)),
                "questions": .number(Double(questions)),
                "kpis": .number(Double(questionnaire.kpis.count)),
                "source": .string(located.source),
                "used": .bool(isUsed),
            ])
        }
        if arguments.isSet(Options.json) {
            context.print(JSONWriter.prettyText(.array(json)))
            return .success
        }
        if rows.isEmpty {
            context.print("No questionnaires found.")
            return .success
        }
        context.print(
            TextTable.render(
                header: ["ID", "VERSION", "TITLE", "DOMAINS", "QUESTIONS", "FOUND IN"], rows: rows,
                style: context.style))
        return .success
    }
}

/// Plain text tables for the terminal, columns padded to their widest cell.
enum TextTable {
    static func render(header: [String], rows: [[String]], style: TextStyle, rightAligned: Set<Int> = []) -> String {
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
                if index == cells.count - 1 && !rightAligned.contains(index) { return cell }
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        return ([style.bold(line(header))] + rows.map(line)).joined(separator: "\n")
    }
}
