/// paylink's version, for `--version`, heartbeats (`paylink workers`) and `paylink_build_info`.
public enum PaylinkVersion {
    public static let current = "0.7.0"
}
