package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads job definitions from a file or a directory tree of {@code .yaml}, {@code .yml} and {@code
 * .json} files. A file holds one job, several YAML documents separated by {@code ---}, or a list of
 * jobs. Syntax errors are collected with their line, not thrown.
 */
public final class JobFiles {

  private final List<JobDocument> documents = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private int files;

  private JobFiles() {}

  public static JobFiles read(Path path) {
    JobFiles out = new JobFiles();
    for (Path file : list(path)) {
      out.readFile(file);
    }
    return out;
  }

  public List<JobDocument> documents() {
    return List.copyOf(documents);
  }

  public List<JsonNode> trees() {
    return documents.stream().map(JobDocument::tree).toList();
  }

  /** How many of the documents are calendars ({@code kind: calendar}); the others are jobs. */
  public int calendarCount() {
    return (int)
        documents.stream().filter(d -> d.tree().path("kind").asText().equals("calendar")).count();
  }

  /** "9 jobs", or "9 jobs and 3 calendars": what the documents are, for messages. */
  public String described() {
    int calendars = calendarCount();
    return (documents.size() - calendars)
        + " jobs"
        + (calendars == 0 ? "" : " and " + calendars + " calendars");
  }

  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  public int fileCount() {
    return files;
  }

  static boolean isJobFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static List<Path> list(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new CliException(path + ": no such file or directory");
    }
    List<Path> found;
    try (Stream<Path> walk = Files.walk(path)) {
      found =
          walk.filter(Files::isRegularFile)
              .filter(p -> !hidden(path.relativize(p)))
              .filter(JobFiles::isJobFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new CliException("cannot list " + path + ": " + e.getMessage(), e);
    }
    if (found.isEmpty()) {
      throw new CliException(path + ": no .yaml, .yml or .json files found");
    }
    return found;
  }

  /** Files and directories whose name starts with a dot (.git, editor files) are not jobs. */
  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void readFile(Path file) {
    files++;
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.toString();
    ObjectMapper mapper = name.endsWith(".json") ? Json.json() : Json.yaml();
    List<JsonNode> roots = new ArrayList<>();
    List<Lines> lines;
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      MappingIterator<JsonNode> values = mapper.readValues(parser, JsonNode.class);
      while (values.hasNextValue()) {
        roots.add(values.nextValue());
      }
      lines = Lines.of(mapper.getFactory(), text);
    } catch (JsonProcessingException e) {
      problems.add(new Problem(name, lineOf(e.getLocation()), "syntax", oneLine(e)));
      return;
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < roots.size(); i++) {
      JsonNode root = roots.get(i);
      Lines at = i < lines.size() ? lines.get(i) : new Lines(1);
      // An empty YAML document (a trailing '---', a file of comments) holds no job.
      if (root == null
          || root.isNull()
          || root.isMissingNode()
          || (root.isTextual() && root.asText().isEmpty())) {
        continue;
      }
      if (root.isArray()) {
        for (int k = 0; k < root.size(); k++) {
          Lines element = at.element(k);
          documents.add(new JobDocument(name, element.start, root.get(k), element.byPointer));
        }
      } else {
        documents.add(new JobDocument(name, at.start, root, at.byPointer));
      }
    }
  }

  /** The parser's own words without the snippet of the file it quotes (we give the line). */
  private static String oneLine(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    List<String> parts =
        message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
    return parts.isEmpty() ? message.strip() : String.join(": ", parts);
  }

  private static int lineOf(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
  }

  /** The line of each field and list entry of one root value, found by streaming its tokens. */
  private static final class Lines {

    final int start;
    final Map<String, Integer> byPointer = new HashMap<>();

    Lines(int start) {
      this.start = start;
    }

    static List<Lines> of(JsonFactory factory, String text) throws IOException {
      List<Lines> out = new ArrayList<>();
      Lines current = null;
      try (JsonParser parser = factory.createParser(text)) {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          JsonStreamContext context = parser.getParsingContext();
          int line = lineOf(parser.currentTokenLocation());
          if (current == null) {
            current = new Lines(line);
            out.add(current);
          }
          boolean entry =
              token.isStructStart()
                  ? context.getParent() != null && context.getParent().inArray()
                  : context.inArray() && !token.isStructEnd();
          if (token == JsonToken.FIELD_NAME || entry) {
            current.byPointer.putIfAbsent(context.pathAsPointer().toString(), line);
          }
          if (parser.getParsingContext().inRoot()) {
            current = null;
          }
        }
      }
      return out;
    }

    /** The lines of entry {@code k} of a root list, re-rooted at that entry. */
    Lines element(int k) {
      String prefix = "/" + k;
      Lines out = new Lines(byPointer.getOrDefault(prefix, start));
      byPointer.forEach(
          (pointer, line) -> {
            if (pointer.startsWith(prefix + "/")) {
              out.byPointer.put(pointer.substring(prefix.length()), line);
            }
          });
      return out;
    }
  }
}
