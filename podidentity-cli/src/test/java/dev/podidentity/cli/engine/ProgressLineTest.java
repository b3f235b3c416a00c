package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StringWriter err = new StringWriter();
  private final ProgressLine line = new ProgressLine(new PrintWriter(err), now::get);

  private void after(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void aReadShorterThanASecondPrintsNothing() {
    after(999);
    line.read("t", 10, 20);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aLongReadPrintsOneLineASecond() {
    after(1_000);
    line.read("t", 1_000, 5_000);
    after(500);
    line.read("t", 2_000, 5_000);
    after(500);
    line.read("t", 3_000, 5_000);
    assertThat(err.toString())
        .isEqualTo(
            "reading t: 1,000 of 5,000 records (1 s)%nreading t: 3,000 of 5,000 records (2 s)%n"
                .formatted());
  }
}
