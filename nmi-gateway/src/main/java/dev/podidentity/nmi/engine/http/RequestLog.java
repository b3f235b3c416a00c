package dev.podidentity.nmi.engine.http;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one line per token-endpoint request, written in batches. Going through the logging framework
 * cost a log record, a queue hand-off, a pattern formatter and a flushed write per line: at
 * cache-hit rates a sixth of the node's CPU. Here the event loop appends the line to a buffer under
 * a short lock; {@link #FLUSH_MILLIS} after the first line of a batch, a flush on the given
 * executor (the application's worker pool) hands the buffer to standard output in line-aligned
 * chunks of at most 4 KiB (a pipe writes those atomically, so they never interleave mid-line with
 * other log output). A flush is armed only when there is a line to write, and one at a time: an
 * idle NMI wakes no thread for its log (a periodic tick woke two, ten times a second, on every
 * node). Lines look like the console log's, under the category {@value #CATEGORY}, whose level
 * still switches them off. The buffer is bounded: if standard output stalls, lines are dropped and
 * counted, and the event loop never waits.
 */
public final class RequestLog implements AutoCloseable {
  public static final String CATEGORY = "dev.podidentity.nmi.request";
  static final long FLUSH_MILLIS = 100;
  static final int CHUNK_BYTES = 4096;
  private static final Logger LOG = Logger.getLogger(CATEGORY);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,").withZone(ZoneId.systemDefault());

  private final OutputStream out;
  private final int maxBufferedChars;
  private final Object lock = new Object();
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object writing = new Object();
  private final Executor workers;

  /** A flush is armed or running; cleared by the flush once it has written. */
  private final AtomicBoolean armed = new AtomicBoolean();

  /** The armed flush, cancelled by {@link #close()}: after it, the worker pool may be gone. */
  private volatile Cancellable pending;

  private StringBuilder buffer = new StringBuilder(16 * 1024);
  private StringBuilder spare = new StringBuilder(16 * 1024);
  private long cachedSecond = -1;
  private String cachedPrefix = "";
  private volatile boolean closed;

  public RequestLog(OutputStream out, int maxBufferedChars, Executor workers) {
    this.out = out;
    this.maxBufferedChars = maxBufferedChars;
    this.workers = workers;
  }

  /** To the process's standard output, where container runtimes collect logs. */
  public static RequestLog toStandardOutput(Executor workers) {
    return new RequestLog(new FileOutputStream(FileDescriptor.out), 4 * 1024 * 1024, workers);
  }

  /**
   * Whether lines are wanted ({@code quarkus.log.category."dev.podidentity.nmi.request".level}).
   */
  public boolean enabled() {
    return LOG.isInfoEnabled();
  }

  /** Lines accepted so far. */
  public long lines() {
    return lines.get();
  }

  /** Lines dropped because standard output did not keep up. */
  public long dropped() {
    return dropped.get();
  }

  /** Appends one line: {@code message} must not contain a line break (callers sanitise input). */
  public void line(CharSequence message) {
    if (closed) {
      return;
    }
    long now = System.currentTimeMillis();
    String thread = Thread.currentThread().getName();
    synchronized (lock) {
      if (buffer.length() > maxBufferedChars) {
        dropped.incrementAndGet();
        return;
      }
      long second = now / 1000;
      if (second != cachedSecond) {
        cachedSecond = second;
        cachedPrefix = SECOND.format(Instant.ofEpochSecond(second));
      }
      int millis = (int) (now % 1000);
      buffer
          .append(cachedPrefix)
          .append((char) ('0' + millis / 100))
          .append((char) ('0' + millis / 10 % 10))
          .append((char) ('0' + millis % 10))
          .append(" INFO  [")
          .append(CATEGORY)
          .append("] (")
          .append(thread)
          .append(") ")
          .append(message)
          .append('\n');
    }
    lines.incrementAndGet();
    arm();
  }

  /** Arms one flush {@link #FLUSH_MILLIS} from now unless one is armed or running. */
  private void arm() {
    if (armed.get() || !armed.compareAndSet(false, true)) {
      return;
    }
    pending =
        Uni.createFrom()
            .voidItem()
            .onItem()
            .delayIt()
            .by(Duration.ofMillis(FLUSH_MILLIS))
            .emitOn(workers)
            .subscribe()
            .with(
                v -> flushAndRearm(),
                e -> {
                  armed.set(false); // the next line tries again
                  if (!closed) {
                    LOG.error("the request log's flush could not run", e);
                  }
                });
  }

  /** Writes what is buffered; lines that came during the write arm the next flush. */
  private void flushAndRearm() {
    boolean more;
    try {
      flush();
    } finally {
      armed.set(false);
      synchronized (lock) {
        more = buffer.length() > 0;
      }
    }
    if (more && !closed) {
      arm();
    }
  }

  /** Hands what is buffered to the output; one write at a time. */
  private void flush() {
    synchronized (writing) {
      StringBuilder full;
      synchronized (lock) {
        full = buffer;
        buffer = spare;
      }
      write(full);
      full.setLength(0);
      synchronized (lock) {
        spare = full;
      }
    }
  }

  /**
   * Writes whole lines in chunks of at most {@link #CHUNK_BYTES}, encoding one chunk at a time so a
   * large batch is never copied whole.
   */
  private void write(StringBuilder text) {
    int from = 0;
    try {
      while (from < text.length()) {
        int end = Math.min(text.length(), from + CHUNK_BYTES);
        if (end < text.length()) {
          int lastBreak = text.lastIndexOf("\n", end - 1);
          if (lastBreak >= from) {
            end = lastBreak + 1;
          } else {
            // A line longer than a chunk goes out whole.
            int next = text.indexOf("\n", end);
            end = next < 0 ? text.length() : next + 1;
          }
        }
        byte[] bytes = text.substring(from, end).getBytes(StandardCharsets.UTF_8);
        writeAligned(bytes);
        from = end;
      }
      out.flush();
    } catch (IOException e) {
      dropped.addAndGet(countLines(text, from));
    }
    if (text.capacity() > 256 * 1024) {
      text.setLength(0);
      text.trimToSize(); // a burst's buffer is not kept for ever
    }
  }

  /** Non-ASCII text encodes to more bytes than chars: split again at line ends if needed. */
  private void writeAligned(byte[] bytes) throws IOException {
    int from = 0;
    while (from < bytes.length) {
      int end = Math.min(bytes.length, from + CHUNK_BYTES);
      if (end < bytes.length) {
        int lastBreak = end - 1;
        while (lastBreak > from && bytes[lastBreak] != '\n') {
          lastBreak--;
        }
        if (lastBreak > from) {
          end = lastBreak + 1; // a line longer than a chunk goes out whole, unaligned
        }
      }
      out.write(bytes, from, end - from);
      from = end;
    }
  }

  private static long countLines(StringBuilder text, int from) {
    long n = 0;
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Takes no more lines and writes what is buffered. */
  @Override
  public void close() {
    closed = true;
    Cancellable armedFlush = pending;
    if (armedFlush != null) {
      armedFlush.cancel();
    }
    flush();
  }
}
