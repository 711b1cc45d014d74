package io.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
  @TempDir Path dir;

  @Test
  void permissionsAreSetAsChmodWouldSetThem() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);

    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("a.txt").toUri());
    fs.create(file).close();
    fs.setPermission(file, new FsPermission((short) 0640));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.txt"))))
        .isEqualTo("rw-r-----");

    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve("b/c").toUri());
    fs.mkdirs(folder, new FsPermission((short) 0751));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b/c"))))
        .isEqualTo("rwxr-x--x");
    // The checksum file system still writes its .crc files beside the data.
    assertThat(dir.resolve(".a.txt.crc")).exists();
  }
}
