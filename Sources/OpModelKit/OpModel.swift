/// Facts about this build of opmodel.
public enum OpModel {
    /// The program's version.
    public static let version = "0.2.0"
}
