package dev.pitstop.spi;

/**
 * Entry point of a dialect module, found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.pitstop.spi.DialectProvider}).
 */
public interface DialectProvider {

    /** Short, stable name users may force with the {@code dialect} setting: "postgres", "mysql". */
    String id();

    /** True when this dialect can drive the connected server. */
    boolean handles(ServerInfo server);

    /** A dialect configured for this server (flavour, version capabilities). */
    Dialect create(ServerInfo server);
}
