package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitSummaryTest {
  private final RequestLogTest.Writes out = new RequestLogTest.Writes();

  private List<String> lines(RequestLog log) {
    log.close(); // writes what is buffered
    return Arrays.asList(out.all().split("\n"));
  }

  @Test
  void onlyGrantedCacheHitsAreSummedEverythingElseIsALineOfItsOwn() {
    try (RequestLog log = new RequestLog(out, 1 << 20, Runnable::run);
        HitSummary hits = new HitSummary(log, Duration.ofHours(1), 10, Runnable::run)) {
      // status, cache hit -> summed?
      assertThat(hits.summed(200, true, "10.0.0.1", "ns/a", "ns/id", "https://r/", 1_000)).isTrue();
      assertThat(hits.summed(200, false, "10.0.0.1", "ns/a", "ns/id", "https://r/", 1_000))
          .as("a cache miss")
          .isFalse();
      for (int status : new int[] {400, 403, 404, 502, 503}) {
        assertThat(hits.summed(status, false, "10.0.0.1", "ns/a", "ns/id", "https://r/", 1_000))
            .as("status " + status)
            .isFalse();
      }
    }
  }

  @Test
  void hitsOfOneKeyBecomeOneLineWithTheirCountAndLongestTime() {
    RequestLog log = new RequestLog(out, 1 << 20, Runnable::run);
    HitSummary hits = new HitSummary(log, Duration.ofHours(1), 10, Runnable::run);
    for (int i = 1; i <= 1_000; i++) {
      // Equal labels in new strings each time, as each request's are: the key compares by value.
      hits.summed(
          200,
          true,
          new String("10.0.0.1"),
          new String("ns/a"),
          new String("ns/id"),
          new String("https://r/"),
          i * 1_000L);
    }
    hits.summed(200, true, "10.0.0.2", "ns/b", "ns/id", "https://r/", 5_000);
    assertThat(log.lines()).isZero();

    hits.flush();
    hits.flush(); // nothing new: no more lines

    hits.close();
    List<String> lines = lines(log);
    assertThat(lines).hasSize(2);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .endsWith(
                        "token cache hits ip=10.0.0.1 pod=ns/a identity=ns/id resource=https://r/"
                            + " status=200 outcome=granted count=1000 interval_s=3600"
                            + " max_duration_ms=1.0"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("ip=10.0.0.2 pod=ns/b", "count=1 "));
  }

  @Test
  void keysBeyondTheBoundShareOneLine() {
    RequestLog log = new RequestLog(out, 1 << 20, Runnable::run);
    HitSummary hits = new HitSummary(log, Duration.ofHours(1), 3, Runnable::run);
    for (int i = 0; i < 50; i++) {
      hits.summed(200, true, "10.0.0." + i, "ns/p" + i, "ns/id", "https://r/", 1_000);
    }
    hits.flush();

    hits.close();
    List<String> lines = lines(log);
    assertThat(lines).hasSize(4);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("of further pods and resources (more than 3 keys)", "count=47"));
  }

  @Test
  void aZeroIntervalTurnsSummingOff() {
    try (RequestLog log = new RequestLog(out, 1 << 20, Runnable::run);
        HitSummary hits = new HitSummary(log, Duration.ZERO, 10, Runnable::run)) {
      assertThat(hits.summed(200, true, "10.0.0.1", "ns/a", "ns/id", "https://r/", 1_000))
          .isFalse();
    }
  }
}
