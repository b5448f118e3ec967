package dev.pitstop.spi;

/**
 * What the engine learned about the server before choosing a dialect.
 *
 * @param productName {@code DatabaseMetaData.getDatabaseProductName()}
 * @param productVersion {@code DatabaseMetaData.getDatabaseProductVersion()} (MariaDB says "MariaDB" here)
 * @param majorVersion {@code DatabaseMetaData.getDatabaseMajorVersion()}
 * @param minorVersion {@code DatabaseMetaData.getDatabaseMinorVersion()}
 * @param url the JDBC URL, passwords masked
 */
public record ServerInfo(String productName, String productVersion, int majorVersion, int minorVersion, String url) {

    /** "PostgreSQL 15.19" style description for messages. */
    public String describe() {
        return productName + " " + productVersion;
    }
}
