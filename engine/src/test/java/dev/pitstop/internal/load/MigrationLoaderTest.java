package dev.pitstop.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationLoaderTest {

    @TempDir
    Path dir;

    private final MigrationLoader loader = new MigrationLoader(getClass().getClassLoader());

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static List<String> versions(List<MigrationScript> scripts) {
        return scripts.stream().map(s -> s.version().toString()).toList();
    }

    @Test
    void findsVersionedFilesInSubdirectoriesAndSortsThemByVersion() throws IOException {
        write("V2__second.sql", "SELECT 2;");
        write("V10__tenth.sql", "SELECT 10;");
        write("sub/V1_1__between.sql", "SELECT 11;");
        write("sub/deeper/V1__first.sql", "SELECT 1;");

        List<MigrationScript> scripts = loader.load(List.of(dir.toString()));

        assertThat(versions(scripts)).containsExactly("1", "1.1", "2", "10");
    }

    @Test
    void readsDescriptionNameOriginAndContentFromTheFile() throws IOException {
        Path file = write("V7__rename_user_name.sql", "ALTER TABLE users RENAME COLUMN name TO full_name; -- café\n");

        MigrationScript script = loader.load(List.of(dir.toString())).get(0);

        assertThat(script.version()).isEqualTo(MigrationVersion.parse("7"));
        assertThat(script.description()).isEqualTo("rename user name");
        assertThat(script.name()).isEqualTo("V7__rename_user_name.sql");
        assertThat(script.origin()).isEqualTo(file.toString());
        assertThat(script.content()).isEqualTo("ALTER TABLE users RENAME COLUMN name TO full_name; -- café\n");
    }

    @Test
    void ignoresFilesThatAreNotVersionedMigrations() throws IOException {
        write("V1__real.sql", "SELECT 1;");
        write("README.md", "notes");
        write("V2__not_sql.txt", "SELECT 2;");
        write("R__repeatable_view.sql", "SELECT 3;");
        write("v3__lower_case_v.sql", "SELECT 3;");
        write("undo/U1__undo.sql", "SELECT 4;");
        write("Vacuum.sql", "VACUUM;");

        assertThat(loader.load(List.of(dir.toString())))
                .extracting(MigrationScript::name)
                .containsExactly("V1__real.sql");
    }

    @ParameterizedTest
    @ValueSource(strings = {"V1_bad.sql", "V1.sql", "V1-add_orders.sql", "V2__.sql", "V3_add__orders.sql"})
    void refusesAFileThatLooksVersionedButDoesNotFollowThePattern(String fileName) throws IOException {
        write("V1__fine.sql", "SELECT 1;");
        Path bad = write(fileName, "SELECT 1;");

        assertThatThrownBy(() -> loader.load(List.of(dir.toString())))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME))
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("V<version>__<description>.sql")
                .hasMessageContaining("two underscores");
    }

    @Test
    void refusesTwoFilesWithOneVersionAndNamesBoth() throws IOException {
        Path first = write("V1__create_orders.sql", "SELECT 1;");
        Path second = write("later/V1.0__create_customers.sql", "SELECT 2;");

        assertThatThrownBy(() -> loader.load(List.of(dir.toString())))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME))
                .hasMessageContaining("two migrations have version")
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString());
    }

    @Test
    void refusesOneVersionFoundInTwoLocations() throws IOException {
        write("a/V3__from_a.sql", "SELECT 1;");
        write("b/V3__from_b.sql", "SELECT 2;");

        assertThatThrownBy(() -> loader.load(List.of(dir.resolve("a").toString(), dir.resolve("b").toString())))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME))
                .hasMessageContaining("V3__from_a.sql")
                .hasMessageContaining("V3__from_b.sql");
    }

    @Test
    void mergesSeveralLocationsIntoOneVersionOrder() throws IOException {
        write("a/V1__one.sql", "SELECT 1;");
        write("a/V3__three.sql", "SELECT 3;");
        write("b/V2__two.sql", "SELECT 2;");

        List<MigrationScript> scripts = loader.load(List.of(dir.resolve("a").toString(), dir.resolve("b").toString()));

        assertThat(versions(scripts)).containsExactly("1", "2", "3");
    }

    @Test
    void anEmptyDirectoryHasNoMigrations() {
        assertThat(loader.load(List.of(dir.toString()))).isEmpty();
    }

    @Test
    void aMissingDirectoryIsLocationNotFoundNamingThePath() {
        Path missing = dir.resolve("no-such-folder");

        assertThatThrownBy(() -> loader.load(List.of(missing.toString())))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("is not a directory");
    }

    @Test
    void aFileGivenAsLocationIsLocationNotFound() throws IOException {
        Path file = write("V1__single.sql", "SELECT 1;");

        assertThatThrownBy(() -> loader.load(List.of(file.toString())))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND));
    }

    @Test
    void filesystemPrefixNamesADirectory() throws IOException {
        write("V1__one.sql", "SELECT 1;");

        assertThat(versions(loader.load(List.of("filesystem:" + dir)))).containsExactly("1");
    }

    @Test
    void filesystemPrefixOfAMissingDirectoryIsLocationNotFound() {
        assertThatThrownBy(() -> loader.load(List.of("filesystem:" + dir.resolve("absent"))))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND));
    }

    @Test
    void classpathLocationFindsTestResourcesRecursivelyAndIgnoresOtherFiles() {
        List<MigrationScript> scripts = loader.load(List.of("classpath:db/testmigrations"));

        assertThat(scripts).extracting(MigrationScript::name)
                .containsExactly("V1__create_orders.sql", "V1_1__index_orders_total.sql", "V2__add_order_note.sql");
        assertThat(scripts.get(0).origin()).isEqualTo("classpath:db/testmigrations/V1__create_orders.sql");
        assertThat(scripts.get(0).content()).startsWith("CREATE TABLE orders");
    }

    @Test
    void classpathLocationToleratesLeadingAndTrailingSlashes() {
        assertThat(versions(loader.load(List.of("classpath:/db/testmigrations/")))).containsExactly("1", "1.1", "2");
    }

    @Test
    void aMissingClasspathLocationIsLocationNotFound() {
        assertThatThrownBy(() -> loader.load(List.of("classpath:db/no_such_migrations")))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND))
                .hasMessageContaining("db/no_such_migrations");
    }

    @Test
    void classpathLocationInsideAJarIsRead() throws IOException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            directory(out, "db/");
            directory(out, "db/jarred/");
            file(out, "db/jarred/V1__create_orders.sql", "CREATE TABLE orders (id int);");
            file(out, "db/jarred/notes.txt", "ignored");
            directory(out, "db/jarred/more/");
            file(out, "db/jarred/more/V2__add_note.sql", "ALTER TABLE orders ADD COLUMN note text;");
        }

        try (URLClassLoader classLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<MigrationScript> scripts = new MigrationLoader(classLoader).load(List.of("classpath:db/jarred"));

            assertThat(scripts).extracting(MigrationScript::origin)
                    .containsExactly("classpath:db/jarred/V1__create_orders.sql", "classpath:db/jarred/more/V2__add_note.sql");
            assertThat(scripts.get(1).content()).isEqualTo("ALTER TABLE orders ADD COLUMN note text;");
        }
    }

    private static void directory(JarOutputStream out, String name) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.closeEntry();
    }

    private static void file(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
