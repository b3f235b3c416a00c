package dev.podidentity.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessCpuTest {
  @ParameterizedTest
  @CsvSource({
    "'java -Xmx48m -jar /r/nmi-gateway/target/quarkus-app/quarkus-run.jar', nmi-gateway",
    "'java -cp a.jar:b.jar dev.podidentity.local.kube.MockApiServer 0 /r/k8s/crds', MockApiServer",
    "'java -cp a.jar dev.podidentity.azuresim.Main --port 0', azuresim",
    "'java -Xmx1g -cp k.jar kafka.Kafka /r/server.properties', Kafka",
    "'/usr/bin/sh -c true', other"
  })
  void aProcessIsNamedAfterTheServiceItRuns(String commandLine, String role) {
    assertThat(ProcessCpu.role(commandLine)).isEqualTo(role);
  }
}
