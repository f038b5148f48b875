package io.sentinel.query.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;

/**
 * Terminates TLS in front of a plain TCP server in the test JVM (here: GreenMail's SMTP), with the
 * certificate of a test CA: an SMTP server on implicit TLS (port 465 style) signed by a private CA.
 */
final class TlsProxy implements AutoCloseable {
  private final ServerSocket server;

  TlsProxy(SSLContext tls, int targetPort) throws IOException {
    server =
        tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Socket target = new Socket("127.0.0.1", targetPort);
                  pipe(client, target);
                  pipe(target, client);
                } catch (IOException e) {
                  // closed, or a client that failed its handshake: the next one may do better
                }
              }
            },
            "tls-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side went away
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "tls-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
