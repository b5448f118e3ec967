package dev.pitstop;

/**
 * What a control command ({@link Pitstop#pause()} and the like) wrote to pitstop_control.
 *
 * @param database the database it was written to, e.g. "PostgreSQL 15.4, schema public"
 * @param control the control: pause, postpone_cutover, chunk_time
 * @param value what it is set to now; null when it was cleared
 */
public record ControlResult(String database, String control, String value) {
}
