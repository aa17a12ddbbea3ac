package io.hydra.web.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading job files: documents, lists, and the line of every field for error messages. */
class JobFilesTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aListOfJobsGivesEachItsOwnLines() throws IOException {
    Path file =
        write(
            "jobs.yaml",
            """
        - name: one
          schedule:
            cron: "0 2 * * *"
          task: {command: x}
        - name: two
          after:
            - one
            - {job: three, within: PT1H}
          task:
            env:
              MODE: prod
        """);

    List<JobDocument> docs = JobFiles.read(file).documents();

    assertThat(docs).hasSize(2);
    assertThat(docs.get(0).line()).isEqualTo(1);
    assertThat(docs.get(0).lineOf("schedule.cron")).isEqualTo(3);
    assertThat(docs.get(1).line()).isEqualTo(5);
    assertThat(docs.get(1).lineOf("after[0].job")).isEqualTo(7);
    assertThat(docs.get(1).lineOf("after[1].within")).isEqualTo(8);
    assertThat(docs.get(1).lineOf("task.env.MODE")).isEqualTo(11);
    // A field that is missing points at its nearest enclosing field, or the job.
    assertThat(docs.get(1).lineOf("task.command")).isEqualTo(9);
    assertThat(docs.get(1).lineOf("schedule.cron")).isEqualTo(5);
    assertThat(docs.get(1).problem("after[1].job", "unknown").format())
        .isEqualTo(file + ":8: after[1].job: unknown");
  }

  @Test
  void jsonFilesAndEmptyDocumentsAreRead() throws IOException {
    write("a.json", "[\n  {\"name\": \"a\",\n   \"timeout\": \"PT1H\"},\n  {\"name\": \"b\"}\n]\n");
    write("b.yaml", "# nothing here yet\n---\nname: c\n---\n");
    write("notes.txt", "not a job\n");

    JobFiles files = JobFiles.read(dir);

    assertThat(files.fileCount()).isEqualTo(2);
    assertThat(files.documents())
        .extracting(d -> d.tree().get("name").asText())
        .containsExactly("a", "b", "c");
    assertThat(files.documents().get(0).lineOf("timeout")).isEqualTo(3);
    assertThat(files.documents().get(1).line()).isEqualTo(4);
    assertThat(files.documents().get(2).line()).isEqualTo(3);
  }

  @Test
  void aDuplicateKeyIsASyntaxProblemAtItsLine() throws IOException {
    Path file = write("dup.yaml", "name: a\ntask: {command: x}\nname: b\n");

    JobFiles files = JobFiles.read(file);

    assertThat(files.documents()).isEmpty();
    assertThat(files.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.field()).isEqualTo("syntax");
              assertThat(p.message()).contains("name");
            });
  }

  @Test
  void aDirectoryWithoutJobFilesIsAnError() throws IOException {
    write("README.md", "# jobs\n");
    assertThatThrownBy(() -> JobFiles.read(dir))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("no .yaml, .yml or .json files");
  }
}
