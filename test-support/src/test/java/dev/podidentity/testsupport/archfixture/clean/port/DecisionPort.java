package dev.podidentity.testsupport.archfixture.clean.port;

import dev.podidentity.testsupport.archfixture.clean.core.PureDecision;
import java.util.concurrent.CompletionStage;

/** Fixture: a port in plain Java and the core's types. */
public interface DecisionPort {
  CompletionStage<PureDecision> decide(String key);
}
