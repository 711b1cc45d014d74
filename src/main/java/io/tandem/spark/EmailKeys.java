package io.tandem.spark;

import io.tandem.errors.TandemErrors;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of e-mail addresses (HMAC-SHA256 of the trimmed, lower-cased address), so silver and
 * later layers can join people without holding their addresses. The key comes from the environment
 * variable TANDEM_EMAIL_KEY; without it a fixed, public demo key is used, with a warning, and only
 * for the demo company's data ({@link #requireKeyFor}).
 */
public final class EmailKeys {
  public static final String ENVIRONMENT_VARIABLE = "TANDEM_EMAIL_KEY";
  static final String DEMO_KEY = "tandem-demo-key-not-secret";
  static final String FINGERPRINT_FILE = "_email_key_fingerprint";

  private EmailKeys() {}

  public static String configuredKey() {
    return usingDemoKey() ? DEMO_KEY : System.getenv(ENVIRONMENT_VARIABLE);
  }

  public static boolean usingDemoKey() {
    String key = System.getenv(ENVIRONMENT_VARIABLE);
    return key == null || key.isBlank();
  }

  /** The warning a run shows while the demo key is in use. */
  public static String demoKeyWarning() {
    return ENVIRONMENT_VARIABLE
        + " is not set: e-mail addresses are hashed with the public demo key. Set it to a secret"
        + " before loading real data.";
  }

  /**
   * Makes sure a warehouse is only ever written with the key that built it: the first writer
   * records a fingerprint of its key (a keyed hash that does not reveal the key) in {@code
   * <warehouse>/_email_key_fingerprint}; a writer with another key is refused, since its hashes
   * would match nobody (an erasure would silently miss the person, people would split in two).
   */
  public static void checkWarehouse(Storage storage, Location warehouse, String key) {
    Location file = warehouse.resolve(FINGERPRINT_FILE);
    String fingerprint = hmac(key, "tandem warehouse key fingerprint").substring(0, 16);
    Optional<String> recorded = storage.readString(file).map(String::strip);
    if (recorded.isEmpty()) {
      storage.writeString(file, fingerprint + "\n");
    } else if (!recorded.get().equals(fingerprint)) {
      throw TandemErrors.emailKeyMismatch(
          warehouse, recorded.get(), fingerprint, recorded.get().equals(demoFingerprint()));
    }
  }

  /**
   * The public demo key may hash only the demo company's data: a landing folder written by {@code
   * generate} or {@code demo} (it holds {@code _ground_truth/}), or a warehouse already built with
   * the demo key. Anything else needs TANDEM_EMAIL_KEY, unless TANDEM_ALLOW_DEMO_KEY=true (or the
   * system property tandem.allow-demo-key) says a trial on other data is meant.
   */
  public static void requireKeyFor(Storage storage, Location landing, Location warehouse) {
    if (!usingDemoKey()
        || Boolean.parseBoolean(System.getProperty("tandem.allow-demo-key"))
        || Boolean.parseBoolean(System.getenv("TANDEM_ALLOW_DEMO_KEY"))
        || storage.isDirectory(landing.resolve("_ground_truth"))
        || storage
            .readString(warehouse.resolve(FINGERPRINT_FILE))
            .map(String::strip)
            .filter(demoFingerprint()::equals)
            .isPresent()) {
      return;
    }
    throw TandemErrors.emailKeyMissing(landing);
  }

  private static String demoFingerprint() {
    return hmac(DEMO_KEY, "tandem warehouse key fingerprint").substring(0, 16);
  }

  public static String hash(String key, String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    return hmac(key, email.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Keyed hash of another identifier of a person (a CRM record id, a cookie, a click id), exactly
   * as written: ids are case-sensitive. Prefixed so an id never hashes like an address.
   */
  public static String identifierHash(String key, String identifier) {
    if (identifier == null || identifier.isBlank()) {
      return null;
    }
    return hmac(key, "id:" + identifier.trim());
  }

  /** The plain SHA-256 of a lower-cased address, as a site's tag writes it into GA4 user_id. */
  public static String sha256(String email) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmac(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
