#!/usr/bin/env bash
# The mint command: builds mint4j on first use (Maven, offline natives from Maven Central), then runs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/mint-cli/target/mint-cli-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || -n "$(find "$here"/mint-*/src -path '*/src/*' -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "building mint4j (mvn -q -B install -DskipTests) ..." >&2
  log="$(mktemp)"
  if ! (cd "$here" && mvn -q -B install -DskipTests >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
  # Maven leaves the jar untouched when only another module changed; mark the build as done.
  touch "$jar"
fi
classpath="$jar:$here/mint-cli/target/lib/*"
if [[ " $* " != *" --fast-kernels "* ]]; then
  # The same digits on every x86-64 CPU with AVX2: the engine's libraries read these when they load.
  while IFS='=' read -r name value; do
    [[ -z "$name" || "$name" == \#* ]] || export "$name=$value"
  done < "$here/mint-core/src/main/resources/org/mint4j/train/reproducible-kernels.env"
fi
# The estimator's hot methods compiled by C2 after 1/20 of the usual calls: the distance kernel and
# Prim's steps (BoundedDistanceRows, PrimKeys, KeyTournament). In a short process (mint gmi) they
# would otherwise reach C2 only during the estimate, running their vector code slowly until then,
# and Prim's step compiled on the estimate's first steps alone was thrown out once blocks of points
# filled up (docs/benchmarks.md, issue 24). quiet: CompileCommand would print to stdout.
java_options=(-XX:CompileCommand=quiet)
for method in SquaredDistances::block 'BoundedDistanceRows::*' 'PrimKeys::*' 'KeyTournament::*'; do
  java_options+=(-XX:CompileCommand=CompileThresholdScaling,org.mint4j.gmi."$method",0.05)
done
# Class data sharing: the classes a start loads (the JDK's, mint4j's, its libraries'; not picocli's,
# whose Java 5 class files cannot be archived) mapped from an archive instead of read and verified,
# about 0.15 s off every start (docs/benchmarks.md, issue 24). Made once per build from a tiny
# mint gmi, written whole or not at all; the JVM checks it against the class path and ignores it
# when stale. -Xlog:cds=off: the JVM would log its notices about unarchivable classes to stdout.
archive="$here/mint-cli/target/mint.jsa"
cds_quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
if [[ ! -f "$archive" || "$jar" -nt "$archive" ]]; then
  tmp="$(mktemp -d)"
  for f in x y z; do
    awk -v s="$f" 'BEGIN { srand(length(s)); for (i = 0; i < 64; i++) printf "%.6f,%.6f\n", rand(), rand() }' \
      > "$tmp/$f.csv"
  done
  if java "${java_options[@]}" "${cds_quiet[@]}" -XX:ArchiveClassesAtExit="$tmp/mint.jsa" \
      --add-modules jdk.incubator.vector -cp "$classpath" org.mint4j.cli.Mint gmi "$tmp/x.csv" "$tmp/y.csv" \
      "$tmp/z.csv" >/dev/null 2>&1; then
    mv -f "$tmp/mint.jsa" "$archive" 2>/dev/null || true # a read-only checkout runs without it
  fi
  rm -rf "$tmp"
fi
[[ -f "$archive" ]] && java_options+=(-XX:SharedArchiveFile="$archive" "${cds_quiet[@]}")
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  # Huge pages for the heap: fresh memory costs 30x less to touch on the VMs measured (docs/benchmarks.md).
  java_options+=(-XX:+UseTransparentHugePages)
fi
if [[ "${1:-}" == gmi && "${MINT_JAVA_OPTS:-}" != *GC* ]]; then
  # One short estimate on 2 cores: the serial collector (cheaper write barriers, nothing running
  # beside the program), arrays of 1 MB or more (the estimator's matrices) allocated in the old
  # generation at once instead of copied there by young collections (0.03-0.06 s of pauses
  # instead of up to 0.3 s), and a second C2 thread (the parser and the kernels compile at once)
  # (docs/benchmarks.md, issue 24). Not when the user picks a collector.
  java_options+=(-XX:+UseSerialGC -XX:PretenureSizeThreshold=1m -XX:CICompilerCount=3)
fi
if [[ " $* " == *" --spark "* || " $* " == *" --spark="* ]]; then
  # Spark only when asked: its jars, and the module openings it needs on Java 17 (the same list as
  # mint-spark/pom.xml's spark.java.options; SparkLauncherOptionsTest checks they agree).
  classpath="$classpath:$here/mint-spark/target/mint-spark-0.1.0-SNAPSHOT.jar:$here/mint-spark/target/lib/*"
  java_options+=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
    --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
    -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
fi
# MINT_JAVA_OPTS comes last among the JVM options, so that a user's flag overrides the launcher's.
# The filter drops the engine's harmless notices: a deprecation per thread, and NNPACK failing to
# start on CPUs its detection does not know (PyTorch then convolves without it; 55 lines per forward
# pass of ResNet-56, one per conv, on the first passes). It ignores the signals that stop mint (Ctrl-C
# reaches the whole process group), so that mint's last line still passes; it ends with mint's stderr.
exec java "${java_options[@]}" ${MINT_JAVA_OPTS:--Xmx8g} --add-modules jdk.incubator.vector -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error \
  -Dmint.launcher="$here/mint" -cp "$classpath" org.mint4j.cli.Mint "$@" \
  2> >(trap '' INT TERM HUP; grep --line-buffered -v -e '^WARNING: Using incubator modules' -e 'LegacyTypeDispatch.h' \
    -e 'NNPACK.cpp' >&2)
