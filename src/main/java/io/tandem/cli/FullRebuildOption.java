package io.tandem.cli;

import picocli.CommandLine.Option;

/**
 * {@code --full-rebuild}: rebuild every table whole from all of bronze, instead of only what the
 * new extracts touch.
 */
public class FullRebuildOption {
  @Option(
      names = "--full-rebuild",
      description =
          "Rebuild silver, journey and gold whole from all of bronze, as a first run does, instead of only the days and records the new extracts touch. Starts a new run even when a run of the same dates failed.")
  boolean fullRebuild;
}
