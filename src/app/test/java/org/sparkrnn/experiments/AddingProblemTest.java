package org.sparkrnn.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddingProblemTest {

  @Test
  void everySequenceHasExactlyTwoMarkersOneInEachHalfAndTheirSumAsTarget() {
    for (int length : new int[] {2, 3, 7, 50, 151}) {
      for (long id = 0; id < 300; id++) {
        AddingProblem.Sequence s = AddingProblem.sequence(9, id, length);
        int markers = 0;
        double sum = 0;
        for (int t = 0; t < length; t++) {
          double v = s.value(t);
          assertTrue(v >= 0 && v <= 1, "value " + v);
          if (s.marked(t)) {
            markers++;
            sum += v;
          }
        }
        assertEquals(2, markers);
        assertTrue(s.first() < length / 2, "first marker in the first half");
        assertTrue(s.second() >= length / 2 && s.second() < length, "second in the second half");
        assertEquals(sum, s.target(), 1e-12);
        assertEquals(s.target(), s.runningTarget(length - 1), 0);
        assertEquals(0, s.runningTarget(s.first() - 1), 0);
      }
    }
  }

  @Test
  void predictingTheConstantOneGivesAboutOneSixth() {
    // Var(U + U') = 1/6; the standard error of the mean of 40,000 squared deviations is ~0.001
    double mse = AddingProblem.constantOneMse(2015, 0, 40_000, 30);
    assertEquals(1.0 / 6, mse, 0.004);
  }

  @Test
  void theRunningSumBaselineIsTheMeanVarianceOfTheRunningTargets() {
    // T = 2: the markers are always steps 0 and 1, so y0 = v0 (variance 1/12) and y1 = v0 + v1
    // (variance 1/6); the per-step-mean baseline is their average, 1/8
    assertEquals(0.125, AddingProblem.runningMeanMse(3, 0, 40_000, 2), 0.003);
    assertTrue(AddingProblem.runningMeanMse(3, 0, 2_000, 50) < 1.0 / 6);
  }

  @Test
  void theSameSeedAndIdGiveTheSameSequenceOtherSeedsAnother() {
    AddingProblem.Sequence a = AddingProblem.sequence(3, 17, 40);
    AddingProblem.Sequence b = AddingProblem.sequence(3, 17, 40);
    assertArrayEquals(a.millionths(), b.millionths());
    assertEquals(a.first(), b.first());
    assertFalse(java.util.Arrays.equals(a.millionths(), AddingProblem.sequence(4, 17, 40).millionths()));
    assertFalse(java.util.Arrays.equals(a.millionths(), AddingProblem.sequence(3, 18, 40).millionths()));
  }

  @Test
  void tooShortSequencesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AddingProblem.sequence(1, 0, 1));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }

  @Test
  void theCsvHoldsTheTargetsTheRunningSumsAndThePairsExactly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/train.csv");
    AddingProblem.writeCsv(f, 5, 100, 20, 6);
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    assertEquals("id,label,labels,features", lines.get(0));
    assertEquals(21, lines.size());
    for (int i = 0; i < 20; i++) {
      String line = lines.get(i + 1); // id,label,"labels","features"
      int q = line.indexOf(",\"");
      String[] head = line.substring(0, q).split(",");
      String[] quoted = line.substring(q + 2, line.length() - 1).split("\",\"");
      String[] cols = {head[0], head[1], quoted[0], quoted[1]};
      AddingProblem.Sequence s = AddingProblem.sequence(5, 100 + i, 6);
      assertEquals(Integer.toString(100 + i), cols[0]);
      assertEquals(s.target(), Double.parseDouble(cols[1]), 0);
      String[] running = cols[2].split(";");
      String[] steps = cols[3].split(";");
      assertEquals(6, running.length);
      assertEquals(6, steps.length);
      for (int t = 0; t < 6; t++) {
        assertEquals(s.runningTarget(t), Double.parseDouble(running[t]), 1e-12);
        String[] pair = steps[t].split(",");
        assertEquals(s.value(t), Double.parseDouble(pair[0]), 0);
        assertEquals(s.marked(t) ? "1" : "0", pair[1]);
      }
    }
    try (var files = Files.list(f.getParent())) {
      assertEquals(1, files.count(), "no temporary file left beside the data");
    }
  }

  @Test
  void millionthsAreWrittenExactly() {
    assertEquals("0.000000", AddingProblem.millionths(0));
    assertEquals("1.000000", AddingProblem.millionths(1_000_000));
    assertEquals("1.500001", AddingProblem.millionths(1_500_001));
    assertNotEquals("0.5", AddingProblem.millionths(500_000));
  }
}
