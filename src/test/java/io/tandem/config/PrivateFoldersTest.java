package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFoldersTest {
  @TempDir Path var;

  /**
   * A process killed with kill -9 cannot remove its Spark scratch files (shuffle blocks with ids
   * and keyed addresses in them): the next process removes the folders of processes no longer
   * alive, and keeps its own owner-only.
   */
  @Test
  void theScratchOfADeadProcessIsRemovedAndOursIsPrivate() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    Path dead = var.resolve("spark-scratch/" + exited.pid() + "/blockmgr-1");
    Files.createDirectories(dead);
    Files.writeString(dead.resolve("shuffle_0_0_0.data"), "00Q000000000000001,ann@acme.example");
    Path stray = Files.createDirectories(var.resolve("spark-scratch/not-a-pid"));

    Path own = PrivateFolders.sparkScratch(var);

    assertThat(own).isEqualTo(var.resolve("spark-scratch/" + ProcessHandle.current().pid()));
    assertThat(own).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own)))
        .isEqualTo("rwx------");
    assertThat(dead.getParent()).doesNotExist();
    assertThat(stray).doesNotExist();
    Files.writeString(own.resolve("block"), "x");
    assertThat(PrivateFolders.sparkScratch(var))
        .as("a live process keeps its files")
        .isEqualTo(own);
    assertThat(own.resolve("block")).exists();
  }
}
