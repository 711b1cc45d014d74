package io.tandem.cli;

import io.tandem.errors.TandemException;
import io.tandem.jobs.JobRepositoryLocation;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
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
      PlanCommand.class,
      DocsCommand.class,
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

  /**
   * Answers what needs no Spring context, no job repository and no Spark (help, the version, a
   * usage error, the bare command) within a second; empty when the command has work to do.
   */
  public static Optional<Integer> answerWithoutContext(String... args) {
    CommandLine commandLine = commandLine(TandemCommand::unwired);
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return Optional.of(0);
      }
      if (!parsed.hasSubcommand()) {
        commandLine.usage(System.out);
        return Optional.of(0);
      }
      if (parsed.subcommand().commandSpec().userObject() instanceof RunsCommand runs) {
        Optional<Path> varDir = JobRepositoryLocation.embeddedVarDirWithoutSpring();
        if (varDir.isPresent()) {
          return Optional.of(runs.callEmbedded(varDir.get()));
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the job repository: " + e.getMessage(), e);
    } catch (CommandLine.ParameterException e) {
      try {
        return Optional.of(
            commandLine.getParameterExceptionHandler().handleParseException(e, args));
      } catch (Exception unexpected) {
        throw new IllegalStateException(unexpected);
      }
    }
  }

  /**
   * A command object for parsing only: its collaborators (Spring beans) are left null, as nothing
   * runs.
   */
  private static <K> K unwired(Class<K> type) throws Exception {
    Constructor<?>[] constructors = type.getConstructors();
    if (constructors.length == 1 && constructors[0].getParameterCount() > 0) {
      return type.cast(
          constructors[0].newInstance(new Object[constructors[0].getParameterCount()]));
    }
    return CommandLine.defaultFactory().create(type);
  }

  public static int execute(ApplicationContext context, String... args) {
    CommandLine commandLine =
        commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                try {
                  return context.getBean(type);
                } catch (BeansException e) {
                  return CommandLine.defaultFactory().create(type);
                }
              }
            });
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

  private static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(TandemCommand.class, factory);
    commandLine.registerConverter(LocalDate.class, TandemCommand::parseDate);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
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
