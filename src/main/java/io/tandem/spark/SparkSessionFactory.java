package io.tandem.spark;

import io.tandem.config.PrivateFolders;
import io.tandem.errors.TandemErrors;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way Tandem builds a SparkSession: settings from conf/spark/*.conf (spark-defaults format,
 * read in name order), Delta Lake enabled, UTC session time zone. Under spark-submit the master and
 * resources come from the submit command and win over the files. A local master listens on loopback
 * only and keeps its scratch files in a private folder of the var folder ({@link
 * PrivateFolders#sparkScratch}).
 */
public final class SparkSessionFactory {
  private SparkSessionFactory() {}

  public static SparkSession create(Path sparkConfDir, Path varDir) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "tandem");
    loadConfFiles(sparkConfDir, conf);
    if (conf.get("spark.master").startsWith("local")) {
      // One machine: the driver and block manager listen on loopback only, never on a network.
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      if (!conf.contains("spark.local.dir")) {
        conf.set("spark.local.dir", PrivateFolders.sparkScratch(varDir).toString());
      }
    }
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.warehouse.dir", varDir.resolve("spark-warehouse").toString());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    SqlFunctions.register(spark);
    return spark;
  }

  /**
   * The Hadoop configuration a session built from {@code confDir}/spark would have (its {@code
   * spark.hadoop.*} settings, from the files and system properties), for reaching the landing and
   * warehouse before Spark starts.
   */
  public static Configuration hadoopConfiguration(Path confDir) {
    SparkConf conf = new SparkConf();
    loadConfFiles(confDir.resolve("spark"), conf);
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> setting : conf.getAll()) {
      if (setting._1().startsWith("spark.hadoop.")) {
        hadoop.set(setting._1().substring("spark.hadoop.".length()), setting._2());
      }
    }
    return hadoop;
  }

  private static void loadConfFiles(Path dir, SparkConf conf) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
          properties.load(reader);
        }
        properties
            .stringPropertyNames()
            .forEach(k -> conf.setIfMissing(k, properties.getProperty(k).trim()));
      }
    } catch (IOException e) {
      throw TandemErrors.badConfig(dir, TandemErrors.rootMessage(e), e);
    }
  }
}
