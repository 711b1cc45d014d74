package io.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
  private final Storage storage = new Storage(new Configuration());
  @TempDir Path dir;

  @Test
  void listsAFolderInNameOrderAndNothingForAFileOrAMissingFolder() throws Exception {
    Files.writeString(dir.resolve("b.csv"), "12345");
    Files.createDirectories(dir.resolve("a"));
    Location folder = Location.of(dir);

    assertThat(storage.list(folder))
        .extracting(e -> e.name() + (e.directory() ? "/" : ":" + e.size()))
        .containsExactly("a/", "b.csv:5");
    assertThat(storage.list(folder.resolve("b.csv"))).isEmpty();
    assertThat(storage.list(folder.resolve("missing"))).isEmpty();
    assertThat(storage.list(folder).get(1).modifiedMillis())
        .isEqualTo(Files.getLastModifiedTime(dir.resolve("b.csv")).toMillis());
  }

  @Test
  void theObjectStoreConnectorsMatchTheHadoopVersionSparkShipsWith() throws Exception {
    String pom = Files.readString(TestPaths.home().resolve("pom.xml"));
    Matcher pinned = Pattern.compile("<hadoop.version>(.+)</hadoop.version>").matcher(pom);

    assertThat(pinned.find()).as("pom.xml pins hadoop.version").isTrue();
    // hadoop-aws calls into the Hadoop client's internals: only the same release works
    assertThat(pinned.group(1)).isEqualTo(VersionInfo.getVersion());
  }

  @Test
  void writesWholeFilesWithoutChecksumFilesBesideThem() {
    Location file = Location.of(dir).resolve("deep/folder/note.txt");

    assertThat(storage.readString(file)).isEmpty();
    assertThat(storage.createNew(file, "first")).isTrue();
    assertThat(storage.createNew(file, "second")).isFalse();
    assertThat(storage.readString(file)).contains("first");
    storage.writeString(file, "replaced");
    assertThat(storage.readString(file)).contains("replaced");
    assertThat(storage.list(Location.of(dir).resolve("deep/folder")))
        .extracting(Storage.Entry::name)
        .containsExactly("note.txt");

    storage.delete(Location.of(dir).resolve("deep"));
    assertThat(storage.exists(file)).isFalse();
  }
}
