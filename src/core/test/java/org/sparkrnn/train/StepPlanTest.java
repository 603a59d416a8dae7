package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.Initializer;

/** The step order: coverage per epoch, windows of a batch, caps, and resume by skipping. */
class StepPlanTest {

  private static TrainConfig config(int batch, int epochs, long maxSteps, int window, long seed) {
    return TrainConfig.builder().batchSize(batch).epochs(epochs).maxSteps(maxSteps).window(window)
        .seed(seed).build();
  }

  private static List<StepPlan.Step> all(StepPlan plan) {
    List<StepPlan.Step> out = new ArrayList<>();
    while (plan.hasNext()) {
      out.add(plan.next());
    }
    return out;
  }

  private static int[] uniform(int n, int length) {
    int[] l = new int[n];
    Arrays.fill(l, length);
    return l;
  }

  @Test
  void withoutWindowEachEpochCoversEveryIdOnce() {
    int n = 10;
    int batch = 3;
    int epochs = 3;
    StepPlan plan = new StepPlan(uniform(n, 5), config(batch, epochs, 0, 0, 11));
    assertEquals(4, plan.batchesPerEpoch());
    assertEquals(n, plan.exampleCount());
    List<StepPlan.Step> steps = all(plan);
    assertEquals(epochs * 4, steps.size());
    for (int e = 0; e < epochs; e++) {
      int[] count = new int[n];
      for (int k = 0; k < 4; k++) {
        StepPlan.Step s = steps.get(e * 4 + k);
        assertEquals(e * 4 + k, s.index());
        assertEquals(e, s.epoch());
        assertEquals(k, s.batch());
        assertEquals(0, s.window());
        assertEquals(0, s.from());
        assertTrue(s.lastWindow(), "without a window every step is its batch's last");
        assertEquals(k < 3 ? batch : 1, s.members().length, "batch " + k + " size");
        assertEquals(k * batch, s.batchStart());
        assertEquals(Math.min((k + 1) * batch, n), s.batchEnd());
        for (long id : s.members()) {
          count[(int) id]++;
        }
      }
      for (int id = 0; id < n; id++) {
        assertEquals(1, count[id], "id " + id + " in epoch " + e);
      }
    }
    // the order changes from epoch to epoch
    long[] first = concatMembers(steps.subList(0, 4));
    long[] second = concatMembers(steps.subList(4, 8));
    assertFalse(Arrays.equals(first, second), "epochs 0 and 1 have the same order");
  }

  private static long[] concatMembers(List<StepPlan.Step> steps) {
    return steps.stream().flatMapToLong(s -> Arrays.stream(s.members())).toArray();
  }

  @Test
  void theOrderFollowsEachStratumsPermutation() {
    int n = 13;
    int batch = 4;
    List<StepPlan.Step> steps = all(new StepPlan(uniform(n, 2), config(batch, 2, 0, 0, 5)));
    for (int e = 0; e < 2; e++) {
      long[] order = concatMembers(steps.subList(e * 4, e * 4 + 4));
      for (int q = 0; q < n; q++) {
        int stratum = q % batch;
        int size = (n - stratum + batch - 1) / batch;
        Permutation perm = new Permutation(size, Initializer.mix(5, stratum), e);
        assertEquals(stratum, order[q] % batch, "epoch " + e + " position " + q);
        assertEquals(q / batch, perm.position(order[q] / batch), "epoch " + e + " position " + q);
      }
    }
  }

  @Test
  void everyBatchGivesEachPartitionByIdModNTheSameShare() {
    int n = 1000;
    int batch = 32;
    List<StepPlan.Step> steps = all(new StepPlan(uniform(n, 2), config(batch, 3, 0, 0, 9)));
    for (int partitions : new int[] {2, 4, 8, 32}) { // partition counts that divide the batch
      for (StepPlan.Step s : steps) {
        int[] share = new int[partitions];
        for (long id : s.members()) {
          share[(int) (id % partitions)]++;
        }
        int min = Arrays.stream(share).min().getAsInt();
        int max = Arrays.stream(share).max().getAsInt();
        assertTrue(max - min <= 1, partitions + " partitions, step " + s.index() + ": "
            + Arrays.toString(share));
        if (s.members().length == batch) {
          assertEquals(min, max, Arrays.toString(share));
        }
      }
    }
  }

