package dev.pitstop.internal.load;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds {@code V<version>__<description>.sql} files in the configured locations: {@code classpath:path},
 * {@code filesystem:path} or a plain path. Other {@code .sql} files beginning with V and a digit but
 * not following the pattern are refused rather than silently skipped; files that do not start with V
 * are ignored (they may be repeatable scripts or notes). Two files with one version are refused.
 */
public final class MigrationLoader {
    private static final Pattern NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    private static final Pattern LOOKS_VERSIONED = Pattern.compile("V\\d.*\\.sql");

    private final ClassLoader classLoader;

    public MigrationLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** All scripts of all locations in version order. */
    public List<MigrationScript> load(List<String> locations) {
        List<MigrationScript> all = new ArrayList<>();
        for (String location : locations) {
            all.addAll(location.startsWith("classpath:")
                    ? fromClasspath(location.substring("classpath:".length()))
                    : fromDirectory(location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location));
        }
        Map<MigrationVersion, MigrationScript> seen = new HashMap<>();
        for (MigrationScript s : all) {
            MigrationScript other = seen.putIfAbsent(s.version(), s);
            if (other != null) {
                throw new PitstopException(ErrorCode.INVALID_MIGRATION_NAME, "two migrations have version " + s.version()
                        + ": " + other.origin() + " and " + s.origin() + "; give one of them another version");
            }
        }
        all.sort(Comparator.comparing(MigrationScript::version));
        return all;
    }

    /** Parses a file name; null when the name is not a migration at all. */
    static MigrationScript script(String fileName, String origin, String content) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            if (LOOKS_VERSIONED.matcher(fileName).matches()) {
                throw new PitstopException(ErrorCode.INVALID_MIGRATION_NAME, "cannot read the version of " + origin
                        + ": name migration files V<version>__<description>.sql, e.g. V7__add_orders.sql (two underscores)");
            }
            return null;
        }
        String description = m.group(2).replace('_', ' ').trim();
        return new MigrationScript(MigrationVersion.parse(m.group(1)), description, fileName, origin, content);
    }

    private List<MigrationScript> fromDirectory(String dir) {
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) {
            throw new PitstopException(ErrorCode.LOCATION_NOT_FOUND, "migration location " + root.toAbsolutePath()
                    + " is not a directory; create it or point --locations at the folder holding V<version>__<description>.sql files");
        }
        List<MigrationScript> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String fileName = p.getFileName().toString();
                if (fileName.endsWith(".sql")) {
                    MigrationScript s = script(fileName, p.toString(), Files.readString(p, StandardCharsets.UTF_8));
                    if (s != null) {
                        scripts.add(s);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PitstopException(ErrorCode.LOCATION_NOT_FOUND, "cannot read migration location " + root + ": " + e.getMessage(), e);
        }
        return scripts;
    }

    private List<MigrationScript> fromClasspath(String path) {
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        List<MigrationScript> scripts = new ArrayList<>();
        try {
            List<URL> roots = Collections.list(classLoader.getResources(prefix));
            if (roots.isEmpty()) {
                throw new PitstopException(ErrorCode.LOCATION_NOT_FOUND, "no classpath location " + prefix
                        + ": put the migration files under src/main/resources/" + prefix + " or configure locations");
            }
            for (URL url : roots) {
                if ("file".equals(url.getProtocol())) {
                    for (MigrationScript s : fromDirectory(Path.of(url.toURI()).toString())) {
                        scripts.add(new MigrationScript(s.version(), s.description(), s.name(),
                                "classpath:" + prefix + "/" + s.name(), s.content()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    scripts.addAll(fromJar(url, prefix));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new PitstopException(ErrorCode.LOCATION_NOT_FOUND, "cannot read classpath location " + prefix + ": " + e.getMessage(), e);
        }
        return scripts;
    }

    private List<MigrationScript> fromJar(URL url, String prefix) throws IOException {
        List<MigrationScript> scripts = new ArrayList<>();
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix + "/") && name.endsWith(".sql")) {
                    String fileName = name.substring(name.lastIndexOf('/') + 1);
                    try (InputStream in = jar.getInputStream(entry)) {
                        MigrationScript s = script(fileName, "classpath:" + name,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        if (s != null) {
                            scripts.add(s);
                        }
                    }
                }
            }
        }
        return scripts;
    }

}
