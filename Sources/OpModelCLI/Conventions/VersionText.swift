import OpModelKit

extension CommandRunner {
    /// What `opmodel --version` prints: `opmodel 0.2.0` on the first line (the one scripts read),
    /// then one line per questionnaire built into the binary, such as
    /// `cloud-operating-model 1.0.0 (built in)`.
    static var versionText: String {
        let questionnaires = ResourceLocator.builtInQuestionnaires.map { "\($0.id) \($0.version) (built in)" }
        return (["opmodel \(OpModel.version)"] + questionnaires).joined(separator: "\n") + "\n"
    }
}
