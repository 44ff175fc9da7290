import OpModelCLI

/// Answer scripts for whole workshops over the mini questionnaire, phase by phase, so that
/// tests can stop after any phase.
enum WorkshopScript {
    /// Envision: facilitator, two participants, vision, one driver, one outcome with one KPI
    /// from the library (number 1: mean time to restore, 240 → 60 by 2027-Q4) and one typed in.
    static let envision = [
        "Dana Lee",
        "Ana Silva, CTO", "Ben Okafor, SRE lead", "",
        "Releases nobody notices.",
        "Time to market", "",
        "Faster recovery",
        "1", "240", "60", "2027-Q4",
        "",
        "",
    ]

    /// Discover without votes (one participant) or with votes: OP-01 3, OP-02 2 with a note,
    /// CG-01 not applicable, CG-02 4; one constraint, one upskilling need.
    static let discover = [
        "3", "2 runbooks exist but are not tested", "n we buy no cloud services yet", "4",
        "Hiring freeze", "",
        "SRE practices", "",
    ]

    /// Build: targets 4 (operations) and Enter (cost, suggested), federated, an end state.
    static let build = ["4", "", "3", "Platform team runs paved roads."]

    /// Deliver: defaults for start, horizon and capacity; owner for step 1; done.
    static let deliver = ["", "", "", "o 1 Ben Okafor", ""]

    /// Improve: MTTR now 200, monthly, next assessment default, reflections.
    static let improve = ["200", "monthly", "", "Vote earlier next time."]

    static var whole: [String] { envision + discover + build + deliver + improve }
}
