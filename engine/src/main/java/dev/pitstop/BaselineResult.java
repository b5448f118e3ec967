package dev.pitstop;

/** The version {@code baseline} recorded; files up to it are treated as applied. */
public record BaselineResult(String database, String version) {
}
