#!/usr/bin/env bash
# The nightly run on a Spark cluster, in client mode: the driver runs here, executors on the
# cluster. Build first:  mvn -B -Pcluster -DskipTests package
# That makes target/tandem-0.1.0-SNAPSHOT-cluster.jar (Spark "provided") and target/executor-lib/
# (Tandem's classes as a plain jar, Delta Lake and xz: what executors need beyond Spark).
# Usage: jobs/nightly/spark-submit.sh 2026-11-20   (business date; default: yesterday, UTC)
# SPARK_MASTER: spark://host:7077 (standalone), yarn, or k8s://https://<api-server> (see the
# runbook). Settings on this command line win over conf/spark/*.conf. The warehouse and landing
# folders must be paths every executor can read (HDFS, S3 via s3a://, or a shared mount).
# bench/cluster-run.sh runs the same submission against a standalone cluster on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUSINESS_DATE="${1:-$(date -u -d yesterday +%F)}"
# Object-store connectors (mvn -Pcluster,object-stores package) go to the executors too, unless the
# cluster's Spark distribution has them (hadoop-aws at Spark's Hadoop version).
EXECUTOR_JARS="$(ls target/executor-lib/*.jar target/object-store-lib/*.jar 2>/dev/null | paste -sd, -)"
# Also on the driver's own classpath: the JDK finds Spring Boot's "nested:" jar URL handler with
# the system class loader, not the one spark-submit loads the application with; the application's
# class loader sits under the system one, so the object-store connectors go there too.
CLUSTER_JAR=target/tandem-0.1.0-SNAPSHOT-cluster.jar
DRIVER_CLASS_PATH="${CLUSTER_JAR}"
if [[ -d target/object-store-lib ]]; then
  DRIVER_CLASS_PATH="${DRIVER_CLASS_PATH}:target/object-store-lib/*"
fi

exec spark-submit \
  --master "${SPARK_MASTER:-spark://spark-master:7077}" \
  --deploy-mode client \
  --name "tandem-nightly-${BUSINESS_DATE}" \
  --class org.springframework.boot.loader.launch.JarLauncher \
  --jars "${EXECUTOR_JARS}" \
  --driver-class-path "${DRIVER_CLASS_PATH}" \
  --driver-memory 6g \
  --executor-memory 8g \
  --conf spark.sql.shuffle.partitions=64 \
  --driver-java-options "$(grep -v '^#' conf/jvm.options | tr '\n' ' ') -DTANDEM_HOME=$PWD" \
  "${CLUSTER_JAR}" \
  run --date "${BUSINESS_DATE}" \
  --landing "${TANDEM_LANDING:?set TANDEM_LANDING}" \
  --warehouse "${TANDEM_WAREHOUSE:?set TANDEM_WAREHOUSE}"
