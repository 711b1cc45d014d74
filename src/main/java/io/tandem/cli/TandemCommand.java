package io.tandem.cli;

import io.tandem.errors.TandemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem <command>}: the CLI's root; each subcommand is a Spring bean. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    version = "tandem 0.1.0",
    description = "Nightly sales and marketing alignment warehouse on Spark and Delta Lake.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      RunCommand.class,
      BackfillCommand.class,
      RunsCommand.class,
      SqlCommand.class,
      BiCommand.class,
      EraseCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public class TandemCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static int execute(ApplicationContext context, String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            try {
              return context.getBean(type);
            } catch (BeansException e) {
              return CommandLine.defaultFactory().create(type);
            }
          }
        };
    CommandLine commandLine = new CommandLine(TandemCommand.class, factory);
    commandLine.registerConverter(LocalDate.class, TandemCommand::parseDate);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parseResult) -> {
          if (error instanceof TandemException tandem) {
            cmd.getErr().println(cmd.getColorScheme().errorText("tandem: " + tandem.getMessage()));
            return tandem.exitCode();
          }
          throw error;
        });
    return commandLine.execute(args);
  }

  private static LocalDate parseDate(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a date: use YYYY-MM-DD, for example 2026-11-20");
    }
  }
}
