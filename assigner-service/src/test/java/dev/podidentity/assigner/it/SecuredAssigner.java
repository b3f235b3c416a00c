package dev.podidentity.assigner.it;

import static dev.podidentity.assigner.it.AssignerIT.binding;
import static dev.podidentity.assigner.it.AssignerIT.identityRecord;
import static dev.podidentity.assigner.it.AssignerIT.lower;
import static dev.podidentity.assigner.it.AssignerIT.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The assigner as its own principal on a secured listener, with exactly its KafkaUser's ACLs: it
 * checks its topics, joins its group, replays, assigns an identity and publishes the assignment and
 * the ledger; the same settings cannot write the pods topic. Each subclass runs it over one
 * authentication.
 */
@EmbeddedKafkaOnly
abstract class SecuredAssigner {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject AssignerService service;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  void assignsAsItsOwnPrincipalAndWritesNothingElse() {
    assertThat(kafka.get("security.protocol")).isIn("SSL", "SASL_SSL");
    var sim = SimulatorTestResource.sim();
    String name = "sec-" + UUID.randomUUID().toString().substring(0, 8);
    sim.admin().addScaleSet(AssignerIT.SUB, AssignerIT.RG, name, 1);
    ComputeTarget vmss = ComputeTarget.scaleSet(AssignerIT.SUB, AssignerIT.RG, name);
    Map<String, Object> created = sim.admin().createIdentity(AssignerIT.SUB, AssignerIT.RG, name);
    IdentityRecord id =
        identityRecord(name, (String) created.get("id"), (String) created.get("clientId"));
    PodRecord p = pod("p-" + name, vmss, 0, name);

    await().atMost(WAIT).until(service::ready);
    try (EventsDriver driver = new EventsDriver()) {
      driver.config(id);
      driver.config(binding(id.name(), name));
      driver.pod(p);

      await()
          .atMost(WAIT)
          .until(
              () -> {
                var a = driver.assignment(p);
                return a != null
                    && a.identities().stream()
                        .map(AssignedIdentity::state)
                        .toList()
                        .equals(List.of(AssignmentState.ASSIGNED));
              });
    }
    assertThat(sim.admin().identitiesOf(vmss.armId()).stream().map(s -> s.toLowerCase(Locale.ROOT)))
        .containsExactly(lower(id.resourceId()));

    // The same settings, used for a topic the assigner does not own, are refused by the broker.
    try (var producer =
        new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.PODS, "k", "v")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }
}
