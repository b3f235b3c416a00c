package dev.podidentity.cli.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A record a service could not handle, as the dead-letter topic keeps it: where it sits there, when
 * it was written, where it was read (original topic, partition, offset), its key and bytes, why it
 * was given up on (reason, exception class) and by which service.
 *
 * <p>Its {@link #id()} is its offset in the dead-letter topic, which has one partition; should it
 * ever have more, the id of a record outside partition 0 is {@code <partition>:<offset>}, so ids
 * stay unique and the old ones keep their meaning.
 *
 * @param originalPartition -1 when the headers do not say
 * @param originalOffset -1 when the headers do not say
 * @param headers every header of the record, the dead-letter ones included
 */
public record DeadLetter(
    int partition,
    long offset,
    long timestampMillis,
    String originalTopic,
    int originalPartition,
    long originalOffset,
    String key,
    String reason,
    String exceptionClass,
    String service,
    byte[] value,
    Map<String, String> headers) {

  /**
   * The header names a dead letter's metadata is written under. They are the contract's (the caller
   * passes them in, so this class stays free of the Kafka glue they live next to); {@code prefix}
   * marks the connector's own family, which has more members than the contract names.
   */
  public record Names(
      String reason,
      String exception,
      String topic,
      String partition,
      String offset,
      String service,
      String prefix) {

    /** Whether a header is dead-letter metadata rather than one of the original record's. */
    public boolean isMetadata(String header) {
      return header.startsWith(prefix)
          || List.of(reason, exception, topic, partition, offset, service).contains(header);
    }
  }

  public DeadLetter {
    headers = Map.copyOf(headers);
  }

  /** The dead letter a record of the dead-letter topic is; missing headers read as empty. */
  public static DeadLetter of(LogRecord record, Names names) {
    Map<String, String> h = record.headers();
    return new DeadLetter(
        record.partition(),
        record.offset(),
        record.timestampMillis(),
        h.getOrDefault(names.topic(), ""),
        (int) number(h.get(names.partition())),
        number(h.get(names.offset())),
        record.key(),
        h.getOrDefault(names.reason(), ""),
        h.getOrDefault(names.exception(), ""),
        h.getOrDefault(names.service(), ""),
        record.value(),
        h);
  }

  /** How {@code show} and {@code reprocess} name it: see the type's note. */
  public String id() {
    return partition == 0 ? Long.toString(offset) : partition + ":" + offset;
  }

  /** Where it was read, {@code topic-partition@offset}, or "" when the headers do not say. */
  public String origin() {
    if (originalTopic.isEmpty()) {
      return "";
    }
    return originalTopic
        + (originalPartition < 0 ? "" : "-" + originalPartition)
        + (originalOffset < 0 ? "" : "@" + originalOffset);
  }

  public Instant time() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /** The value as text when it is UTF-8 without control characters (JSON is); else empty. */
  public Optional<String> valueText() {
    if (value == null) {
      return Optional.empty();
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
      boolean control =
          text.chars()
              .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
      return control ? Optional.empty() : Optional.of(text);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** The value as people read it: its text, {@code <tombstone>}, or base64 and its length. */
  public String valueShown() {
    if (value == null) {
      return "<tombstone>";
    }
    return valueText()
        .orElseGet(
            () ->
                "base64:"
                    + Base64.getEncoder().encodeToString(value)
                    + " ("
                    + value.length
                    + " bytes)");
  }

  /**
   * The original record's own headers (CloudEvents metadata, the node), sorted: what a retry sends.
   */
  public Map<String, String> originalHeaders(Names names) {
    Map<String, String> kept = new TreeMap<>();
    headers.forEach(
        (k, v) -> {
          if (!names.isMetadata(k)) {
            kept.put(k, v);
          }
        });
    return kept;
  }

  /** The reason's first line, at most {@code width} characters (an ellipsis marks a cut). */
  public String shortReason(int width) {
    String line = reason.lines().findFirst().orElse("").strip();
    return line.length() <= width ? line : line.substring(0, width - 1) + "…";
  }

  private static long number(String text) {
    if (text == null || text.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
