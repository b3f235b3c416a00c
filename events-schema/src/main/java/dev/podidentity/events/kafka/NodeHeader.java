package dev.podidentity.events.kafka;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.PodRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The node a pod's record is about, in a header of its own ({@value #NAME}, the node name in
 * UTF-8), on every record of the pods and assignments topics that has a value. A partition of those
 * topics holds the pods of every node of the targets that hash to it (at AKS's limits a hundred
 * times what one node has), and each node agent needs only its own: with the node outside the JSON
 * it drops the others' records without parsing them.
 *
 * <p>{@link EventSerializer} writes it, so every producer of the contract's records sets it.
 * Tombstones carry none (there is no value to take it from). A reader must still handle a record
 * without it (a producer from before the header) by parsing it.
 */
public final class NodeHeader {
  public static final String NAME = "podidentity-node";

  private NodeHeader() {}

  /** The node {@code event} is about, or null when it is not a pod's record. */
  public static String nodeOf(Event event) {
    if (event instanceof PodRecord pod) {
      return pod.nodeName();
    }
    if (event instanceof AssignmentRecord assignment) {
      return assignment.nodeName();
    }
    return null;
  }

  /** Adds the header for {@code event} unless it is there already (a record sent again). */
  public static void add(Headers headers, Event event) {
    String node = nodeOf(event);
    if (node != null && headers.lastHeader(NAME) == null) {
      headers.add(NAME, node.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The node the header names, or null when the record has none. */
  public static String read(Headers headers) {
    return CloudEventHeaders.get(headers, NAME);
  }
}
