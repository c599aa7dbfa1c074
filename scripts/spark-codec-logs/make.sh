#!/bin/sh
# Rebuilds test/fixtures/codec-logs/ with the Java libraries Spark compresses event logs with.
# Needs a JDK and Debian's liblz4-java (1.8.0, Spark 4.0's version), libsnappy-java with
# libsnappy-jni, and libcompress-lzf-java; not needed to run the tests, which read the files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$repo/test/fixtures/codec-logs"
classes=$(mktemp -d)
jars=/usr/share/java/lz4-java.jar:/usr/share/java/snappy-java.jar:/usr/share/java/compress-lzf.jar
javac -d "$classes" -cp "$jars" "$here/SparkCodecLogs.java"
mkdir -p "$out"
# A Spark 4 log (one 80 KB line spans blocks) and a Spark 1.4 one (a thousand short lines).
for log in spark4-sparkpi-events_1 local-1430917381534; do
  java -Dorg.xerial.snappy.use.systemlib=true -Djava.library.path=/usr/lib/x86_64-linux-gnu/jni \
    -cp "$classes:$jars" SparkCodecLogs "$repo/../shared/spark-events/$log" "$out/$log"
done
# Its first half ends before the first job: the Spark 1.4 log's shows the running application.
rm "$out/spark4-sparkpi-events_1.lz4.inprogress"
rm -rf "$classes"
ls -l "$out"
