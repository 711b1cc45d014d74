#!/usr/bin/env bash
# The nightly run on a Spark cluster (standalone, YARN or Kubernetes master). Build the jar with
# Spark as "provided" first:  mvn -B -Pcluster -DskipTests package
# Usage: jobs/nightly/spark-submit.sh 2026-11-20   (business date; default: yesterday, UTC)
# Settings on this command line win over conf/spark/*.conf; the warehouse and landing folders must
# be paths every executor can read (HDFS, S3 via s3a://, or a shared mount).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUSINESS_DATE="${1:-$(date -u -d yesterday +%F)}"

exec spark-submit \
  --master "${SPARK_MASTER:-spark://spark-master:7077}" \
  --deploy-mode client \
  --name "tandem-nightly-${BUSINESS_DATE}" \
  --class org.springframework.boot.loader.launch.JarLauncher \
  --driver-memory 6g \
  --executor-memory 8g \
  --conf spark.sql.shuffle.partitions=64 \
  --driver-java-options "$(grep -v '^#' conf/jvm.options | tr '\n' ' ') -DTANDEM_HOME=$PWD" \
  target/tandem-0.1.0-SNAPSHOT.jar \
  run --date "${BUSINESS_DATE}" \
  --landing "${TANDEM_LANDING:?set TANDEM_LANDING}" \
  --warehouse "${TANDEM_WAREHOUSE:?set TANDEM_WAREHOUSE}"
