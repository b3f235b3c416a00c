package dev.podidentity.azuresim;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side trust for the simulator's certificate, from the PEM file it writes at start.
 *
 * <p>Azure SDK over Vert.x: {@code new VertxHttpClientBuilder().vertx(vertx)
 * .httpClientOptions(SimulatorTrust.vertxClientOptions(sim.trustPemPath())).build()}.
 */
public final class SimulatorTrust {

  private SimulatorTrust() {}

  /** Vert.x HTTP client options that trust only the simulator's certificate. */
  public static HttpClientOptions vertxClientOptions(Path pem) {
    return new HttpClientOptions()
        .setTrustOptions(new PemTrustOptions().addCertPath(pem.toString()))
        .setVerifyHost(true)
        .setConnectTimeout(10_000)
        .setIdleTimeout(60);
  }

  /** An SSLContext for {@code java.net.http} and other JDK clients. */
  public static SSLContext sslContext(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("azure-simulator", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot load simulator trust from " + pem, e);
    }
  }
}
