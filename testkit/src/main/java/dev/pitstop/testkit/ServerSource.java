package dev.pitstop.testkit;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One tier of the search for a server ({@code env}, {@code local}, {@code docker}, {@code embedded}).
 * A source owns whatever it starts (containers, embedded processes) and stops it when the JVM exits.
 * {@link ServerRegistry} asks the tiers in order, once per JVM and kind.
 */
interface ServerSource {

    /** The tier's name as used by {@code PITSTOP_TEST_SERVERS}. */
    String tier();

    /**
     * Finds (or starts) a server of {@code kind}.
     *
     * @param whyNot receives a short reason when the tier has no server, e.g. "nothing listening on 127.0.0.1:5432"
     * @return the checked server, or empty to let the next tier try
     * @throws MisconfiguredException when the user configured this tier and it does not work: no fallback then
     */
    Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot);

    /** A tier was configured explicitly and is broken; the registry fails instead of falling through. */
    final class MisconfiguredException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MisconfiguredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
