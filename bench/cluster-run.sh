#!/usr/bin/env bash
# The nightly job on a real Spark standalone cluster on this machine, compared with local mode:
# downloads a Spark distribution's jars from Maven Central into target/spark-home, builds the
# cluster jar (mvn -Pcluster package: Spark "provided", executor libraries in target/executor-lib),
# then runs ClusterRunIT: a master and a worker as JVMs of their own on loopback, the job submitted
# with SparkSubmit in client mode, every table compared with a local-mode run of the same extracts.
# With TANDEM_S3PROXY_LIB set (bench/object-store-run.sh --cluster), landing and warehouse of the
# cluster run are on an S3 server the test starts, reached through the s3a connector.
# Usage: bench/cluster-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
parent_version() { sed -n '/<parent>/,/<\/parent>/s:.*<version>\(.*\)</version>.*:\1:p' "$1"; }
if [[ "$(parent_version pom.xml)" != "$(parent_version bench/cluster/pom.xml)" ]]; then
  echo "bench/cluster/pom.xml must name the parent version of pom.xml ($(parent_version pom.xml))" >&2
  exit 1
fi

spark_home="$PWD/target/spark-home"
echo "Spark $(prop spark.version) distribution jars -> $spark_home/jars"
mvn -B -q -ntp -f bench/cluster/pom.xml dependency:copy-dependencies \
  -DoutputDirectory="$spark_home/jars" \
  -Dspark.version="$(prop spark.version)" -Dscala.binary.version="$(prop scala.binary.version)" \
  -Dnetty.version="$(prop netty.version)" -Djakarta-servlet.version="$(prop jakarta-servlet.version)" \
  -Djersey.version="$(prop jersey.version)" -Djakarta-ws-rs.version="$(prop jakarta-ws-rs.version)"
# A RELEASE file marks a distribution: workers then take executors' classpath from jars/.
touch "$spark_home/RELEASE"

echo "Cluster jar (mvn -Pcluster package)"
mvn -B -q -ntp -Pcluster -DskipTests -Dspotless.check.skip=true package

profiles=()
if [[ -n "${TANDEM_S3PROXY_LIB:-}" ]]; then
  profiles=(-Pobject-stores) # the connectors on the test's class path; built by object-store-run.sh
fi
echo "Cluster run and comparison with local mode (ClusterRunIT)"
TANDEM_SPARK_HOME="$spark_home" mvn -B -ntp "${profiles[@]}" verify -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ClusterRunIT -Dspotless.check.skip=true
