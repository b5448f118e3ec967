package dev.pitstop.internal.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One migration file: its version and description from the name, where it came from, and its text.
 *
 * @param name file name, e.g. V7__rename_user_name.sql
 * @param origin where it was found, for messages (a path or a classpath resource)
 */
public record MigrationScript(MigrationVersion version, String description, String name, String origin, String content) {

    /**
     * SHA-256 of the content with line endings normalised and a byte-order mark removed, so a checkout
     * on another operating system does not count as a change.
     */
    public String checksum() {
        String normalised = content.replace("\r\n", "\n").replace('\r', '\n');
        if (normalised.startsWith("\uFEFF")) {
            normalised = normalised.substring(1);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
