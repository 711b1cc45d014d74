package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.privacy.ErasureLog;
import io.tandem.privacy.ErasureService;
import io.tandem.storage.Location;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description =
        "Erase a person (GDPR/CCPA): delete every row that names them from every layer, bronze included, rebuild and republish the warehouse, keep them out of later extracts (suppression list of keyed hashes), and record an audit entry without personal data. Old data files are purged by the nightly run once privacy.purge_after_hours have passed, or at once with --purge-now.")
public class EraseCommand implements Callable<Integer> {
  static class Person {
    @Option(names = "--email", paramLabel = "ADDRESS", description = "The person's e-mail address.")
    String email;

    @Option(
        names = "--lead-id",
        paramLabel = "ID",
        description =
            "A CRM record id of the person (Salesforce lead or contact, HubSpot contact).")
    String recordId;
  }

  @ArgGroup(multiplicity = "1")
  Person person;

  @Option(
      names = "--reference",
      paramLabel = "TEXT",
      description = "Your request's reference (ticket number), kept in the audit record.")
  String reference;

  @Option(
      names = "--purge-now",
      description =
          "Vacuum every table now (retention 0 hours) instead of after privacy.purge_after_hours; time travel to earlier versions ends.")
  boolean purgeNow;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR|URI",
      description =
          "Delta warehouse folder or object store URI (default: tandem.warehouse, TANDEM_WAREHOUSE or var/warehouse).")
  String warehouse;

  private final ErasureService erasures;
  private final TandemSettings settings;

  public EraseCommand(ErasureService erasures, TandemSettings settings) {
    this.erasures = erasures;
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    Location target = warehouse != null ? Location.of(warehouse) : settings.warehouseLocation();
    ErasureService.Outcome outcome =
        erasures.erase(target, person.email, person.recordId, reference, purgeNow);
    ErasureLog.Entry entry = outcome.entry();
    System.out.println("Erasure " + entry.erasureId() + " (audit: privacy.erasure_log)");
    System.out.println("  people: " + entry.people() + ", identifiers: " + entry.identifiers());
    System.out.println(
        "  rows deleted: " + (entry.rowsDeleted().isEmpty() ? "none" : entry.rowsDeleted()));
    System.out.println(
        entry.rebuiltRunId() == null
            ? "  no completed run to rebuild: the next run builds silver, journey and gold without them"
            : "  silver, journey and gold rebuilt and republished by run " + entry.rebuiltRunId());
    System.out.println(
        outcome.purged()
            ? "  old data files vacuumed now"
            : "  old data files are vacuumed by the first nightly run after "
                + entry.purgeAfter()
                + " (or now: bin/tandem erase ... --purge-now)");
    if (!entry.landingFiles().isEmpty()) {
      System.out.println(
          "  landing files that still hold them (Tandem never changes landing; delete or re-extract"
              + " them at the source; the suppression list keeps them out meanwhile):");
      entry.landingFiles().forEach(f -> System.out.println("    " + f));
    }
    return 0;
  }
}
