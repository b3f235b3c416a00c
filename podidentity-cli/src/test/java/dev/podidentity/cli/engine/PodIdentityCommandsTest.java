package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.config.TestConfigs;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.cli.port.AadObjects;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What the identity and exception commands decide from what the cluster holds, over an in-memory
 * cluster and without starting the application: refusals before any write, the not-found exit code
 * and the -o json layout. Their launches against the Kubernetes test server, through the Quarkus
 * main, are {@link PodIdentityCommandIT}'s.
 */
class PodIdentityCommandsTest {
  private static final String RESOURCE_ID =
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/demo";
  private static final String CLIENT_ID = "66666666-7777-8888-9999-000000000000";

  private final InMemoryAadObjects cluster = new InMemoryAadObjects();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The aad objects by kind, namespace and name, as the cluster's adapter answers for them. */
  private static final class InMemoryAadObjects implements AadObjects {
    final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    int writes;

    private static String key(String kind, String namespace, String name) {
      return kind + "/" + namespace + "/" + name;
    }

    @SuppressWarnings("unchecked")
    private static String key(Map<String, Object> object) {
      Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      return key(
          (String) object.get("kind"),
          (String) metadata.get("namespace"),
          (String) metadata.get("name"));
    }

    @Override
    public boolean put(Map<String, Object> object) {
      writes++;
      return objects.put(key(object), object) == null;
    }

    @Override
    public Optional<Map<String, Object>> get(String kind, String namespace, String name) {
      return Optional.ofNullable(objects.get(key(kind, namespace, name)));
    }

    @Override
    public boolean delete(String kind, String namespace, String name) {
      writes++;
      return objects.remove(key(kind, namespace, name)) != null;
    }

    @Override
    public List<Map<String, Object>> list(String kind, String namespace) {
      List<Map<String, Object>> all = new ArrayList<>();
      objects.forEach(
          (k, v) -> {
            if (k.startsWith(kind + "/" + (namespace == null ? "" : namespace + "/"))) {
              all.add(v);
            }
          });
      return all;
    }
  }

  /** An event log with no records: no assignment state to show. */
  private static final EventLog EMPTY_LOG =
      new EventLog() {
        @Override
        public Map<String, Optional<Event>> latest(String topic, Progress progress) {
          return Map.of();
        }

        @Override
        public List<LogRecord> records(String topic, Progress progress) {
          return List.of();
        }
      };

  private int run(Object command, String... args) {
    return new CommandLine(command)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  private static ExceptionCommand.Write exceptionWrite(
      ExceptionCommand.Write command, AadObjects objects) {
    command.objects = objects;
    return command;
  }

  @Test
  void anExceptionIsAddedOnceAndUpdatedOnlyWhenItExists() {
    int update =
        run(
            exceptionWrite(new ExceptionCommand.Update(), cluster),
            "--name=skip",
            "--namespace=kube-system",
            "--pod-labels=app=metrics");
    assertThat(update).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("exception kube-system/skip not found");
    assertThat(cluster.writes).isZero();

    cluster.put(PodIdentities.exception("skip", "kube-system", Map.of("app", "coredns")));
    int add =
        run(
            exceptionWrite(new ExceptionCommand.Add(), cluster),
            "--name=skip",
            "--namespace=kube-system",
            "--pod-labels=app=x");
    assertThat(add).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString())
        .contains("exception kube-system/skip already exists: use exception update");
    assertThat(cluster.get("AzurePodIdentityException", "kube-system", "skip").orElseThrow())
        .isEqualTo(PodIdentities.exception("skip", "kube-system", Map.of("app", "coredns")));
  }

  @Test
  void deletingWhatDoesNotExistIsNotFound() {
    IdentityCommand.Delete identity = new IdentityCommand.Delete();
    identity.objects = cluster;
    ExceptionCommand.Delete exception = new ExceptionCommand.Delete();
    exception.objects = cluster;

    assertThat(run(identity, "--name=demo", "--namespace=apps")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run(exception, "--name=skip", "--namespace=apps")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString())
        .contains("pod identity apps/demo not found")
        .contains("exception apps/skip not found");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aMissingFlagIsAUsageErrorBeforeAnyWrite() {
    IdentityAdd add = new IdentityAdd();
    add.objects = cluster;

    assertThat(run(add, "-n", "demo")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option");
    assertThat(cluster.writes).isZero();
  }

  @Test
  void identityListAsJsonIsAKubectlListOfTheIdentitiesAndTheirBindings() {
    cluster.put(PodIdentities.identity("demo", "apps", RESOURCE_ID, CLIENT_ID));
    cluster.put(PodIdentities.binding("demo", "apps", "demo"));
    IdentityCommand.ListIdentities list = new IdentityCommand.ListIdentities();
    list.objects = cluster;
    list.events = EMPTY_LOG;
    list.config = TestConfigs.cli(Duration.ofSeconds(10), null);

    assertThat(run(list, "-o", "json")).isZero();
    assertThat(out.toString())
        .contains("\"kind\":\"List\"")
        .contains("\"clientID\":\"" + CLIENT_ID + "\"")
        .contains("\"scaleSets\":[]")
        .contains("\"selector\":\"demo\"");
    assertThat(err.toString()).isEmpty();
  }
}
