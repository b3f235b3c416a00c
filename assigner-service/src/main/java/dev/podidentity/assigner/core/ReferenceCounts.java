package dev.podidentity.assigner.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reference counts per resource id, sorted, in two arrays: counted up and down in place, and copied
 * into an immutable {@link SortedMap} as two array copies. A plan takes such a copy of ~1,300
 * counts for each target a batch touches; a {@link TreeMap}'s copy allocated an entry per count and
 * was most of what a batch cost once pods were no longer evaluated again. Not thread-safe.
 */
final class ReferenceCounts {
  private String[] ids = new String[16];
  private int[] counts = new int[16];
  private int size;

  /** Adds {@code n} references to {@code id} (a negative n removes them); zero counts leave. */
  void add(String id, int n) {
    int at = Arrays.binarySearch(ids, 0, size, id);
    if (at >= 0) {
      counts[at] += n;
      if (counts[at] == 0) {
        System.arraycopy(ids, at + 1, ids, at, size - at - 1);
        System.arraycopy(counts, at + 1, counts, at, size - at - 1);
        ids[--size] = null;
      }
      return;
    }
    at = -at - 1;
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, Math.max(16, size * 2));
      counts = Arrays.copyOf(counts, ids.length);
    }
    System.arraycopy(ids, at, ids, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    ids[at] = id;
    counts[at] = n;
    size++;
  }

  void clear() {
    Arrays.fill(ids, 0, size, null);
    size = 0;
  }

  /** The counts now, with {@code more} added, as an immutable sorted map. */
  SortedMap<String, Integer> snapshot(SortedMap<String, Integer> more) {
    if (more.isEmpty()) {
      return new Snapshot(Arrays.copyOf(ids, size), Arrays.copyOf(counts, size));
    }
    ReferenceCounts both = new ReferenceCounts();
    both.ids = Arrays.copyOf(ids, size + more.size());
    both.counts = Arrays.copyOf(counts, size + more.size());
    both.size = size;
    more.forEach(both::add);
    return both.snapshot(Collections.emptySortedMap());
  }

  /** An immutable sorted map over the two arrays; the rarely asked range views go via a copy. */
  static final class Snapshot extends AbstractMap<String, Integer>
      implements SortedMap<String, Integer> {
    private final String[] ids;
    private final int[] counts;

    private Snapshot(String[] ids, int[] counts) {
      this.ids = ids;
      this.counts = counts;
    }

    @Override
    public int size() {
      return ids.length;
    }

    @Override
    public Integer get(Object key) {
      int at = key instanceof String id ? Arrays.binarySearch(ids, id) : -1;
      return at < 0 ? null : counts[at];
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public Set<Entry<String, Integer>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return ids.length;
        }

        @Override
        public Iterator<Entry<String, Integer>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < ids.length;
            }

            @Override
            public Entry<String, Integer> next() {
              if (next == ids.length) {
                throw new NoSuchElementException();
              }
              int at = next++;
              return new SimpleImmutableEntry<>(ids[at], counts[at]);
            }
          };
        }
      };
    }

    @Override
    public Comparator<? super String> comparator() {
      return null;
    }

    @Override
    public String firstKey() {
      if (ids.length == 0) {
        throw new NoSuchElementException();
      }
      return ids[0];
    }

    @Override
    public String lastKey() {
      if (ids.length == 0) {
        throw new NoSuchElementException();
      }
      return ids[ids.length - 1];
    }

    @Override
    public SortedMap<String, Integer> subMap(String fromKey, String toKey) {
      return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
    }

    @Override
    public SortedMap<String, Integer> headMap(String toKey) {
      return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
    }

    @Override
    public SortedMap<String, Integer> tailMap(String fromKey) {
      return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
    }
  }
}
