package org.sparkrnn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.train.Adam;
import org.sparkrnn.train.GradientClipping;
import org.sparkrnn.train.Optimizer;
import org.sparkrnn.train.Sgd;

/**
 * The optional sections of a golden case: clipping of the raw gradient ("clipping") and one
 * optimizer step ("sgd_step" / "adam_step"), compared after the engine's own gradient, so the
 * whole path gradient → clip → update → loss is checked.
 */
final class UpdateCheck {
  private UpdateCheck() {}

  static void compare(GoldenCase c, Network net, Params params, Params grad, SequenceBatch data,
      RecurrentState init, CaseReport report) {
    if (!c.has("clipping")) {
      return;
    }
    JsonNode clip = c.section("clipping");
    double[] g = grad.data().clone();
    String method = clip.get("method").asText();
    if (method.contains("norm")) {
      GradientClipping.Result r = GradientClipping.norm(clip.get("max_norm").asDouble()).apply(g);
      report.compare("clip.total_norm", r.totalNorm(), clip.get("total_norm").asDouble());
      report.compare("clip.clip_coef", r.clipCoef(), clip.get("clip_coef").asDouble());
    } else {
      GradientClipping.Result r = GradientClipping.value(clip.get("clip_value").asDouble()).apply(g);
      if (clip.has("num_clipped_entries")) {
        report.compare("clip.num_clipped_entries", r.clippedEntries(),
            clip.get("num_clipped_entries").asDouble());
      }
    }
    Params clipped = new Params(params.layout(), g);
    compareTensors("clip.", GoldenCase.tensorsOf(clip.get("clipped_gradients")), clipped, net, report);

    JsonNode step = c.has("adam_step") ? c.section("adam_step") : c.section("sgd_step");
    if (step == null) {
      return;
    }
    Params after = params.copy();
    Optimizer opt = c.has("adam_step")
        ? new Adam(g.length, step.get("beta1").asDouble(), step.get("beta2").asDouble(), step.get("eps").asDouble())
        : new Sgd(g.length);
    opt.step(after.data(), g, step.get("lr").asDouble());
    compareTensors("step.params.", GoldenCase.tensorsOf(step.get("parameters_after")), after, net, report);
    for (Map.Entry<String, double[]> e : opt.state().entrySet()) {
      Map<String, Tensor> ref = GoldenCase.tensorsOf(step.get(e.getKey()));
      if (!ref.isEmpty()) {
        compareTensors("step." + e.getKey() + ".", ref, new Params(params.layout(), e.getValue()), net, report);
      }
    }
    if (step.has("loss_after_step")) {
      double loss = net.forward(data, after, init).lossSum();
      report.compare("step.loss_after_step", loss, step.get("loss_after_step").asDouble());
    }
  }

  private static void compareTensors(String prefix, Map<String, Tensor> ref, Params ours,
      Network net, CaseReport report) {
    for (Map.Entry<String, Tensor> e : ref.entrySet()) {
      String name = OracleRunner.engineName(net.config(), e.getKey());
      report.compare(prefix + e.getKey(), ours.get(name), e.getValue().values());
    }
  }
}
