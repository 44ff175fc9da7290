import Foundation
import Testing

@testable import OpModelKit

/// What the workshop's room features leave in the file and the report: the parking lot (checked
/// by the validator) and the time spent (the report's facilitator section).
@Suite("Parking lot and time in the report")
struct RoomContextTests {
    static let questionnaire = Fixtures.questionnaire(domains: [
        Domain(id: "ops", name: "Operations", questions: [Fixtures.question("Q-1"), Fixtures.question("Q-2")]),
        Domain(id: "cost", name: "Cost", questions: [Fixtures.question("Q-3")]),
    ])

    @Test func theValidatorChecksParkingLotItemsAndTheTimebox() {
        var assessment = Fixtures.assessment()
        var early = ParkingLotItem(text: "Budget", raisedIn: Fixtures.period("2026-Q4"))
        early.closedIn = Fixtures.period("2026-Q3")
        var late = ParkingLotItem(text: "Later", raisedIn: Fixtures.period("2026-Q3"))
        late.closedIn = Fixtures.period("2027-Q1")
        assessment.parkingLot = [
            ParkingLotItem(text: "  "), ParkingLotItem(text: "Who?", question: "Q-9"), early, late,
            ParkingLotItem(text: "Future", raisedIn: Fixtures.period("2027-Q2")),
        ]
        assessment.discover.timebox = 0.5
        let problems = AssessmentValidator.problems(assessment, questionnaire: Self.questionnaire).map(\.description)
        #expect(problems.contains { $0.contains("parkingLot[0].text") && $0.contains("needs text") })
        #expect(problems.contains { $0.contains("parkingLot[1].question") && $0.contains("Q-9") })
        #expect(problems.contains { $0.contains("parkingLot[2].closedIn") && $0.contains("before it was raised") })
        #expect(problems.contains { $0.contains("parkingLot[3].closedIn") && $0.contains("after this assessment") })
        #expect(problems.contains { $0.contains("parkingLot[4].raisedIn") })
        #expect(problems.contains { $0.contains("discover.timebox") && $0.contains("found 0.5") })
    }

    @Test func theParkingLotContextListsOpenItemsAndThoseClosedThisQuarter() {
        var assessment = Fixtures.assessment()
        var closedNow = ParkingLotItem(text: "Now", raisedBy: "Ana", phase: .discover, question: "Q-1")
        closedNow.closedIn = assessment.period
        closedNow.resolution = "Settled."
        var closedBefore = ParkingLotItem(text: "Before", raisedIn: Fixtures.period("2026-Q2"))
        closedBefore.closedIn = Fixtures.period("2026-Q3")
        let carried = ParkingLotItem(text: "Carried", phase: .deliver, raisedIn: Fixtures.period("2026-Q3"))
        assessment.parkingLot = [closedNow, closedBefore, carried]
        let context = ReportContext.parkingLot(assessment)
        #expect(context["open"]?.arrayValue?.map { $0["text"] } == ["Carried"])
        #expect(context["open"]?.arrayValue?.first?["number"] == 3)
        #expect(context["open"]?.arrayValue?.first?["isCarried"] == true)
        #expect(context["open"]?.arrayValue?.first?["placeText"] == "Deliver")
        #expect(context["closed"]?.arrayValue?.map { $0["text"] } == ["Now"])
        #expect(context["closed"]?.arrayValue?.first?["placeText"] == "Discover · Q-1")
        #expect(context["closed"]?.arrayValue?.first?["raisedIn"] == "2026-Q4")
        #expect(context["items"]?.arrayValue?.count == 3)
        #expect(context["hasItems"] == true)
        #expect(ReportContext.parkingLot(Fixtures.assessment())["hasItems"] == false)
    }

    @Test func theSlowestQuestionsAreAMinuteOrMoreLongestFirst() {
        var assessment = Fixtures.assessment()
        assessment.discover.timebox = 120
        assessment.timings = [
            "envision": 600, "discover": 30, "discover/ops": 400, "discover/cost": 90, "question/Q-1": 150,
            "question/Q-2": 250, "question/Q-3": 59.9, "improve": 45,
        ]
        let context = ReportContext.facilitation(assessment, questionnaire: Self.questionnaire)
        let slowest = context["slowestQuestions"]?.arrayValue ?? []
        #expect(slowest.map { $0["id"] } == ["Q-2", "Q-1"])
        #expect(slowest.first?["timeText"] == "4 min 10 s")
        #expect(slowest.first?["overBoxText"] == "over by 2 min 10 s")
        #expect(slowest.last?["overBox"] == true)
        #expect(context["phases"]?.arrayValue?.map { $0["phase"] } == ["envision", "discover", "improve"])
        #expect(context["phases"]?.arrayValue?[1]["seconds"] == 520)
        #expect(context["totalText"] == "19 min")
        #expect(context["timeboxText"] == "2 min a question")
        #expect(context["hasTimings"] == true)
        #expect(
            ReportContext.facilitation(Fixtures.assessment(), questionnaire: Self.questionnaire)["hasTimings"] == false)
    }

    @Test(arguments: [
        (0.0, "0 s"), (59.4, "59 s"), (59.5, "1 min"), (90, "1 min 30 s"), (600, "10 min"), (659, "10 min"),
        (3600, "1 h 00 min"), (3900, "1 h 05 min"),
    ])
    func durationsReadAsARoomSaysThem(seconds: Double, text: String) {
        #expect(Formatting.duration(seconds) == text)
    }
}
