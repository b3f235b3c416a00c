package dev.podidentity.testsupport.archfixture.clean.core;

import dev.podidentity.events.PodRecord;
import java.util.List;

/** Fixture: a core class using only java.*, the contract and its own core. */
public class PureDecision {
  public List<String> selectors(List<PodRecord> pods) {
    return pods.stream().map(PodRecord::bindingSelector).map(Selector::normalise).toList();
  }
}
