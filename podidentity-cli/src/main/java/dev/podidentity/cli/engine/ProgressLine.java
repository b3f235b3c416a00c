package dev.podidentity.cli.engine;

import dev.podidentity.cli.port.EventLog;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for reads that take longer than a second: quiet for short ones (most
 * commands on a small cluster), one line a second after that, so stdout stays the command's answer.
 */
public final class ProgressLine implements EventLog.Progress {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final PrintWriter err;
  private final LongSupplier nanos;
  private final long start;
  private long lastPrinted;

  public ProgressLine(PrintWriter err) {
    this(err, System::nanoTime);
  }

  ProgressLine(PrintWriter err, LongSupplier nanos) {
    this.err = err;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    this.lastPrinted = start;
  }

  @Override
  public void read(String topic, long done, long total) {
    long now = nanos.getAsLong();
    if (now - start < SECOND || now - lastPrinted < SECOND) {
      return;
    }
    lastPrinted = now;
    err.printf(
        "reading %s: %,d of %,d records (%d s)%n", topic, done, total, (now - start) / SECOND);
    err.flush();
  }
}