  @Test
  void windowsOfOneBatchShrinkToMembersThatStillHaveSteps() {
    int[] lengths = {3, 10, 7};
    List<StepPlan.Step> steps = all(new StepPlan(lengths, config(3, 1, 0, 4, 3)));
    assertEquals(3, steps.size(), "ceil(10 / 4) windows");
    int[] froms = {0, 4, 8};
    long[] batchOrder = steps.get(0).members();
    assertEquals(Set.of(0L, 1L, 2L), toSet(batchOrder));
    for (int w = 0; w < 3; w++) {
      StepPlan.Step s = steps.get(w);
      assertEquals(w, s.window());
      assertEquals(froms[w], s.from());
      assertEquals(froms[w] + 4, s.to());
      assertEquals(0, s.batch());
      assertEquals(w == 2, s.lastWindow(), "lastWindow on window " + w);
      final int from = froms[w];
      long[] expected = Arrays.stream(batchOrder).filter(id -> lengths[(int) id] > from).toArray();
      assertArrayEquals(expected, s.members(), "members of window " + w + " in batch order");
    }
    assertEquals(Set.of(1L, 2L), toSet(steps.get(1).members()));
    assertEquals(Set.of(1L), toSet(steps.get(2).members()));
  }

  private static Set<Long> toSet(long[] ids) {
    Set<Long> s = new HashSet<>();
    for (long id : ids) {
      s.add(id);
    }
    return s;
  }

  @Test
  void epochsAndStepCapAreRespected() {
    int[] lengths = {3, 10, 7, 1, 4};
    // epochs only: 2 batches per epoch (size 3); windows depend on the batch's longest member
    StepPlan plan = new StepPlan(lengths, config(3, 2, 0, 4, 1));
    List<StepPlan.Step> steps = all(plan);
    assertEquals(1, steps.get(steps.size() - 1).epoch());
    int batches = 0;
    for (StepPlan.Step s : steps) {
      batches += s.lastWindow() ? 1 : 0;
    }
    assertEquals(4, batches, "2 epochs × 2 batches");
    assertThrows(NoSuchElementException.class, plan::next);

    // a step cap inside the first epoch
    assertEquals(3, all(new StepPlan(lengths, config(3, 5, 3, 4, 1))).size());
    // a step cap with no epoch limit
    List<StepPlan.Step> capped = all(new StepPlan(lengths, config(2, 0, 17, 0, 1)));
    assertEquals(17, capped.size());
    assertEquals(5, capped.get(16).epoch(), "3 batches per epoch: step 16 is in epoch 5");
    // a cap beyond the epochs: the epochs end it
    assertEquals(steps.size(), all(new StepPlan(lengths, config(3, 2, 1000, 4, 1))).size());
  }

  @Test
  void skipThenNextEqualsTheSameStepOfAFreshPlan() {
    int[] lengths = {3, 10, 7, 1, 4, 9, 2, 12};
    TrainConfig train = config(3, 3, 0, 4, 77);
    List<StepPlan.Step> reference = all(new StepPlan(lengths, train));
    for (int s = 0; s < reference.size(); s++) {
      StepPlan plan = new StepPlan(lengths, train);
      plan.skip(s);
      assertTrue(plan.hasNext());
      assertSameStep(reference.get(s), plan.next());
    }
    StepPlan done = new StepPlan(lengths, train);
    done.skip(reference.size());
    assertFalse(done.hasNext());
  }

  private static void assertSameStep(StepPlan.Step a, StepPlan.Step b) {
    String at = "step " + a.index();
    assertEquals(a.index(), b.index(), at);
    assertEquals(a.epoch(), b.epoch(), at);
    assertEquals(a.batch(), b.batch(), at);
    assertEquals(a.window(), b.window(), at);
    assertEquals(a.from(), b.from(), at);
    assertEquals(a.to(), b.to(), at);
    assertEquals(a.batchStart(), b.batchStart(), at);
    assertEquals(a.batchEnd(), b.batchEnd(), at);
    assertEquals(a.lastWindow(), b.lastWindow(), at);
    assertArrayEquals(a.members(), b.members(), at);
  }

  @Test
  void sequencesShorterThanTheWindowAreStillTrained() {
    int[] lengths = {2, 9, 5, 1, 3, 17, 1};
    for (int window : new int[] {4, 20}) {
      List<StepPlan.Step> steps = all(new StepPlan(lengths, config(2, 1, 0, window, 8)));
      int[] firstWindows = new int[lengths.length];
      int[] stepsTrained = new int[lengths.length];
      for (StepPlan.Step s : steps) {
        for (long id : s.members()) {
          int len = lengths[(int) id];
          assertTrue(len > s.from(), "id " + id + " (length " + len + ") in window from " + s.from());
          stepsTrained[(int) id] += Math.min(len, s.to()) - s.from();
          if (s.window() == 0) {
            firstWindows[(int) id]++;
          }
        }
      }
      for (int id = 0; id < lengths.length; id++) {
        assertEquals(1, firstWindows[id], "id " + id + " starts once per epoch (window " + window + ")");
        assertEquals(lengths[id], stepsTrained[id], "every step of id " + id + " is in a window");
      }
    }
  }

  @Test
  void noExamplesIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StepPlan(new int[0], config(2, 1, 0, 0, 1)));
  }
}
