package dev.podidentity.cli.core;

import java.util.ArrayList;
import java.util.List;

/** kubectl's plain table: upper-case headers, columns padded to the widest cell, three spaces. */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("a row needs " + headers.size() + " cells");
    }
    List<String> row = new ArrayList<>();
    for (String c : cells) {
      row.add(c == null || c.isEmpty() ? "<none>" : c);
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The lines to print, header first; no trailing spaces. */
  public List<String> lines() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(headers, width));
    rows.forEach(r -> out.add(line(r, width)));
    return out;
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      b.append(cells.get(i));
      if (i < cells.size() - 1) {
        b.append(" ".repeat(width[i] - cells.get(i).length() + 3));
      }
    }
    return b.toString();
  }
}
