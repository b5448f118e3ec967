package dev.pitstop.cli;

/** --format values. Lower case so picocli accepts them as typed. */
enum OutputFormat {
    text,
    json
}
