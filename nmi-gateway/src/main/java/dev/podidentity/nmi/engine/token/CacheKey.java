package dev.podidentity.nmi.engine.token;

/**
 * The token cache's key: two strings whose hashes are cached, so no key string is built per
 * request. Equality is written out, as for every map key of a cache hit: the DaemonSet's JIT (C1
 * only) does not inline the method handles a record's generated equals and hashCode go through,
 * which made a lookup about six times as slow (nmi-gateway/BENCHMARKS.md, "P1: a cache hit's map
 * keys under C1").
 */
record CacheKey(String identity, String resource) {
  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k && identity.equals(k.identity) && resource.equals(k.resource);
  }

  @Override
  public int hashCode() {
    return 31 * identity.hashCode() + resource.hashCode();
  }
}
