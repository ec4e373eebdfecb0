// A STAND-IN for LanguageTool's HTTP server, in Java, for tests only: LanguageTool
// itself cannot be installed on the build machines. Same class name and command
// line as the real server (java -cp <jar> org.languagetool.server.HTTPServer --port N),
// so mtnorm starts it exactly as it would start LanguageTool. It answers
// GET /v2/languages and POST /v2/check; /v2/check reports every "one one" as
// ENGLISH_WORD_REPEAT_RULE, with offsets from String.indexOf: UTF-16 units, as Java counts.
package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

public class HTTPServer {
  public static void main(String[] args) throws Exception {
    int port = 8081;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--port") || args[i].equals("-p")) port = Integer.parseInt(args[i + 1]);
    }
    String pidfile = System.getenv("STANDIN_PIDFILE");
    if (pidfile != null) {
      Files.writeString(Paths.get(pidfile), ProcessHandle.current().pid() + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/v2/languages", ex -> send(ex, "[{\"name\":\"English (US)\",\"code\":\"en\",\"longCode\":\"en-US\"}]"));
    server.createContext("/v2/check", HTTPServer::check);
    server.start();
  }

  static void check(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String text = "";
    for (String field : body.split("&")) {
      int eq = field.indexOf('=');
      if (eq > 0 && field.substring(0, eq).equals("text")) {
        text = URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (System.getenv("STANDIN_HANG_MARKER") != null) {
      Files.writeString(Paths.get(System.getenv("STANDIN_HANG_MARKER")), "waiting");
      try { Thread.sleep(3_600_000); } catch (InterruptedException e) { return; }
    }
    StringBuilder matches = new StringBuilder();
    for (int at = text.indexOf("one one"); at >= 0; at = text.indexOf("one one", at + 1)) {
      if (matches.length() > 0) matches.append(',');
      matches.append("{\"message\":\"Possible typo: you repeated a word\",\"shortMessage\":\"Word repetition\",")
          .append("\"replacements\":[{\"value\":\"one\"}],\"offset\":").append(at).append(",\"length\":7,")
          .append("\"context\":{\"text\":\"one one\",\"offset\":0,\"length\":7},\"sentence\":\"one one\",")
          .append("\"type\":{\"typeName\":\"Other\"},\"rule\":{\"id\":\"ENGLISH_WORD_REPEAT_RULE\",")
          .append("\"description\":\"Word repetition\",\"issueType\":\"duplication\",")
          .append("\"category\":{\"id\":\"MISC\",\"name\":\"Miscellaneous\"}},")
          .append("\"ignoreForIncompleteSentence\":false,\"contextForSureMatch\":0}");
    }
    send(ex, "{\"software\":{\"name\":\"LanguageTool\",\"version\":\"stand-in\",\"apiVersion\":1},"
        + "\"warnings\":{\"incompleteResults\":false},"
        + "\"language\":{\"name\":\"English (US)\",\"code\":\"en-US\"},\"matches\":[" + matches + "]}");
  }

  static void send(HttpExchange ex, String json) throws IOException {
    byte[] data = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, data.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(data);
    }
  }
}
