import OpModelKit

/// `opmodel validate PATH...`: checks questionnaires, assessments and templates, listing every
/// problem.
struct ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check questionnaires, assessments or report templates and list every problem.",
        discussion: """
            The kind of each file is recognised by its content: JSON with "format":
            "opmodel.questionnaire" or "opmodel.assessment", or a Markdown or HTML template. Every problem is
            printed with its JSON path (or line and column for templates). Exits 65 if any file has an
            error, 66 if a file is missing; warnings alone exit 0.

            Without PATH, --store DIR (or $OPMODEL_STORE) checks a whole store as CI would: every
            assessment against its questionnaire copy, the copies, two files for one team and quarter,
            files outside the layout, stale locks and orphaned answers.
            """,
        arguments: [paths],
        options: [Options.questionnaire, Options.store])

    static let paths = ArgumentSpec(
        name: "path", help: "Files to check (none: the whole store).", isOptional: true, isRepeating: true)

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        if arguments.values(Self.paths).isEmpty { return try checkStore(arguments, context: context) }
        var errorCount = 0
        var warningCount = 0
        var missing = 0
        for path in arguments.values(Self.paths) {
            let outcome = check(path, arguments: arguments, context: context)
            switch outcome {
            case .missing(let message):
                missing += 1
                context.terminal.writeError(context.errorStyle.red("Error:") + " \(message)\n")
            case .checked(let kind, let problems):
                for problem in problems {
                    let label =
                        problem.severity == .error
                        ? context.errorStyle.red("error") : context.errorStyle.yellow("warning")
                    context.terminal.writeError("\(path): \(problem.path): \(label): \(problem.message)\n")
                }
                let errors = problems.filter { $0.severity == .error }.count
                errorCount += errors
                warningCount += problems.count - errors
                if errors == 0 {
                    let suffix = problems.isEmpty ? "" : " (\(Plural.count(problems.count, "warning")))"
                    context.print("\(context.style.green("✓")) \(path): valid \(kind)\(suffix)")
                } else {
                    context.print(
                        "\(context.style.red("✗")) \(path): \(Plural.count(errors, "error")) in \(kind)")
                }
            }
        }
        if arguments.values(Self.paths).count > 1 {
            context.print(
                "\(arguments.values(Self.paths).count) files checked: \(Plural.count(errorCount, "error")), \(Plural.count(warningCount, "warning"))"
                    + (missing > 0 ? ", \(missing) missing" : ""))
        }
        if errorCount > 0 { return .dataError }
        if missing > 0 { return .noInput }
        return .success
    }

    enum Outcome {
        case checked(kind: String, problems: [ValidationProblem])
        case missing(String)
    }

    func check(_ path: String, arguments: ParsedArguments, context: CommandContext) -> Outcome {
        let fileSystem = context.environment.fileSystem
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(at: path, limit: FileLimits.document)
        } catch let error as FileError {
            return .missing(error.errorDescription ?? path)
        } catch let error as DataError {
            return .checked(kind: "file", problems: [.error("$", error.errorDescription ?? "")])
        } catch {
            return .missing("\(path): \(error)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        let looksLikeTemplate =
            trimmed.hasPrefix("{{") || [".md", ".markdown", ".mustache", ".html"].contains { path.hasSuffix($0) }
        let looksLikeJSON = trimmed.first == "{" || trimmed.first == "[" || path.hasSuffix(".json")
        guard looksLikeJSON && !looksLikeTemplate else {
            // An HTML template is checked against the HTML report's context.
            let problems =
                path.hasSuffix(".html")
                ? ReportRenderer.htmlProblems(template: text, name: path)
                : ReportRenderer.problems(template: text, name: path)
            return .checked(kind: "template", problems: problems)
        }
        let json: JSONValue
        do {
            json = try DocumentLoader.parseJSON(bytes, file: path)
        } catch let error as DataError {
            if case .syntax(_, let line, let column, let message) = error {
                return .checked(kind: "JSON file", problems: [.error("line \(line), column \(column)", message)])
            }
            return .checked(kind: "JSON file", problems: [.error("$", error.errorDescription ?? "")])
        } catch {
            return .checked(kind: "JSON file", problems: [.error("$", "\(error)")])
        }
        switch json["format"]?.stringValue {
        case Questionnaire.format:
            do {
                let questionnaire = try DocumentLoader.questionnaire(from: bytes, file: path)
                return .checked(kind: "questionnaire", problems: QuestionnaireValidator.problems(questionnaire))
            } catch {
                return .checked(kind: "questionnaire", problems: Self.problems(from: error))
            }
        case Assessment.format:
            do {
                let assessment = try DocumentLoader.assessment(from: bytes, file: path)
                let located = try context.environment.locator.questionnaire(
                    for: assessment.questionnaire, workspace: context.workspace(containing: path, arguments),
                    override: arguments[Options.questionnaire])
                var problems = AssessmentValidator.problems(assessment, questionnaire: located.questionnaire)
                for warning in located.warnings where !warning.contains(": warning:") {
                    problems.append(.warning("questionnaire", warning))
                }
                return .checked(kind: "assessment", problems: problems)
            } catch {
                return .checked(kind: "assessment", problems: Self.problems(from: error))
            }
        default:
            let found = json["format"].map { $0.kindDescription } ?? "no \"format\" member"
            return .checked(
                kind: "JSON file",
                problems: [
                    .error(
                        "format",
                        "expected \"\(Questionnaire.format)\" or \"\(Assessment.format)\", found \(found)")
                ])
        }
    }

    static func problems(from error: any Error) -> [ValidationProblem] {
        if case .problems(_, let problems) = error as? DataError { return problems }
        return [problem(from: error)]
    }

    static func problem(from error: any Error) -> ValidationProblem {
        switch error {
        case let error as DataError:
            switch error {
            case .invalid(_, let path, let message): return .error(path, message)
            case .wrongFormat(_, let expected, let found):
                return .error("format", "expected \"\(expected)\", found \(found)")
            case .newerFormatVersion(_, let found, let supported):
                return .error("formatVersion", "version \(found) is newer than this opmodel reads (up to \(supported))")
            case .problems(_, let problems): return problems.first ?? .error("$", "invalid")
            default: return .error("$", error.errorDescription ?? "\(error)")
            }
        case let error as FileError:
            return .error("questionnaire", error.errorDescription ?? "\(error)")
        default:
            return .error("$", "\(error)")
        }
    }
}
