package dev.pitstop.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the fixture's settings ({@code PITSTOP_TEST_*}, {@code CI}): a JVM system property of the
 * same name wins over the environment variable, so a build can also pass them with {@code -D}.
 * Blank values count as unset. Tests build one from a map instead of the real environment.
 */
final class Settings {

    /** Forces one tier (or a comma separated list of tiers): {@code env|local|docker|embedded}. */
    static final String SERVERS = "PITSTOP_TEST_SERVERS";
    /** {@code true} keeps the databases after the class ends (their names are logged). */
    static final String KEEP_DATABASES = "PITSTOP_TEST_KEEP_DATABASES";
    /** Set to {@code true} by CI: a missing server then fails the class instead of skipping it. */
    static final String CI = "CI";

    private final Function<String, String> lookup;

    private Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** System properties first, then environment variables. */
    static Settings system() {
        return new Settings(name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    /** Fixed values, for tests. */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Settings(copy::get);
    }

    Optional<String> get(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The raw value, blank included; empty only when not set at all (passwords may be ""). */
    Optional<String> raw(String name) {
        return Optional.ofNullable(lookup.apply(name));
    }

    boolean isTrue(String name) {
        return get(name).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }
}
