package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationInfo;
import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.PlanResult;
import dev.pitstop.PlannedAction;
import dev.pitstop.PlannedMigration;
import dev.pitstop.PlannedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Point(int x, long y, boolean visible) {
    }

    record Labelled(String label, Point point, List<Point> trail) {
    }

    record Timed(Instant at, Duration took) {
    }

    @Test
    void aRecordBecomesAnObjectWithItsComponentsInOrder() {
        assertThat(Json.write(new Point(1, 2L, true))).isEqualTo("{\"x\":1,\"y\":2,\"visible\":true}");
    }

    @Test
    void nestedRecordsAndListsBecomeNestedObjectsAndArrays() {
        Labelled labelled = new Labelled("path", new Point(0, 0, false), List.of(new Point(1, 1, true), new Point(2, 4, true)));

        assertThat(Json.write(labelled)).isEqualTo("{\"label\":\"path\",\"point\":{\"x\":0,\"y\":0,\"visible\":false},"
                + "\"trail\":[{\"x\":1,\"y\":1,\"visible\":true},{\"x\":2,\"y\":4,\"visible\":true}]}");
    }

    @Test
    void nullsAndEmptyListsAreWrittenAsSuch() {
        assertThat(Json.write(new Labelled(null, null, List.of()))).isEqualTo("{\"label\":null,\"point\":null,\"trail\":[]}");
        assertThat(Json.write(null)).isEqualTo("null");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(Json.write("say \"hi\"\\ now")).isEqualTo("\"say \\\"hi\\\"\\\\ now\"");
        assertThat(Json.write("line one\nline two\r\n\tindented")).isEqualTo("\"line one\\nline two\\r\\n\\tindented\"");
        assertThat(Json.write("bell\u0007")).isEqualTo("\"bell\\u0007\"");
    }

    @Test
    void nonAsciiTextIsKeptAsIs() {
        assertThat(Json.write("café ✓")).isEqualTo("\"café ✓\"");
    }

    @Test
    void enumsAreTheirNames() {
        assertThat(Json.write(List.of(Phase.EXPAND, MigrationState.COMPLETED))).isEqualTo("[\"EXPAND\",\"COMPLETED\"]");
    }

    @Test
    void instantsAreIsoStringsAndDurationsAreMilliseconds() {
        assertThat(Json.write(new Timed(Instant.parse("2025-03-01T12:00:00Z"), Duration.ofSeconds(2))))
                .isEqualTo("{\"at\":\"2025-03-01T12:00:00Z\",\"took\":2000}");
    }

    @Test
    void aPlanResultIsWrittenWholeWithItsSqlEscaped() {
        PlannedAction action = new PlannedAction(Phase.EXPAND, "build index orders_total on orders online",
                "CREATE INDEX CONCURRENTLY orders_total\n  ON orders (total)");
        PlannedStep step = new PlannedStep(1, "create-index", "V2__index.sql:3", "CREATE INDEX orders_total ON orders (total)",
                List.of(action));
        PlanResult plan = new PlanResult("PostgreSQL 16.4 app", List.of(new PlannedMigration("2", "index", "V2__index.sql",
                List.of(step))));

        assertThat(Json.write(plan)).isEqualTo("{\"database\":\"PostgreSQL 16.4 app\",\"pending\":[{\"version\":\"2\","
                + "\"description\":\"index\",\"script\":\"V2__index.sql\",\"steps\":[{\"number\":1,\"kind\":\"create-index\","
                + "\"source\":\"V2__index.sql:3\",\"statement\":\"CREATE INDEX orders_total ON orders (total)\","
                + "\"actions\":[{\"phase\":\"EXPAND\",\"description\":\"build index orders_total on orders online\","
                + "\"sql\":\"CREATE INDEX CONCURRENTLY orders_total\\n  ON orders (total)\"}]}]}]}");
    }

    @Test
    void aPendingMigrationInfoHasNullPhaseAndTimestamps() {
        MigrationInfo pending = new MigrationInfo("3", "add note", "V3__add_note.sql", null, MigrationState.PENDING, null, null,
                null, true);

        assertThat(Json.write(pending)).isEqualTo("{\"version\":\"3\",\"description\":\"add note\",\"script\":\"V3__add_note.sql\","
                + "\"phase\":null,\"state\":\"PENDING\",\"startedAt\":null,\"finishedAt\":null,\"error\":null,\"fileFound\":true}");
    }
}
