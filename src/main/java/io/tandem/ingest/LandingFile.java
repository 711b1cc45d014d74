package io.tandem.ingest;

import java.time.LocalDate;

/** A file in the landing folder, identified by its path relative to the landing root. */
public record LandingFile(
    String relativePath, LocalDate extractDate, long sizeBytes, long modifiedMillis) {}
