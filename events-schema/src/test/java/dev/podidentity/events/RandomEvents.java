package dev.podidentity.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random but valid events for property tests; the same seed gives the same events. */
final class RandomEvents {
  private static final String TEXT = "abcdefghijklmnopqrstuvwxyz0123456789-._ ÄéΩ☃/|:\"\\";
  private final Random random;

  RandomEvents(long seed) {
    this.random = new Random(seed);
  }

  Event any() {
    return switch (random.nextInt(8)) {
      case 0 -> node();
      case 1 -> pod();
      case 2 -> identity();
      case 3 -> binding();
      case 4 -> exception();
      case 5 -> assignment();
      case 6 -> ledger();
      default -> NodeRecord.of(text(), maybe(this::text), maybe(this::text));
    };
  }

  NodeRecord node() {
    boolean managed = random.nextBoolean();
    return new NodeRecord(
        version(),
        text(),
        maybe(this::text),
        managed ? target() : null,
        managed ? maybe(this::text) : text(),
        maybe(this::text),
        maybe(this::text));
  }

  PodRecord pod() {
    return new PodRecord(
        version(),
        text(),
        text(),
        text(),
        text(),
        maybe(this::target),
        list(this::text),
        pick(PodPhase.values()),
        random.nextBoolean(),
        random.nextBoolean(),
        labels(),
        maybe(this::text),
        maybe(this::text));
  }

  IdentityRecord identity() {
    boolean valid = random.nextBoolean();
    return new IdentityRecord(
        version(),
        text(),
        text(),
        pick(IdentityType.values()),
        maybe(this::text),
        maybe(this::text),
        maybe(this::text),
        maybe(() -> new SecretRef(text(), text())),
        list(this::text),
        maybe(this::text),
        maybe(this::text),
        random.nextBoolean(),
        random.nextBoolean(),
        valid,
        valid ? maybe(this::text) : text(),
        maybe(this::text));
  }

  BindingRecord binding() {
    boolean valid = random.nextBoolean();
    return new BindingRecord(
        version(),
        text(),
        text(),
        maybe(this::text),
        maybe(this::text),
        valid,
        valid ? null : text(),
        maybe(() -> pick(new String[] {Eager.ALL, Eager.NONE, "pool-a", "pool-a,pool-b"})),
        maybe(this::text));
  }

  ExceptionRecord exception() {
    return new ExceptionRecord(version(), text(), text(), labels(), maybe(this::text));
  }

  AssignmentRecord assignment() {
    return new AssignmentRecord(
        version(), text(), text(), text(), text(), target(), list(this::assignedIdentity));
  }

  AssignedIdentity assignedIdentity() {
    AssignmentState state = pick(AssignmentState.values());
    return new AssignedIdentity(
        text(),
        text(),
        text(),
        pick(IdentityType.values()),
        maybe(this::text),
        maybe(this::text),
        maybe(this::text),
        state,
        state == AssignmentState.FAILED ? text() : maybe(this::text));
  }

  LedgerRecord ledger() {
    return new LedgerRecord(
        version(),
        target(),
        list(this::text),
        maybe(() -> new LedgerRecord.Intent(text(), list(this::text), list(this::text))),
        maybe(
            () ->
                new LedgerRecord.Blocked(
                    Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)),
                    pick(LedgerRecord.Cause.values()),
                    maybe(this::text))));
  }

  ComputeTarget target() {
    return new ComputeTarget(pick(ComputeTarget.Kind.values()), text(), text(), text());
  }

  private int version() {
    return 1 + random.nextInt(3);
  }

  private String text() {
    int length = 1 + random.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(TEXT.charAt(random.nextInt(TEXT.length())));
    }
    return sb.toString().isBlank() ? "x" + sb : sb.toString();
  }

  private Map<String, String> labels() {
    Map<String, String> m = new HashMap<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      m.put(text(), random.nextInt(5) == 0 ? "" : text());
    }
    return m;
  }

  private <T> List<T> list(java.util.function.Supplier<T> element) {
    List<T> out = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(element.get());
    }
    return out;
  }

  private <T> T maybe(java.util.function.Supplier<T> value) {
    return random.nextInt(3) == 0 ? null : value.get();
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
