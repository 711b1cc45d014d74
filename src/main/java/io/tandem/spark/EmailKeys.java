package io.tandem.spark;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of e-mail addresses (HMAC-SHA256 of the trimmed, lower-cased address), so silver and
 * later layers can join people without holding their addresses. The key comes from the environment
 * variable TANDEM_EMAIL_KEY; without it a fixed, public demo key is used, with a warning: never run
 * real data that way.
 */
public final class EmailKeys {
  public static final String ENVIRONMENT_VARIABLE = "TANDEM_EMAIL_KEY";
  private static final String DEMO_KEY = "tandem-demo-key-not-secret";

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
