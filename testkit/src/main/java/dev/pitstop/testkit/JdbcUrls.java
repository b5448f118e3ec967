package dev.pitstop.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Small, driver-free surgery on PostgreSQL and MySQL JDBC URLs: swap the database path segment while
 * keeping the query string, add a parameter when absent, take credentials out of a URL, and mask
 * secrets for log lines.
 *
 * <p>Understood shapes: {@code jdbc:<sub>://[user[:password]@]host[:port][,host...][/db][?query]}
 * (also {@code jdbc:mysql:loadbalance://...}) and PostgreSQL's short {@code jdbc:postgresql:db[?query]}.
 */
final class JdbcUrls {

    private static final String MASK = "****";

    private JdbcUrls() {
    }

    /** A URL with its user, password and other password-like parameters taken out. */
    record Credentials(String url, String user, String password, Map<String, String> secrets) {
    }

    private record Parts(String prefix, String userInfo, String authority, String database, List<String> params) {

        String build() {
            StringBuilder out = new StringBuilder(prefix);
            if (authority != null) {
                if (userInfo != null) {
                    out.append(userInfo).append('@');
                }
                out.append(authority);
                if (!database.isEmpty()) {
                    out.append('/').append(database);
                } else if (!params.isEmpty()) {
                    out.append('/');
                }
            } else {
                out.append(database);
            }
            if (!params.isEmpty()) {
                out.append('?').append(String.join("&", params));
            }
            return out.toString();
        }

        Parts with(String newUserInfo, String newDatabase, List<String> newParams) {
            return new Parts(prefix, newUserInfo, authority, newDatabase, newParams);
        }
    }

    private static Parts parse(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL (jdbc:postgresql:// or jdbc:mysql:// expected)");
        }
        int query = url.indexOf('?');
        String head = query < 0 ? url : url.substring(0, query);
        List<String> params = new ArrayList<>();
        if (query >= 0) {
            for (String param : url.substring(query + 1).split("&")) {
                if (!param.isEmpty()) {
                    params.add(param);
                }
            }
        }
        int slashes = head.indexOf("://");
        if (slashes < 0) { // jdbc:postgresql:database
            int colon = head.indexOf(':', "jdbc:".length());
            if (colon < 0) {
                throw new IllegalArgumentException("not a JDBC URL (jdbc:<driver>:... expected)");
            }
            String database = head.substring(colon + 1);
            return new Parts(head.substring(0, colon + 1), null, null,
                    database.startsWith("/") ? database.substring(1) : database, params);
        }
        String prefix = head.substring(0, slashes + 3);
        String rest = head.substring(slashes + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        String userInfo = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0 && authority.indexOf('(') < 0) {
            userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        return new Parts(prefix, userInfo, authority, database, params);
    }

    /** The database named by the URL's path, "" when it names none. */
    static String database(String url) {
        return decode(parse(url).database());
    }

    /** The same URL pointing at {@code database}; host, port, credentials and query string are kept. */
    static String withDatabase(String url, String database) {
        Parts parts = parse(url);
        return parts.with(parts.userInfo(), database, parts.params()).build();
    }

    /** The decoded value of a query parameter, matched case-insensitively. */
    static Optional<String> param(String url, String name) {
        for (String param : parse(url).params()) {
            if (name(param).equalsIgnoreCase(name)) {
                return Optional.of(value(param));
            }
        }
        return Optional.empty();
    }

    /** The URL with {@code name=value} appended unless the URL already sets {@code name}. */
    static String withParamIfAbsent(String url, String name, String value) {
        if (param(url, name).isPresent()) {
            return url;
        }
        Parts parts = parse(url);
        List<String> params = new ArrayList<>(parts.params());
        params.add(name + "=" + value);
        return parts.with(parts.userInfo(), parts.database(), params).build();
    }

    /** {@code host:port} (or the host list) of a URL with an authority part; "localhost" otherwise. */
    static String hostAndPort(String url) {
        String authority = parse(url).authority();
        return authority == null || authority.isEmpty() ? "localhost" : authority;
    }

    /** Whether a query parameter carries a secret ({@code password}, {@code sslpassword}, ...). */
    static boolean isSecret(String paramName) {
        return paramName.toLowerCase(Locale.ROOT).contains("password");
    }

    /**
     * Takes {@code user}, {@code password} and other password-like parameters (and any
     * {@code user:password@} part) out of the URL. Missing ones come back as {@code null}.
     */
    static Credentials split(String url) {
        Parts parts = parse(url);
        String user = null;
        String password = null;
        if (parts.userInfo() != null) {
            int colon = parts.userInfo().indexOf(':');
            user = decode(colon < 0 ? parts.userInfo() : parts.userInfo().substring(0, colon));
            password = colon < 0 ? null : decode(parts.userInfo().substring(colon + 1));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (String param : parts.params()) {
            String name = name(param);
            if (name.equalsIgnoreCase("user")) {
                user = value(param);
            } else if (name.equalsIgnoreCase("password")) {
                password = value(param);
            } else if (isSecret(name)) {
                secrets.put(name, value(param));
            } else {
                kept.add(param);
            }
        }
        return new Credentials(parts.with(null, parts.database(), kept).build(), user, password, secrets);
    }

    /** The URL with every secret value replaced by {@code ****}, fit for a log line. */
    static String mask(String url) {
        Parts parts;
        try {
            parts = parse(url);
        } catch (IllegalArgumentException e) {
            return "<unparseable JDBC URL>";
        }
        String userInfo = parts.userInfo();
        if (userInfo != null && userInfo.indexOf(':') >= 0) {
            userInfo = userInfo.substring(0, userInfo.indexOf(':')) + ":" + MASK;
        }
        List<String> params = new ArrayList<>();
        for (String param : parts.params()) {
            params.add(isSecret(name(param)) ? name(param) + "=" + MASK : param);
        }
        return parts.with(userInfo, parts.database(), params).build();
    }

    private static String name(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param : param.substring(0, eq);
    }

    private static String value(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? "" : decode(param.substring(eq + 1));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
