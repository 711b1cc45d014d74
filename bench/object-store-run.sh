#!/usr/bin/env bash
# The nightly job with landing and warehouse on a real S3 API: S3Proxy (an S3-compatible server
# from Maven Central) on loopback, reached through Hadoop's s3a connector. Copies S3Proxy's jars to
# target/s3proxy, builds with the object-store connectors (mvn -Pobject-stores package:
# hadoop-aws and the AWS SDK in target/object-store-lib), then runs ObjectStoreRunIT: the run killed
# in the KPI step, a second writer refused, the run resumed, every table compared with a run on
# local folders. About 700 MB of downloads on a fresh machine (the AWS SDK bundle is most of it).
# Usage: bench/object-store-run.sh            (the test)
#        bench/object-store-run.sh --cluster  (then bench/cluster-run.sh's test on the S3 server)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "S3Proxy jars -> target/s3proxy"
rm -rf target/s3proxy
mvn -B -q -ntp -f bench/object-store/pom.xml dependency:copy-dependencies \
  -DoutputDirectory="$PWD/target/s3proxy"

echo "Tandem with the object-store connectors (mvn -Pobject-stores package)"
mvn -B -q -ntp -Pobject-stores -DskipTests -Dspotless.check.skip=true package

echo "Nightly run on S3, killed, refused, resumed and compared with local folders (ObjectStoreRunIT)"
TANDEM_S3PROXY_LIB="$PWD/target/s3proxy" mvn -B -ntp -Pobject-stores verify -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ObjectStoreRunIT -Dspotless.check.skip=true

if [[ "${1:-}" == "--cluster" ]]; then
  TANDEM_S3PROXY_LIB="$PWD/target/s3proxy" bench/cluster-run.sh
fi
