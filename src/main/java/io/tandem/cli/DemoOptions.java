package io.tandem.cli;

import picocli.CommandLine.Option;

/** {@code --seed} and {@code --scale} of the demo company, shared by demo and generate. */
public class DemoOptions extends SeedOption {
  @Option(
      names = "--scale",
      defaultValue = "0.1",
      description = "Scale factor: 1 is about 20k leads a year (default ${DEFAULT-VALUE}).")
  double scale;
}
