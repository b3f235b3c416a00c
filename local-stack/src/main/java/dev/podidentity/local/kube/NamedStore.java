package dev.podidentity.local.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * fabric8's CRUD store with its objects also found by name, as kube-apiserver finds them: the store
 * answers a read of one object (a GET, and the existence check of every create, update and patch)
 * by matching every stored object's attributes, so in a burst of pods its CPU grew with the cluster
 * and it was the stack's largest user. Here those reads look at the objects of that name only;
 * lists and watches are the store's own.
 *
 * <p>The index is updated in the one place the store changes ({@link #processEvent}), under a lock
 * of its own that reads also take, so a read sees the store and the index at the same version: a
 * name the index does not have is not in the store. Should the store ever keep an object under
 * attributes other than those computed here, the index is dropped and every read is the store's own
 * again: slower, never wrong.
 */
final class NamedStore extends KubernetesCrudDispatcher {
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();
  private volatile boolean exact = true;

  @Override
  public MockResponse handleGet(String path) {
    if (!path.contains("watch=true")) {
      AttributeSet query = attributeExtractor.fromPath(path);
      Lookup found = lookup(query);
      if (found.known()) {
        MockResponse response = new MockResponse();
        if (found.value() == null) {
          return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        return response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.value());
      }
    }
    return super.handleGet(path);
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Lookup found = lookup(attributes);
    if (!found.known()) {
      return super.findResource(attributes);
    }
    return found.value() == null ? null : Map.entry(found.key(), found.value());
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    lock.writeLock().lock();
    try {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (!exact) {
        return;
      }
      if (oldAttributes != null) {
        unindex(oldAttributes);
      }
      if (newState != null) {
        AttributeSet stored = storedAttributes(pathAttributes, resource, newState);
        if (map.containsKey(stored)) {
          index(stored);
        } else {
          exact = false;
          byName.clear();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void reset() {
    lock.writeLock().lock();
    try {
      super.reset();
      byName.clear();
      exact = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** False once the index was dropped: every read is then the store's own. */
  boolean indexed() {
    return exact;
  }

  /**
   * The one stored object of the queried name that matches the query; unknown (left to the store)
   * for a query without a plain name, more than one match, or once the index was dropped.
   */
  private Lookup lookup(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH) {
      return Lookup.UNKNOWN;
    }
    lock.readLock().lock();
    try {
      if (!exact) {
        return Lookup.UNKNOWN;
      }
      AttributeSet match = null;
      for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
        if (key.matches(query)) {
          if (match != null) {
            return Lookup.UNKNOWN;
          }
          match = key;
        }
      }
      return match == null ? Lookup.ABSENT : new Lookup(true, match, map.get(match));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The attributes the store keeps an object under, computed as it computes them. */
  private AttributeSet storedAttributes(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet attributes =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return attributes.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? attributes
        : AttributeSet.merge(pathAttributes, attributes);
  }

  private void index(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    if (name != null) {
      byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
    }
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    Set<AttributeSet> keys = name == null ? null : byName.get(name);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      byName.remove(name);
    }
  }

  /** What the index knows of one name: nothing ({@code known} false), absent, or the object. */
  private record Lookup(boolean known, AttributeSet key, String value) {
    static final Lookup UNKNOWN = new Lookup(false, null, null);
    static final Lookup ABSENT = new Lookup(true, null, null);
  }
}
