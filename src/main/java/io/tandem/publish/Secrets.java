package io.tandem.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The passwords Tandem generates (the embedded PostgreSQL's superuser, the BI role's unless one is
 * set), each in a file of {@code <var>/secrets/} that only its owner may read (folder 0700, file
 * 0600). Logs and reports name the file, never the value.
 */
public final class Secrets {
  public static final String SUPERUSER = "postgres-superuser";
  public static final String BI_PASSWORD = "bi-password";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  public static Path file(Path varDir, String name) {
    return varDir.resolve("secrets").resolve(name);
  }

  /** The secret in {@code <var>/secrets/<name>}, generated (24 random bytes) the first time. */
  public static String readOrCreate(Path varDir, String name) {
    Path file = file(varDir, name);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(
            file.getParent(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: read theirs
        }
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
