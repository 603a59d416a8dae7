package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Slot;
import org.sparkrnn.oracle.GoldenCase;
import org.sparkrnn.oracle.OracleCases;
import org.sparkrnn.oracle.Tensor;

/**
 * Clipping and one optimizer step against PyTorch's reference values (src/core/test/resources/oracle
 * 07, 08, 09): raw gradients in, clipped gradients, moments and updated parameters out, each to
 * a relative error of 1e-9 or better.
 */
class GoldenOptimizerTest {
  private static final double TOL = 1e-9;
  private static final Path DIR = OracleCases.dir();

  private static GoldenCase read(String file) throws Exception {
    Path p = DIR.resolve(file);
    assertTrue(Files.isRegularFile(p), "golden file missing: " + p.toAbsolutePath());
    return GoldenCase.read(p);
  }

  /** A layout with the file's tensor names and shapes, in file order. */
  static ParamLayout layoutOf(Map<String, Tensor> tensors) {
    ParamLayout.Builder b = ParamLayout.builder();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      int[] shape = e.getValue().shape();
      if (shape.length == 2) {
        b.matrix(e.getKey(), shape[0], shape[1]);
      } else {
        assertEquals(1, shape.length, e.getKey());
        b.vector(e.getKey(), shape[0], e.getKey().contains("bias"));
      }
    }
    return b.build();
  }

  /** The tensors concatenated in the layout's order, checking names and sizes match. */
  static double[] flat(ParamLayout layout, Map<String, Tensor> tensors) {
    assertEquals(layout.slots().size(), tensors.size(), "tensor count");
    double[] out = new double[layout.size()];
    for (Slot s : layout.slots()) {
      Tensor t = tensors.get(s.name());
      assertTrue(t != null, "missing tensor " + s.name());
      assertEquals(s.size(), t.values().length, s.name());
      System.arraycopy(t.values(), 0, out, s.offset(), s.size());
    }
    return out;
  }

  static double relErr(double[] ours, double[] ref) {
    assertEquals(ref.length, ours.length);
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < ref.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - ref[i]));
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
    }
    return maxDiff / Math.max(maxRef, 1e-12);
  }

  private static void assertClose(String what, double[] ref, double[] ours) {
    double e = relErr(ours, ref);
    assertTrue(e <= TOL, what + ": relative error " + e + " > " + TOL);
  }

  /** Per tensor, as the oracle README asks. */
  private static void assertClose(String what, ParamLayout layout, JsonNode section,
      double[] ours) {
    Map<String, Tensor> ref = GoldenCase.tensorsOf(section);
    assertEquals(layout.slots().size(), ref.size(), what + ": tensor count");
    for (Slot s : layout.slots()) {
      double[] mine = java.util.Arrays.copyOfRange(ours, s.offset(), s.offset() + s.size());
      assertClose(what + "." + s.name(), ref.get(s.name()).values(), mine);
    }
  }

  private static void assertScalar(String what, double ref, double ours) {
    assertClose(what, new double[] {ref}, new double[] {ours});
  }

  @Test
  void clipNormThenSgd07() throws Exception {
    GoldenCase c = read("07_elman_tanh_clip_sgd.json");
    ParamLayout layout = layoutOf(c.tensors("parameters"));
    double[] params = flat(layout, c.tensors("parameters"));
    double[] grad = flat(layout, c.tensors("gradients"));
    JsonNode clip = c.section("clipping");

    GradientClipping.Result r =
        GradientClipping.norm(clip.get("max_norm").asDouble()).apply(grad);
    assertScalar("total_norm", clip.get("total_norm").asDouble(), r.totalNorm());
    assertScalar("clip_coef", clip.get("clip_coef").asDouble(), r.clipCoef());
    assertTrue(r.clipped());
    assertClose("clipped_gradients", layout, clip.get("clipped_gradients"), grad);

    JsonNode sgd = c.section("sgd_step");
    Optimizer opt = Optimizers.create("sgd", layout.size());
    opt.step(params, grad, sgd.get("lr").asDouble());
    assertClose("parameters_after", layout, sgd.get("parameters_after"), params);
  }

  @Test
  void clipValueThenSgd08() throws Exception {
    GoldenCase c = read("08_elman_tanh_clip_value_sgd.json");
    ParamLayout layout = layoutOf(c.tensors("parameters"));
    double[] params = flat(layout, c.tensors("parameters"));
    double[] grad = flat(layout, c.tensors("gradients"));
    JsonNode clip = c.section("clipping");

    GradientClipping.Result r =
        GradientClipping.of("value", clip.get("clip_value").asDouble()).apply(grad);
    assertEquals(clip.get("num_entries").asInt(), grad.length);
    assertEquals(clip.get("num_clipped_entries").asInt(), r.clippedEntries());
    assertTrue(r.clipped());
    assertClose("clipped_gradients", layout, clip.get("clipped_gradients"), grad);

    JsonNode sgd = c.section("sgd_step");
    Optimizer opt = Optimizers.create(c.configText("optimizer", "?"), layout.size());
    opt.step(params, grad, sgd.get("lr").asDouble());
    assertClose("parameters_after", layout, sgd.get("parameters_after"), params);
  }

  @Test
  void clipNormThenAdam09() throws Exception {
    GoldenCase c = read("09_elman_tanh_clip_norm_adam.json");
    ParamLayout layout = layoutOf(c.tensors("parameters"));
    double[] params = flat(layout, c.tensors("parameters"));
    double[] grad = flat(layout, c.tensors("gradients"));
    JsonNode clip = c.section("clipping");

    GradientClipping.Result r = GradientClipping.clipNorm(grad, clip.get("max_norm").asDouble());
    assertScalar("total_norm", clip.get("total_norm").asDouble(), r.totalNorm());
    assertScalar("clip_coef", clip.get("clip_coef").asDouble(), r.clipCoef());
    assertClose("clipped_gradients", layout, clip.get("clipped_gradients"), grad);

    JsonNode adam = c.section("adam_step");
    Optimizer opt = Optimizers.create(c.configText("optimizer", "?"),
        Map.of("beta1", adam.get("beta1").asDouble(), "beta2", adam.get("beta2").asDouble(),
            "eps", adam.get("eps").asDouble()),
        layout.size());
    opt.step(params, grad, adam.get("lr").asDouble());
    assertEquals(adam.get("step").asLong(), opt.steps());
    assertClose("exp_avg", layout, adam.get("exp_avg"), opt.state().get("exp_avg"));
    assertClose("exp_avg_sq", layout, adam.get("exp_avg_sq"), opt.state().get("exp_avg_sq"));
    assertClose("parameters_after", layout, adam.get("parameters_after"), params);
  }
}
