package dev.podidentity.assigner.adapter.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * The kubelet identity, found as aad-pod-identity found it: the {@code userAssignedIdentityID} of
 * the cloud provider config AKS writes on every node ({@code assigner.cloud-config}, by default
 * {@code /etc/kubernetes/azure.json}). It becomes {@code assigner.cluster-identity} at the lowest
 * precedence, so that the identity is never removed without anyone configuring it, and a value set
 * in {@code application.properties} or {@code ASSIGNER_CLUSTER_IDENTITY} still wins.
 */
public final class KubeletIdentitySource implements ConfigSourceFactory {
  private static final Logger LOG = Logger.getLogger(KubeletIdentitySource.class);
  static final String PATH_KEY = "assigner.cloud-config";
  static final String DEFAULT_PATH = "/etc/kubernetes/azure.json";
  static final String KEY = "assigner.cluster-identity";

  /** Below every source a user writes (application.properties is 250, the environment 300). */
  static final int ORDINAL = 50;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue configured = context.getValue(PATH_KEY);
    String path =
        configured == null || configured.getValue() == null
            ? DEFAULT_PATH
            : configured.getValue().trim();
    String id = path.isEmpty() ? null : kubeletIdentity(Path.of(path));
    return id == null
        ? List.of()
        : List.of(
            new PropertiesConfigSource(Map.of(KEY, id), "cloud provider config " + path, ORDINAL));
  }

  /** The file's {@code userAssignedIdentityID}, or null when there is no such file or value. */
  static String kubeletIdentity(Path file) {
    if (!Files.isReadable(file)) {
      return null;
    }
    try {
      JsonNode id = new ObjectMapper().readTree(file.toFile()).path("userAssignedIdentityID");
      return id.isTextual() && !id.asText().isBlank() ? id.asText().trim() : null;
    } catch (IOException | RuntimeException e) {
      LOG.warnf("cannot read the kubelet identity from %s: %s", file, e.getMessage());
      return null;
    }
  }
}
