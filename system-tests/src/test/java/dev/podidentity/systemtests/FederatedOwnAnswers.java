package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.azuresim.SimulatorTrust;
import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.nmi.adapter.entra.FederatedTokenSource;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesServiceAccountTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The two calls of a federated token's cold path, each sent directly, one after another: the
 * TokenRequest of a measured pod (the NMI's request: {@code boundTo}), then Entra's exchange of
 * that token, over one kept-alive connection as the NMI's. The parts the NMI cannot make faster.
 *
 * @param entra Entra's own answer times, nanoseconds, sorted
 * @param tokenRequest the TokenRequest's own answer times, nanoseconds, sorted
 */
record FederatedOwnAnswers(long[] entra, long[] tokenRequest) {

  /** {@code n} of {@code pods}, each with the client id {@code clientIdOf} gives its index. */
  static FederatedOwnAnswers measure(
      LocalStack stack, String ns, List<PodRef> pods, IntFunction<String> clientIdOf, int n)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder().sslContext(SimulatorTrust.sslContext(stack.trustPem())).build();
    long[] entra = new long[n + 1];
    long[] tokenRequest = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      PodRef pod = pods.get(i % n);
      long t0 = System.nanoTime();
      String assertion =
          stack
              .kubernetes()
              .client()
              .serviceAccounts()
              .inNamespace(ns)
              .withName(pod.serviceAccount())
              .tokenRequest(
                  KubernetesServiceAccountTokens.boundTo(
                      pod.name(), pod.uid(), FederatedTokenSource.AUDIENCE, 600L))
              .getStatus()
              .getToken();
      tokenRequest[i] = System.nanoTime() - t0;
      HttpRequest request = exchange(stack, clientIdOf.apply(i % n), assertion);
      long t1 = System.nanoTime();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      entra[i] = System.nanoTime() - t1;
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    // The first ones opened the connections (the NMI's are open by then too): not counted.
    long[] e = Arrays.copyOfRange(entra, 1, n + 1);
    long[] t = Arrays.copyOfRange(tokenRequest, 1, n + 1);
    Arrays.sort(e);
    Arrays.sort(t);
    return new FederatedOwnAnswers(e, t);
  }

  private static HttpRequest exchange(LocalStack stack, String clientId, String assertion) {
    String body =
        String.join(
            "&",
            "grant_type=client_credentials",
            "client_id=" + clientId,
            "client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            "client_assertion=" + enc(assertion),
            "scope=" + enc(Scenario.ARM + ".default"));
    return HttpRequest.newBuilder(
            URI.create(
                stack.armUrl() + "/" + SimulatorConfig.DEFAULT_TENANT + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
