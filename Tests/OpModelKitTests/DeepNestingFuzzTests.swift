import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// Seeded fuzzing around the nesting limits (``DeepNesting``): conditions, templates, JSON and
/// `dependsOn` graphs from just under to well over each limit. Each case is judged against what
/// the generator knows it must give: parsed and evaluated right under the limit, one clean error
/// naming the limit over it. `OPMODEL_FUZZ_SEED` changes the seed.
@Suite("Fuzz: deep nesting around the limits")
struct DeepNestingFuzzTests {
    @Test func conditionsParseUpToTheLimitAndEvaluateRightOrAreRefusedPastIt() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0xDEE9)
        var parsed = 0
        var refused = 0
        for index in 0..<300 {
            let generated = DeepNesting.condition(depth: random.below(90), random: &random)
            let text = generated.text()
            let nesting = generated.nesting()
            do {
                let expression = try RuleExpression.parse(text)
                parsed += 1
                #expect(nesting <= RuleExpression.maximumNesting, "#\(index) nests \(nesting) deep and was accepted")
                #expect(treeDepth(expression) <= 2 * RuleExpression.maximumNesting + 2, "#\(index)")
                for _ in 0..<8 {
                    let selected = Set(DeepNesting.choiceIDs.filter { _ in random.chance(1, in: 2) })
                    #expect(
                        expression.evaluate(selected: selected) == generated.holds(selected),
                        "#\(index) \(text.prefix(200)) with \(selected.sorted())")
                }
            } catch {
                refused += 1
                #expect(nesting > RuleExpression.maximumNesting, "#\(index) nests \(nesting) deep: \(error)")
                #expect(error.message == "parentheses and '!' are nested more than 64 levels deep", "#\(index)")
            }
        }
        #expect(parsed > 50 && refused > 50, "parsed \(parsed), refused \(refused)")
    }

    @Test func templatesNestUpToTheLimitAndOneMoreIsOneErrorAtItsTag() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x7E3D)
        let shape = DeepNesting.templateContext
        var rendered = 0
        var refused = 0
        for index in 0..<200 {
            let (text, opens) = DeepNesting.template(depth: 1 + random.below(100), random: &random)
            do {
                let template = try Template(source: text, name: "deep.md")
                rendered += 1
                #expect(opens.count <= Template.maximumSectionNesting, "#\(index): \(opens.count) levels accepted")
                #expect(template.unknownNames(against: shape).isEmpty, "#\(index)")
                #expect(throws: Never.self, "#\(index)") { try template.render(shape) }
            } catch {
                refused += 1
                let limit = Template.maximumSectionNesting
                #expect(opens.count > limit, "#\(index): \(opens.count) levels refused: \(error.errors)")
                #expect(error.errors.count == 1, "#\(index): \(error.errors)")
                let first = error.errors.first
                #expect(first?.message.contains("nested more than 64 levels deep") == true, "#\(index)")
                if opens.count > limit {
                    #expect(first?.line == opens[limit].line && first?.column == opens[limit].column, "#\(index)")
                }
            }
        }
        #expect(rendered > 30 && refused > 30, "rendered \(rendered), refused \(refused)")
    }

    @Test func jsonNestsUpTo256AndRoundTrips() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x1502)
        for index in 0..<60 {
            let depth = 200 + random.below(120)
            let objects = random.chance(1, in: 2)
            let text = DeepNesting.json(depth: depth, objects: objects)
            do {
                let value = try JSONParser.parse(text)
                #expect(depth <= JSONParser.maximumDepth, "#\(index): \(depth) levels accepted")
                #expect(try JSONParser.parse(JSONWriter.prettyText(value)) == value, "#\(index)")
                #expect(try JSONParser.parse(JSONWriter.compactText(value)) == value, "#\(index)")
                let encoded = try JSONValueEncoder().encode(value)
                #expect(try JSONValueDecoder().decode(JSONValue.self, from: encoded) == value, "#\(index)")
            } catch let error as JSONSyntaxError {
                #expect(depth > JSONParser.maximumDepth, "#\(index): \(depth) levels refused: \(error)")
                #expect(error.message == "arrays and objects are nested more than 256 levels deep", "#\(index)")
                #expect(error.line == 1 && error.column == (objects ? 6 : 1) * JSONParser.maximumDepth + 1)
            } catch {
                Issue.record("#\(index): \(error)")
            }
        }
    }

    @Test func dependencyGraphsGetACycleReportExactlyWhenTheyHaveACycle() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0xD395)
        var cyclic = 0
        for index in 0..<24 {
            let count = 2 + random.below(2_000)
            let edges = DeepNesting.dependencies(count: count, random: &random)
            let questionnaire = DependencyCycleTests.questionnaire(edges)
            let messages = DependencyCycleTests.cycles(questionnaire).map(\.message)
            let hasCycle = DeepNesting.hasCycle(edges)
            if hasCycle { cyclic += 1 }
            #expect(messages.isEmpty == !hasCycle, "#\(index): \(messages.prefix(3))")
            #expect(Set(messages).count == messages.count, "#\(index): a cycle reported twice")
            for message in messages {
                // Each pair of neighbours shown is an edge of the graph.
                guard let names = message.split(separator: ": ").last?.components(separatedBy: " → ") else { continue }
                for (from, to) in zip(names, names.dropFirst()) where from != "…" && to != "…" {
                    let source = Int(from.dropFirst()) ?? -1
                    let target = Int(to.dropFirst()) ?? -1
                    #expect(edges.indices.contains(source) && edges[source].contains(target), "#\(index): \(message)")
                }
                #expect(message.count < 200, "#\(index): \(message)")
            }
        }
        #expect(cyclic > 5)
    }
}
