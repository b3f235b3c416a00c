#!/bin/sh
# Creates the pod identity topics on a plain Kafka cluster, or checks and corrects their settings
# when they exist. Idempotent: run it before every upgrade. Needs kafka-topics.sh and
# kafka-configs.sh (Kafka's bin/ directory) on the PATH or in KAFKA_BIN.
#   KAFKA_BOOTSTRAP_SERVERS=broker:9092 ./create-topics.sh
# Optional: REPLICATION_FACTOR (default: the broker's default.replication.factor),
#           KAFKA_COMMAND_CONFIG (a client properties file, e.g. for TLS or SASL).
# The table must match dev.podidentity.events.Topics.ALL; the k8s module's tests check that.
set -eu

: "${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS to the brokers, e.g. broker:9092}"
BIN="${KAFKA_BIN:-}"
[ -n "$BIN" ] && BIN="${BIN%/}/"
COMMON="--bootstrap-server $KAFKA_BOOTSTRAP_SERVERS"
[ -n "${KAFKA_COMMAND_CONFIG:-}" ] && COMMON="$COMMON --command-config $KAFKA_COMMAND_CONFIG"
RF=""
[ -n "${REPLICATION_FACTOR:-}" ] && RF="--replication-factor $REPLICATION_FACTOR"

# name partitions configs (comma-separated key=value)
TOPICS='
podidentity.nodes.v1 1 cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,delete.retention.ms=86400000
podidentity.pods.v1 6 cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,delete.retention.ms=86400000
podidentity.config.v1 1 cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,delete.retention.ms=86400000
podidentity.assignments.v1 6 cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,min.compaction.lag.ms=604800000,delete.retention.ms=604800000
podidentity.ledger.v1 1 cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,min.compaction.lag.ms=604800000,delete.retention.ms=604800000
podidentity.deadletter.v1 1 cleanup.policy=delete,retention.ms=1209600000
podidentity.heartbeats.v1 1 cleanup.policy=delete,retention.ms=600000,segment.ms=60000
'

failed=0
echo "$TOPICS" | while read -r name partitions configs; do
  [ -z "$name" ] && continue
  config_args=""
  for c in $(echo "$configs" | tr ',' ' '); do config_args="$config_args --config $c"; done
  # shellcheck disable=SC2086
  "${BIN}kafka-topics.sh" $COMMON --create --if-not-exists --topic "$name" \
    --partitions "$partitions" $RF $config_args
  # An existing topic keeps its partitions: changing them would move pods' keys to other
  # partitions under running consumers. Report a mismatch and stop instead.
  # shellcheck disable=SC2086
  actual=$("${BIN}kafka-topics.sh" $COMMON --describe --topic "$name" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)
  if [ "$actual" != "$partitions" ]; then
    echo "ERROR: topic $name has $actual partitions, expected $partitions; not changed" >&2
    exit 1
  fi
  # Settings are corrected in place (e.g. a topic created by auto-create without compaction).
  # shellcheck disable=SC2086
  "${BIN}kafka-configs.sh" $COMMON --alter --entity-type topics --entity-name "$name" \
    --add-config "$configs"
done || failed=1
exit "$failed"
