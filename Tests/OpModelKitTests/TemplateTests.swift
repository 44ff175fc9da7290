import Testing

@testable import OpModelKit

/// Renders `source` with `context` through the default (Markdown) escaping.
private func render(_ source: String, _ context: JSONValue = [:]) throws -> String {
    try Template(source: source, name: "test.md").render(context)
}

/// The syntax errors `source` has; empty when it parses.
private func syntaxErrors(_ source: String, name: String = "test.md") -> [TemplateError] {
    do {
        _ = try Template(source: source, name: name)
        return []
    } catch {
        return error.errors
    }
}

/// The error rendering `source` with `context` throws, recording an issue when there is none.
private func renderError(
    _ source: String, _ context: JSONValue, name: String = "test.md", sourceLocation: SourceLocation = #_sourceLocation
) -> TemplateError? {
    let template: Template
    do {
        template = try Template(source: source, name: name)
    } catch {
        Issue.record("unexpected syntax errors: \(error.errors)", sourceLocation: sourceLocation)
        return nil
    }
    do {
        let output = try template.render(context)
        Issue.record("expected a render error, got \(output.debugDescription)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The names `source` uses that `shape` lacks.
private func unknownNames(_ source: String, _ shape: JSONValue) throws -> [TemplateError] {
    try Template(source: source, name: "shape.md").unknownNames(against: shape)
}

/// A template, a context and the text it must render to.
struct RenderCase: Sendable, CustomTestStringConvertible {
    var source: String
    var context: JSONValue
    var expected: String
    var testDescription: String { source.debugDescription }
}

/// A template or a rendering that must fail at `line`:`column` with a message containing `fragment`.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var source: String
    var context: JSONValue = [:]
    var line: Int
    var column: Int
    var fragment: String
    var testDescription: String { "\(source.debugDescription) → \(fragment)" }
}

// MARK: - Variables, sections and comments

@Suite("Template rendering")
struct TemplateRenderingTests {
    @Test(
        arguments: [
            RenderCase(source: "", context: [:], expected: ""),
            RenderCase(source: "no tags at all\n", context: [:], expected: "no tags at all\n"),
            RenderCase(source: "{ {a} } a}} b}", context: [:], expected: "{ {a} } a}} b}"),
            RenderCase(source: "Hello, {{name}}!", context: ["name": "World"], expected: "Hello, World!"),
            RenderCase(source: "{{ name }}|{{name}}|{{\tname\t}}", context: ["name": "W"], expected: "W|W|W"),
            RenderCase(
                source: "{{first-name}} {{last_name}} {{line2}}",
                context: ["first-name": "A", "last_name": "B", "line2": "C"], expected: "A B C"),
            RenderCase(
                source: "{{team.lead.name}} leads {{team.name}}",
                context: ["team": ["name": "Core", "lead": ["name": "Ada"]]], expected: "Ada leads Core"),
            RenderCase(source: "({{team.lead.name}})", context: ["team": ["lead": nil]], expected: "()"),
            RenderCase(source: "({{nothing}})", context: ["nothing": nil], expected: "()"),
            RenderCase(source: "{{yes}}/{{no}}", context: ["yes": true, "no": false], expected: "true/false"),
            RenderCase(source: "{{n}} items", context: ["n": 3], expected: "3 items"),
            RenderCase(source: "{{.}}", context: "top", expected: "top"),
        ])
    func rendersVariables(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }

    @Test(
        arguments: [
            (3.0, "3"), (42.0, "42"), (0.0, "0"), (-2.0, "-2"), (1_000_000.0, "1000000"), (2.5, "2.5"),
            (-0.25, "-0.25"), (0.1, "0.1"), (1e-3, "0.001"),
        ] as [(Double, String)])
    func rendersNumbersWithoutFractionWhenWhole(_ number: Double, _ expected: String) throws {
        #expect(try render("{{{n}}}", ["n": .number(number)]) == expected)
        #expect(try render("{{#list}}{{{.}}}{{/list}}", ["list": [.number(number)]]) == expected)
    }

    @Test func escapesVariablesButNotRawOnes() throws {
        let context: JSONValue = ["v": "*a* <b> [c]"]
        let source = "{{v}}\n{{{v}}}\n{{&v}}\n{{& v }}\n{{{ v }}}"
        let escaped = #"\*a\* \<b\> \[c\]"#
        let raw = "*a* <b> [c]"
        #expect(try render(source, context) == [escaped, raw, raw, raw, raw].joined(separator: "\n"))
        #expect(try render("{{#v}}{{.}}|{{{.}}}|{{&.}}{{/v}}", context) == "\(escaped)|\(raw)|\(raw)")
    }

    @Test func appliesTheGivenEscapingToEveryEscapedValueOnly() throws {
        let template = try Template(
            source: "{{v}} {{{v}}} {{&v}} {{n}} {{b}} ({{z}}) {{#l}}{{.}}{{/l}}", name: "t.md",
            escaping: { "<" + $0 + ">" })
        let context: JSONValue = ["v": "x", "n": 1.5, "b": true, "z": nil, "l": ["p", "q"]]
        #expect(try template.render(context) == "<x> x x <1.5> <true> () <p><q>")
    }

    @Test func neverInterpretsValuesAsTemplateSyntax() throws {
        let context: JSONValue = ["v": "{{other}} {{#x}} {{/x}}"]
        #expect(try render("{{v}}", context) == "{{other}} {{#x}} {{/x}}")
        #expect(try render("{{{v}}}", context) == "{{other}} {{#x}} {{/x}}")
    }

    @Test(
        arguments: [
            RenderCase(source: "{{#tags}}[{{.}}]{{/tags}}", context: ["tags": ["a", "b"]], expected: "[a][b]"),
            RenderCase(source: "{{#n}}{{.}};{{/n}}", context: ["n": [1, 2.5, true]], expected: "1;2.5;true;"),
            RenderCase(source: "{{#title}}<{{.}}>{{/title}}", context: ["title": "x"], expected: "<x>"),
            RenderCase(source: "{{#t}}{{.}}{{/t}}", context: ["t": ["a_b"]], expected: #"a\_b"#),
        ])
    func rendersTheCurrentValue(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }

    @Test func repeatsListSections() throws {
        let context: JSONValue = ["items": [["name": "a"], ["name": "b"]]]
        #expect(try render("{{#items}}- {{name}}\n{{/items}}", context) == "- a\n- b\n")
        #expect(try render("{{#items}}x{{/items}}", ["items": []]) == "")
        #expect(try render("{{#items}}x{{/items}}", ["items": [nil, nil, nil]]) == "xxx")
    }

    @Test func looksUpNamesFromTheInnermostSectionOutwards() throws {
        let context: JSONValue = [
            "team": "T", "meta": ["version": 2],
            "items": [["name": "a"], ["name": "b", "team": "X"]],
        ]
        #expect(try render("{{#items}}{{name}} of {{team}}; {{/items}}", context) == "a of T; b of X; ")
        #expect(try render("{{#items}}{{name}} v{{meta.version}} {{/items}}", context) == "a v2 b v2 ")
        #expect(try render("{{#items}}{{name}}{{/items}} {{team}}", context) == "ab T")
    }

    @Test func nestsSectionsWithEachLevelInScope() throws {
        let context: JSONValue = [
            "groups": [
                ["title": "G1", "members": [["name": "a"], ["name": "b", "title": "boss"]]],
                ["title": "G2", "members": []],
            ]
        ]
        let source = "{{#groups}}{{title}}:{{#members}} {{name}}@{{title}}{{/members}};{{/groups}}"
        #expect(try render(source, context) == "G1: a@G1 b@boss;G2:;")
        let rows: JSONValue = ["rows": [["cells": [1, 2]], ["cells": []]]]
        #expect(try render("{{#rows}}{{#cells}}{{.}},{{/cells}};{{/rows}}", rows) == "1,2,;;")
    }

    @Test func usesAnObjectAsASectionOnce() throws {
        let context: JSONValue = ["team": "T", "lead": ["name": "Ada", "role": "CTO"]]
        #expect(try render("{{#lead}}{{name}} ({{role}}) of {{team}}{{/lead}}", context) == "Ada (CTO) of T")
        #expect(try render("{{#lead}}x{{/lead}}", ["lead": [:]]) == "x")
        #expect(try render("{{#a.list}}{{.}}{{/a.list}}", ["a": ["list": ["x", "y"]]]) == "xy")
        #expect(try render("{{# on }}x{{/ on }}", ["on": true]) == "x")
    }

    @Test func rendersBooleanSectionsInTheSurroundingScope() throws {
        let source = "{{#on}}yes {{name}}{{/on}}{{^on}}no {{name}}{{/on}}"
        #expect(try render(source, ["on": true, "name": "N"]) == "yes N")
        #expect(try render(source, ["on": false, "name": "N"]) == "no N")
    }

    @Test(
        arguments: [
            (nil, "F"), (false, "F"), ("", "F"), ([], "F"),
            (true, "T"), ("x", "T"), (" ", "T"), (0, "T"), (1, "T"), ([:], "T"), (["k": nil], "T"), ([nil], "T"),
            ([1, 2], "TT"),
        ] as [(JSONValue, String)])
    func treatsNullFalseEmptyStringAndEmptyListAsFalsy(_ value: JSONValue, _ expected: String) throws {
        #expect(try render("{{#v}}T{{/v}}{{^v}}F{{/v}}", ["v": value]) == expected)
    }

    @Test func rendersInvertedSectionsInTheSurroundingScope() throws {
        #expect(try render("{{^items}}no {{kind}}{{/items}}", ["items": [], "kind": "risks"]) == "no risks")
        #expect(try render("{{^items}}none{{/items}}", ["items": [1]]) == "")
        #expect(try render("{{^a.b}}missing{{/a.b}}", ["a": ["b": nil]]) == "missing")
    }

    @Test func doesNotLookUpNamesInSectionsThatDoNotRender() throws {
        #expect(try render("{{#items}}{{nope}}{{/items}}", ["items": []]) == "")
        #expect(try render("{{#on}}{{nope}}{{/on}}", ["on": false]) == "")
        #expect(try render("{{^on}}{{nope}}{{/on}}", ["on": true]) == "")
    }

    @Test(
        arguments: [
            RenderCase(source: "a{{! note }}b", context: [:], expected: "ab"),
            RenderCase(source: "a{{!no space}}b", context: [:], expected: "ab"),
            RenderCase(source: "a{{!}}b", context: [:], expected: "ab"),
            RenderCase(source: "a{{! one\ntwo\nthree }}b", context: [:], expected: "ab"),
            RenderCase(source: "a{{! {{missing }}b", context: [:], expected: "ab"),
            RenderCase(source: "Begin.\n{{! comment }}\nEnd.\n", context: [:], expected: "Begin.\nEnd.\n"),
            RenderCase(
                source: "Begin.\n{{!\nSomething's going on here...\n}}\nEnd.\n", context: [:],
                expected: "Begin.\nEnd.\n"),
            RenderCase(source: "Begin.\n  {{! indented }}\t\nEnd.\n", context: [:], expected: "Begin.\nEnd.\n"),
            RenderCase(source: "Begin. {{! inline }}\nEnd.", context: [:], expected: "Begin. \nEnd."),
            RenderCase(source: "x\n  {{! c }} y\n", context: [:], expected: "x\n   y\n"),
        ])
    func dropsComments(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }
}

// MARK: - Standalone lines

@Suite("Template standalone lines")
struct TemplateStandaloneLineTests {
    @Test(
        arguments: [
            RenderCase(
                source: "Items:\n{{#items}}\n- {{.}}\n{{/items}}\nEnd\n", context: ["items": ["a", "b"]],
                expected: "Items:\n- a\n- b\nEnd\n"),
            RenderCase(
                source: "List:\n  {{#items}}\n  - {{.}}\n  {{/items}}\nDone", context: ["items": ["a", "b"]],
                expected: "List:\n  - a\n  - b\nDone"),
            RenderCase(source: "A\n\t{{#on}}\t \nB\n \t{{/on}}\nC", context: ["on": true], expected: "A\nB\nC"),
            RenderCase(source: "A\n{{#on}}   \nB\n{{/on}}  \nC", context: ["on": true], expected: "A\nB\nC"),
            RenderCase(
                source: "A\n{{^items}}\nnone\n{{/items}}\nB\n", context: ["items": []], expected: "A\nnone\nB\n"),
            RenderCase(source: "{{#on}}\nB\n{{/on}}\n", context: ["on": true], expected: "B\n"),
            RenderCase(source: "A\n{{#on}}\nB\n{{/on}}", context: ["on": true], expected: "A\nB\n"),
            RenderCase(source: "A\n{{#on}}\nB\n{{/on}}\nC\n", context: ["on": false], expected: "A\nC\n"),
            RenderCase(source: "a\n\n{{#on}}\nb\n{{/on}}\n\nc", context: ["on": true], expected: "a\n\nb\n\nc"),
            RenderCase(
                source: "{{#outer}}\n  {{#inner}}\n  x\n  {{/inner}}\n{{/outer}}\n",
                context: ["outer": true, "inner": true], expected: "  x\n"),
            RenderCase(
                source: "{{#items}}\n{{! one line per item }}\n- {{.}}\n{{/items}}\n", context: ["items": [1, 2]],
                expected: "- 1\n- 2\n"),
        ])
    func removesStandaloneSectionAndCommentLines(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }

    @Test(
        arguments: [
            RenderCase(
                source: "A\r\n{{#on}}\r\nyes\r\n{{/on}}\r\nB\r\n", context: ["on": true],
                expected: "A\r\nyes\r\nB\r\n"),
            RenderCase(
                source: "A\r\n{{#on}}\r\nyes\r\n{{/on}}\r\nB\r\n", context: ["on": false], expected: "A\r\nB\r\n"),
            RenderCase(source: "|\r\n{{#on}}\r\n{{/on}}\r\n|", context: ["on": true], expected: "|\r\n|"),
            RenderCase(source: "A\r\n  {{! note }}\r\nB", context: [:], expected: "A\r\nB"),
            RenderCase(
                source: "A\r\n  {{#on}}\r\n  x\r\n  {{/on}}\r\n", context: ["on": true], expected: "A\r\n  x\r\n"),
            RenderCase(
                source: "A\r\n{{^on}}\t\r\nno\r\n{{/on}}", context: ["on": false], expected: "A\r\nno\r\n"),
        ])
    func removesStandaloneLinesEndingInCRLF(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }

    @Test(
        arguments: [
            RenderCase(source: "a {{#on}}b{{/on}} c\n", context: ["on": true], expected: "a b c\n"),
            RenderCase(source: "  {{#on}}x{{/on}}\n", context: ["on": true], expected: "  x\n"),
            RenderCase(source: "  {{#on}}x{{/on}}\n", context: ["on": false], expected: "  \n"),
            RenderCase(source: "{{#on}}{{/on}}\n", context: ["on": true], expected: "\n"),
            RenderCase(source: "x\n  {{name}}\ny", context: ["name": "N"], expected: "x\n  N\ny"),
            RenderCase(source: "x\n  {{{name}}}  \ny", context: ["name": "N"], expected: "x\n  N  \ny"),
            RenderCase(source: "{{#on}}\nB\n{{/on}} tail\n", context: ["on": true], expected: "B\n tail\n"),
            RenderCase(source: "head {{^on}}\nX\n{{/on}}\n", context: ["on": false], expected: "head \nX\n"),
            RenderCase(source: "- {{#on}}\nx\n{{/on}}\n", context: ["on": true], expected: "- \nx\n"),
        ])
    func keepsTextAroundTagsThatShareTheirLine(_ example: RenderCase) throws {
        #expect(try render(example.source, example.context) == example.expected)
    }
}

// MARK: - Errors

@Suite("Template errors")
struct TemplateErrorTests {
    @Test(
        arguments: [
            ErrorCase(source: "A\n{{#items}}\nx", line: 2, column: 1, fragment: "the section 'items' is never closed"),
            ErrorCase(source: "A\n{{#items}}\nx", line: 2, column: 1, fragment: "add '{{/items}}'"),
            ErrorCase(
                source: "line\n  x {{^list}}", line: 2, column: 5, fragment: "the section 'list' is never closed"),
            ErrorCase(
                source: "{{#a}}\n  {{/b}}\n{{/a}}", line: 2, column: 3,
                fragment: "'{{/b}}' does not match the open section 'a' (opened at 1:1)"),
            ErrorCase(
                source: "text {{/a}}", line: 1, column: 6, fragment: "'{{/a}}' closes a section that was never opened"),
            ErrorCase(
                source: "ok\nHello {{name", line: 2, column: 7, fragment: "this tag is never closed: '}}' is missing"),
            ErrorCase(source: "{{{raw}}", line: 1, column: 1, fragment: "this tag is never closed: '}}}' is missing"),
            ErrorCase(source: "x{{}}", line: 1, column: 2, fragment: "empty tag '{{}}'"),
            ErrorCase(source: "{{ }}", line: 1, column: 1, fragment: "a tag needs a name"),
            ErrorCase(source: "a\n {{#  }}", line: 2, column: 2, fragment: "a tag needs a name"),
            ErrorCase(source: "{{{ }}}", line: 1, column: 1, fragment: "a tag needs a name"),
            ErrorCase(source: "{{& }}", line: 1, column: 1, fragment: "a tag needs a name"),
            ErrorCase(source: "{{a b}}", line: 1, column: 1, fragment: "'a b' is not a valid name"),
            ErrorCase(source: "x {{a..b}}", line: 1, column: 3, fragment: "'a..b' is not a valid name"),
            ErrorCase(source: "{{.a}}", line: 1, column: 1, fragment: "'.a' is not a valid name"),
            ErrorCase(source: "{{a.}}", line: 1, column: 1, fragment: "'a.' is not a valid name"),
            ErrorCase(source: "{{#a*}}", line: 1, column: 1, fragment: "'a*' is not a valid name"),
            ErrorCase(source: "{{a}b}}", line: 1, column: 1, fragment: "'a}b' is not a valid name"),
            ErrorCase(source: "a\n\t{{> x}}", line: 2, column: 2, fragment: "partials ('{{>name}}') are not supported"),
            ErrorCase(source: "{{>x}}", line: 1, column: 1, fragment: "partials"),
            ErrorCase(source: "{{=<% %>=}}\n<% x %>", line: 1, column: 1, fragment: "changing delimiters"),
            ErrorCase(source: "a\r\n{{}}", line: 2, column: 1, fragment: "empty tag"),
        ])
    func reportsSyntaxErrorsWithLineAndColumn(_ example: ErrorCase) {
        let errors = syntaxErrors(example.source)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.message.contains(example.fragment), "\(error.message)")
        #expect(error.line == example.line, "\(error.message)")
        #expect(error.column == example.column, "\(error.message)")
        #expect(error.templateName == "test.md")
    }

    @Test func reportsEverySyntaxErrorInSourceOrder() {
        let source = "{{#a}}\n{{}}\nx {{>p}}\n{{/b}}\n{{bad name}}\n{{tail"
        let errors = syntaxErrors(source, name: "multi.md")
        let positions = errors.map { [$0.line, $0.column] }
        #expect(positions == [[1, 1], [2, 1], [3, 3], [4, 1], [5, 1], [6, 1]])
        let fragments = [
            "the section 'a' is never closed", "empty tag", "partials", "does not match the open section 'a'",
            "'bad name' is not a valid name", "this tag is never closed",
        ]
        for (error, fragment) in zip(errors, fragments) {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
        do {
            _ = try Template(source: source, name: "multi.md")
        } catch {
            let lines = (error.errorDescription ?? "").split(separator: "\n")
            #expect(lines.count == 6)
            #expect(lines.first == "multi.md:1:1: the section 'a' is never closed: add '{{/a}}'")
            #expect(lines.last == "multi.md:6:1: this tag is never closed: '}}' is missing")
        }
    }

    @Test func reportsEveryUnclosedSection() {
        let errors = syntaxErrors("{{#a}}\n{{^b}}\n{{#c}}{{/c}}\n")
        #expect(errors.map { [$0.line, $0.column] } == [[1, 1], [2, 1]])
        #expect(errors.first?.message.contains("'a' is never closed") == true)
        #expect(errors.last?.message.contains("'b' is never closed") == true)
    }

    @Test(
        arguments: [
            ErrorCase(
                source: "a\n  {{missing}}", line: 2, column: 3,
                fragment: "unknown name 'missing': no value in scope has 'missing'"),
            ErrorCase(
                source: "{{#items}}\n  {{nme}}\n{{/items}}", context: ["items": [["name": "a"]]], line: 2, column: 3,
                fragment: "unknown name 'nme'"),
            ErrorCase(
                source: "{{team.lead}}", context: ["team": ["name": "x"]], line: 1, column: 1,
                fragment: "unknown name 'team.lead': 'team' has no member 'lead'"),
            ErrorCase(
                source: "x {{a.b.c}}", context: ["a": ["b": [:]]], line: 1, column: 3,
                fragment: "'a.b' has no member 'c'"),
            ErrorCase(
                source: "{{#items}}{{meta.version}}{{/items}}",
                context: ["meta": ["version": 1], "items": [["meta": [:]]]], line: 1, column: 11,
                fragment: "'meta' has no member 'version'"),
            ErrorCase(
                source: "{{a.b}}", context: ["a": "text"], line: 1, column: 1,
                fragment: #"'a' is the string "text", not an object"#),
            ErrorCase(
                source: "{{a.b}}", context: ["a": [1]], line: 1, column: 1,
                fragment: "'a' is an array of 1 element, not an object"),
            ErrorCase(
                source: "x {{items}}", context: ["items": [1, 2]], line: 1, column: 3,
                fragment: "'items' is an array of 2 elements: use it as a section '{{#items}}…{{/items}}'"),
            ErrorCase(
                source: "{{{lead}}}", context: ["lead": [:]], line: 1, column: 1,
                fragment: "'lead' is an object: use it as a section"),
            ErrorCase(source: "{{#nope}}x{{/nope}}", line: 1, column: 1, fragment: "unknown name 'nope'"),
            ErrorCase(source: "{{^nope}}x{{/nope}}", line: 1, column: 1, fragment: "unknown name 'nope'"),
            ErrorCase(source: "Größe: {{x}}", line: 1, column: 8, fragment: "unknown name 'x'"),
            ErrorCase(source: "{{! one\ntwo }}\n  {{missing}}", line: 3, column: 3, fragment: "unknown name 'missing'"),
            ErrorCase(
                source: "{{#on}}\n{{/on}}\n{{#on}}{{gone}}{{/on}}", context: ["on": true], line: 3, column: 8,
                fragment: "unknown name 'gone'"),
            ErrorCase(source: "a\r\nb\r\n  {{x}}", line: 3, column: 3, fragment: "unknown name 'x'"),
        ])
    func reportsRenderErrorsWithLineAndColumn(_ example: ErrorCase) {
        guard let error = renderError(example.source, example.context) else { return }
        #expect(error.message.contains(example.fragment), "\(error.message)")
        #expect(error.line == example.line, "\(error.message)")
        #expect(error.column == example.column, "\(error.message)")
    }

    @Test func describesErrorsAsNameLineColumnMessage() {
        let error = renderError("a\n  {{missing}}", [:], name: "report.md")
        #expect(error?.templateName == "report.md")
        #expect(error?.errorDescription == "report.md:2:3: unknown name 'missing': no value in scope has 'missing'")
    }
}

// MARK: - Checking names against a shape

@Suite("Template unknown names")
struct TemplateUnknownNamesTests {
    @Test func findsNamesTheShapeLacks() throws {
        let errors = try unknownNames(
            "{{title}} {{owner}}\n{{#items}}{{name}}{{/items}}", ["title": "", "items": [["name": ""]]])
        #expect(errors.map { [$0.line, $0.column] } == [[1, 11]])
        #expect(errors.first?.message.contains("unknown name 'owner'") == true)
        #expect(errors.first?.templateName == "shape.md")
        #expect(
            try unknownNames("{{title}} {{#items}}{{name}}{{/items}}", ["title": "", "items": [["name": ""]]]) == [])
    }

    @Test func looksInsideListElements() throws {
        let errors = try unknownNames("{{#items}}\n{{name}} {{cost}}\n{{/items}}", ["items": [["name": "a"]]])
        #expect(errors.map { [$0.line, $0.column] } == [[2, 10]])
        #expect(errors.first?.message.contains("unknown name 'cost'") == true)
        let objectErrors = try unknownNames("{{#lead}}{{name}}{{age}}{{/lead}}", ["lead": ["name": ""]])
        #expect(objectErrors.map { [$0.line, $0.column] } == [[1, 18]])
    }

    @Test func mergesTheMembersOfAllListElements() throws {
        let shape: JSONValue = ["items": [["name": "a", "sub": ["a": 1]], ["cost": 1, "sub": ["b": 2]]]]
        #expect(try unknownNames("{{#items}}{{name}} {{cost}} {{sub.a}} {{sub.b}}{{/items}}", shape) == [])

        let lists: JSONValue = ["items": [["xs": []], ["xs": [["v": 1]]]]]
        let listErrors = try unknownNames("{{#items}}{{#xs}}{{v}}{{w}}{{/xs}}{{/items}}", lists)
        #expect(listErrors.map { [$0.line, $0.column] } == [[1, 23]])
        #expect(listErrors.first?.message.contains("unknown name 'w'") == true)

        let nulls: JSONValue = ["items": [["lead": nil], ["lead": ["name": "x"]]]]
        let nullErrors = try unknownNames("{{#items}}{{lead.name}}{{lead.role}}{{/items}}", nulls)
        #expect(nullErrors.map { [$0.line, $0.column] } == [[1, 24]])
        #expect(nullErrors.first?.message.contains("'lead' has no member 'role'") == true)
    }

    @Test func skipsNamesUnderEmptyListsAndNull() throws {
        let source = "{{#items}}{{anything}}{{/items}}{{#lead}}{{whatever.x}}{{/lead}}{{lead.name.first}}"
        #expect(try unknownNames(source, ["items": [], "lead": nil]) == [])
    }

    @Test func resolvesOuterNamesFromInsideSections() throws {
        let shape: JSONValue = ["title": "", "items": ["a"], "lead": ["name": ""]]
        #expect(try unknownNames("{{#items}}{{title}} {{.}}{{/items}}{{#lead}}{{title}}{{/lead}}", shape) == [])
    }

    @Test func checksInvertedAndFalseSectionsInTheSurroundingScope() throws {
        let inverted = try unknownNames("{{^items}}{{nothing}}{{/items}}", ["items": []])
        #expect(inverted.map { [$0.line, $0.column] } == [[1, 11]])
        #expect(inverted.first?.message.contains("unknown name 'nothing'") == true)
        let flag = try unknownNames("{{#flag}}{{x}}{{/flag}}", ["flag": false])
        #expect(flag.map { [$0.line, $0.column] } == [[1, 10]])
    }

    @Test func reportsAnUnknownSectionOnceAndGoesOn() throws {
        let errors = try unknownNames("{{#nope}}{{x}}{{/nope}} {{y}}", [:])
        #expect(errors.map { [$0.line, $0.column] } == [[1, 1], [1, 25]])
        #expect(errors.first?.message.contains("unknown name 'nope'") == true)
        #expect(errors.last?.message.contains("unknown name 'y'") == true)
    }
}
