package io.sentinel.engine.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a NAB-layout folder ({@code data/<category>/*.csv}, {@code labels/combined_windows.json},
 * {@code config/profiles.json}) and NAB-layout results folders. Assumes nothing about which files
 * are present.
 */
final class NabCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NabCorpus() {}

  /** Label key to windows, each {startMs, endMs}. */
  static Map<String, List<long[]>> readLabels(Path labelsJson) throws IOException {
    JsonNode root = JSON.readTree(labelsJson.toFile());
    Map<String, List<long[]>> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<long[]> windows = new ArrayList<>();
      for (JsonNode w : e.getValue()) {
        windows.add(
            new long[] {NabTime.parse(w.get(0).asText()), NabTime.parse(w.get(1).asText())});
      }
      labels.put(e.getKey().replace('\\', '/'), windows);
    }
    return labels;
  }

  static List<NabProfile> readProfiles(Path profilesJson) throws IOException {
    JsonNode root = JSON.readTree(profilesJson.toFile());
    List<NabProfile> profiles = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode m = e.getValue().get("CostMatrix");
      profiles.add(
          new NabProfile(
              e.getKey(),
              m.get("tpWeight").asDouble(),
              m.get("fpWeight").asDouble(),
              m.get("fnWeight").asDouble()));
    }
    return profiles;
  }

  /** Every {@code data/<category>/*.csv}, sorted by key, with its windows from the labels. */
  static List<NabFile> readData(Path dataDir, Map<String, List<long[]>> labels) throws IOException {
    List<NabFile> files = new ArrayList<>();
    for (Path csv : csvFiles(dataDir)) {
      String category = csv.getParent().getFileName().toString();
      String name = csv.getFileName().toString();
      String key = category + "/" + name;
      List<String[]> rows = readRows(csv, 2);
      String[] text = new String[rows.size()];
      long[] ts = new long[rows.size()];
      double[] values = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        text[i] = rows.get(i)[0];
        ts[i] = NabTime.parse(text[i]);
        values[i] = parseValue(rows.get(i)[1], csv, i);
      }
      files.add(
          new NabFile(
              key,
              category,
              name,
              text,
              ts,
              values,
              windows(ts, labels.getOrDefault(key, List.of()))));
    }
    return files;
  }

  /**
   * Results of one detector in NAB layout: {@code <detectorDir>/<category>/<detector>_<file>.csv}
   * with columns timestamp,value,anomaly_score[,label].
   */
  static List<ScoredFile> readResults(
      Path detectorDir, String detector, Map<String, List<long[]>> labels) throws IOException {
    List<ScoredFile> files = new ArrayList<>();
    String prefix = detector + "_";
    for (Path csv : csvFiles(detectorDir)) {
      String name = csv.getFileName().toString();
      if (!name.startsWith(prefix)) {
        continue;
      }
      String key = csv.getParent().getFileName() + "/" + name.substring(prefix.length());
      List<String[]> rows = readRows(csv, 3);
      long[] ts = new long[rows.size()];
      double[] scores = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        ts[i] = NabTime.parse(rows.get(i)[0]);
        scores[i] = parseValue(rows.get(i)[2], csv, i);
      }
      files.add(new ScoredFile(key, scores, windows(ts, labels.getOrDefault(key, List.of()))));
    }
    return files;
  }

  /**
   * Windows as inclusive row ranges: first row at or after the start to last row at or before the
   * end.
   */
  static List<int[]> windows(long[] ts, List<long[]> limits) {
    List<int[]> out = new ArrayList<>();
    for (long[] w : limits) {
      int first = -1;
      int last = -1;
      for (int i = 0; i < ts.length; i++) {
        if (ts[i] >= w[0] && ts[i] <= w[1]) {
          if (first < 0) {
            first = i;
          }
          last = i;
        }
      }
      if (first >= 0) {
        out.add(new int[] {first, last});
      }
    }
    out.sort((a, b) -> Integer.compare(a[0], b[0]));
    return out;
  }

  private static List<Path> csvFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    // symbolic links are followed, so a corpus can be assembled from links to other corpora
    try (Stream<Path> walk = Files.walk(dir, 2, FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(p -> p.getNameCount() == dir.getNameCount() + 2)
          .filter(p -> p.getFileName().toString().endsWith(".csv"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private static List<String[]> readRows(Path csv, int minColumns) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        return rows;
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length < minColumns) {
          throw new IOException(
              csv + ":" + lineNo + ": expected " + minColumns + " columns: " + line);
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  private static double parseValue(String text, Path csv, int row) throws IOException {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IOException(csv + ": row " + (row + 1) + ": not a number: '" + text + "'", e);
    }
  }
}
