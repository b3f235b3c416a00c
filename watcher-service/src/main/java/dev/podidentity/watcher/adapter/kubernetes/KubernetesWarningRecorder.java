package dev.podidentity.watcher.adapter.kubernetes;

import dev.podidentity.watcher.adapter.kubernetes.crd.Crds;
import dev.podidentity.watcher.core.Warning;
import dev.podidentity.watcher.port.WarningRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records core/v1 Warning Events on CRD objects, as {@code kubectl describe} shows them. */
public final class KubernetesWarningRecorder implements WarningRecorder {
  public static final String COMPONENT = "watcher-service";
  private static final Logger LOG = Logger.getLogger(KubernetesWarningRecorder.class);

  private final KubernetesClient client;
  private final String instance;

  public KubernetesWarningRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  @Override
  public void record(Warning warning) {
    var ref = warning.object();
    String now = Instant.now().toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            // The <object>.<suffix> naming kubectl and client-go use.
            .withName(
                ref.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
            .withNamespace(ref.namespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(Crds.API_VERSION)
                    .withKind(ref.kind())
                    .withNamespace(ref.namespace())
                    .withName(ref.name())
                    .withUid(ref.uid())
                    .build())
            .withType("Warning")
            .withReason(warning.reason())
            .withMessage(warning.message())
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(ref.namespace()).resource(event).create();
      LOG.infof(
          "event=warning-recorded kind=%s namespace=%s name=%s reason=%s",
          ref.kind(), ref.namespace(), ref.name(), warning.reason());
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "event=warning-not-recorded kind=%s namespace=%s name=%s reason=%s",
          ref.kind(),
          ref.namespace(),
          ref.name(),
          warning.reason().toLowerCase(Locale.ROOT));
    }
  }
}
