/// paylink's release version, as worker heartbeats report it (`paylink workers`).
public enum PaylinkVersion {
    public static let current = "0.1.0"
}
