# Sourced by bin/jdht and .ci/run: sets JDHT_JAVA_HOME to a JDK >= 25, or fails with a message.
# Order: $JAVA_HOME if it is new enough, then the newest JDK >= 25 under /usr/lib/jvm.
jdht_java_major() {
  # The JDK's release file names its version; reading it costs nothing, where asking the java
  # binary starts a JVM (a tenth of a second on every bin/jdht command). Ask java only without one.
  local major=""
  if [ -f "$1/release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$major" ]; then
    major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  fi
  echo "$major"
}
jdht_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(jdht_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      JDHT_JAVA_HOME=$JAVA_HOME
      return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(jdht_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      JDHT_JAVA_HOME=$candidate
      return 0
    fi
  done
  echo "jdht: needs a JDK 25 or newer; set JAVA_HOME to one (none found under /usr/lib/jvm)" >&2
  return 1
}
