package dev.pitstop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of output: every URL Pitstop prints goes through {@link #maskUrl}. */
public final class Secrets {
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)((?:password|pwd|passwd)=)([^&;\\s]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*:)([^/@\\s]*)@");

    private Secrets() {
    }

    /** jdbc:postgresql://u:secret@h/db?password=x becomes jdbc:postgresql://u:***@h/db?password=*** */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = QUERY_PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    /** The passwords written into a JDBC URL (query parameters and user info), to scrub them from messages. */
    public static List<String> passwordsIn(String url) {
        List<String> found = new ArrayList<>();
        if (url != null) {
            for (Pattern p : List.of(QUERY_PASSWORD, USER_INFO)) {
                Matcher m = p.matcher(url);
                while (m.find()) {
                    if (!m.group(2).isEmpty()) {
                        found.add(m.group(2));
                    }
                }
            }
        }
        return found;
    }

    /** Replaces every occurrence of a known secret in a message. */
    public static String scrub(String message, String secret) {
        if (message == null || secret == null || secret.isEmpty()) {
            return message;
        }
        return message.replace(secret, "***");
    }
}
