package dev.podidentity.assigner.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The reconciler's clock, timers and workers in one, on the test's thread: nothing runs until the
 * test asks, then every task runs in order of its due time (then of submission) and the clock jumps
 * from one due time to the next. Its wall clock ({@link #instant}) moves with it from {@link
 * #WALL_START}. A case that waits minutes of backoff or linger runs in microseconds, the same way
 * every time. A task may itself ask time to run (a cloud call "in flight" letting everything else
 * proceed); that nests, as one thread.
 */
final class VirtualTime extends AbstractExecutorService
    implements ScheduledExecutorService, LongSupplier, InstantSource {
  /** The wall-clock time when the virtual clock starts. */
  static final Instant WALL_START = Instant.parse("2026-12-06T12:00:00Z");

  private static final long START = 1_000_000_000_000L;

  /** {@link #settle} stops once nothing falls due within this much virtual time. */
  static final Duration QUIET = Duration.ofMinutes(1);

  private static final int MAX_TASKS = 1_000_000;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now = START;
  private long submitted;

  @Override
  public long getAsLong() {
    return now;
  }

  @Override
  public Instant instant() {
    return WALL_START.plusNanos(now - START);
  }

  /** Runs every task until the next one is more than {@link #QUIET} away; the clock stops there. */
  void settle() {
    run(Long.MAX_VALUE, QUIET.toNanos());
  }

  /** Runs what falls due within {@code d}, then leaves the clock at {@code d} from now. */
  void advance(Duration d) {
    long until = now + d.toNanos();
    run(until, Long.MAX_VALUE);
    now = until;
  }

  private void run(long until, long quietNanos) {
    for (int n = 0; n < MAX_TASKS; n++) {
      Task next = queue.peek();
      if (next == null || next.due > until || next.due - now > quietNanos) {
        return;
      }
      queue.poll();
      now = Math.max(now, next.due);
      if (next.period > 0) {
        next.due += next.period;
        next.order = submitted++;
        queue.add(next);
      } else {
        next.done = true;
      }
      next.task.run();
    }
    throw new IllegalStateException("a million tasks without a quiet minute: a livelock");
  }

  private Task add(Runnable r, long delayNanos, long periodNanos) {
    Task t = new Task(r, now + Math.max(0, delayNanos), periodNanos, submitted++);
    queue.add(t);
    return t;
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("the reconciler schedules runnables only");
  }

  @Override
  public void shutdown() {
    queue.clear();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> left = queue.stream().map(t -> t.task).toList();
    queue.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return queue.isEmpty();
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable task;
    final long period;
    long due;
    long order;
    boolean done;
    boolean cancelled;

    Task(Runnable task, long due, long period, long order) {
      this.task = task;
      this.due = due;
      this.period = period;
      this.order = order;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task other = (Task) o;
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(order, other.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done || cancelled) {
        return false;
      }
      cancelled = true;
      queue.remove(this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
