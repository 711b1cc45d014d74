package io.tandem.cli;

import picocli.CommandLine.Option;

/** {@code --seed} of the demo company's random choices: the same seed, the same extracts. */
public class SeedOption {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;
}
