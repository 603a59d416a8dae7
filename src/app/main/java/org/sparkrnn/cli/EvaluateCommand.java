package org.sparkrnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataReader;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.PreparedData;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.spark.Inference;
import org.sparkrnn.train.Evaluator;

/**
 * {@code evaluate --model DIR --data PATH}: reads PATH as the model's data spec says and
 * evaluates the model on all of it, distributed: every partition runs {@link Evaluator} over its
 * examples, batch by batch, and sums loss, counts, a confusion matrix or error sums; only those
 * sums reach the driver. Prints the metrics of the model's task (language model, classifier, regression) as text
 * or, with --json, as one JSON object.
 */
public final class EvaluateCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--model", "DIR", null, "run directory (spark-rnn train --output) or its model/ (required)"),
      Options.valued("--data", "PATH", null, "data to evaluate on: file, directory or glob, any Hadoop path (required)"),
      Options.valued("--master", "URL", null, "Spark master (else what spark-submit set, else local[*])"),
      SparkJobs.CONF,
      Options.valued("--batch", "N", "64", "sequences per forward pass"),
      Options.valued("--unknown", "fail|skip", null,
          "characters outside the model's vocabulary: fail naming them, or skip and count them"
          + " (default: as in training, data.unknown)"),
      Options.flag("--json", "print one JSON object instead of text"));

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "evaluate a trained model on a dataset (loss, perplexity, accuracy, confusion, MSE)";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn evaluate --model DIR --data PATH [--master URL] [--conf K=V]... [--batch N] [--json]",
        """
        Reads PATH with the vocabulary, classes and reading settings saved with the model and
        evaluates it on all of PATH, distributed over the Spark partitions. Language models:
        loss (nats per token), perplexity and bits per character (word). Classifiers: loss,
        accuracy, per-class precision and recall and the confusion matrix. Regression: loss,
        MSE and MAE. A .csv or .parquet PATH is read in that format whatever the training data
        was; otherwise as in training.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    Settings sparkSettings = SparkJobs.withConf(Settings.empty(), o.all("--conf"));
    String modelArg = o.require("--model");
    String data = o.require("--data");
    int batch = o.integer("--batch", 1, 1 << 20);
    boolean json = o.flag("--json");
    TrainedModel model = null;
    if (TrainedModel.local(modelArg) && TrainedModel.local(data)) {
      model = TrainedModel.load("--model", modelArg, TrainedModel.localConf());
      TrainedModel.requireInput("--data", data, TrainedModel.localConf());
    }
    SparkSession spark = SparkJobs.session(o.string("--master"), sparkSettings, name());
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      if (model == null) {
        model = TrainedModel.load("--model", modelArg, sc.hadoopConfiguration());
        TrainedModel.requireInput("--data", data, sc.hadoopConfiguration());
      }
      DataSpec spec = Scoring.forInput(model.spec, data,
          o.has("--unknown") ? o.choice("--unknown", "fail", "skip") : null);
      PreparedData read = DataReader.evaluateAsTrained(spark, data, spec);
      Totals total = evaluate(sc, model, read.validation().examples(), batch);
      if (total.items == 0) {
        throw CliException.failed(data + ": nothing to evaluate (no scored steps)");
      }
      Report report = new Report(model, data, total);
      out.print(json ? report.json() : report.text());
      return 0;
    } catch (Exception e) {
      throw SparkJobs.translate(e);
    } finally {
      spark.stop();
    }
  }

  /**
   * Sums over every partition of {@code examples} on the one inference path, added in partition
   * order; no example leaves its executor.
   */
  static Totals evaluate(JavaSparkContext sc, TrainedModel model, JavaRDD<Example> examples,
      int batch) {
    ModelConfig cfg = model.config();
    boolean confusion = cfg.loss().classTargets && !model.spec.kind().languageModel();
    // a stream model reads its streams window by window with the state carried, as it trained
    int window = model.spec.options().streamOrder() ? model.spec.options().window() : 0;
    try {
      sc.setJobDescription("spark-rnn evaluate");
      return Inference.sum(examples, cfg, model.bundle.params().data(), batch,
          () -> new Totals(cfg, confusion, window), Totals::add, Totals::merge);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /**
   * What one partition sums (and the driver adds): loss, examples, scored items; for classes
   * the arg-max hits and a confusion matrix (true class × predicted, row-major); for real targets
   * squared and absolute errors over every output unit.
   */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    int classes;
    double loss;
    long examples;
    long items;
    long correct;
    long[] confusion;
    double squared;
    double absolute;
    long units;
    /** Steps per window of a stream model's state-carrying evaluation (0: whole sequences). */
    int window;

    Totals() {} // Kryo

    Totals(ModelConfig cfg, boolean withConfusion, int window) {
      classes = cfg.outputSize();
      confusion = withConfusion ? new long[classes * classes] : null;
      this.window = window;
    }

    /** One batch, one forward pass: loss, hits, confusion matrix and errors from Evaluator. */
    static void add(Totals t, Network net, Params p, List<Example> part) {
      t.addBatch(net, p, part);
    }

    private void addBatch(Network net, Params p, List<Example> part) {
      Evaluator.Sum sum = Evaluator.evaluate(net, p, part, part.size(),
          confusion == null ? new Evaluator.Sum() : Evaluator.Sum.withConfusion(classes), window);
      loss += sum.loss;
      items += sum.items;
      correct += sum.correct;
      examples += part.size();
      squared += sum.squared;
      absolute += sum.absolute;
      units += sum.units;
      if (confusion != null) {
        for (int i = 0; i < confusion.length; i++) {
          confusion[i] += sum.confusion[i];
        }
      }
    }

    Totals merge(Totals t) {
      loss += t.loss;
      examples += t.examples;
      items += t.items;
      correct += t.correct;
      squared += t.squared;
      absolute += t.absolute;
      units += t.units;
      if (confusion != null && t.confusion != null) {
        for (int i = 0; i < confusion.length; i++) {
          confusion[i] += t.confusion[i];
        }
      }
      return this;
    }
  }

  /** The metrics of one evaluation, as text or JSON. */
  static final class Report {
    final TrainedModel model;
    final String data;
    final Totals t;
    final DataSpec spec;
    final ModelConfig cfg;
    final double loss;

    Report(TrainedModel model, String data, Totals t) {
      this.model = model;
      this.data = data;
      this.t = t;
      this.spec = model.spec;
      this.cfg = model.config();
      double units = (double) t.items * cfg.loss().unitsPerItem(cfg.outputSize());
      this.loss = t.loss / Math.max(units, 1);
    }

    String task() {
      if (spec.kind().languageModel()) {
        return "language_model";
      }
      return cfg.loss().classTargets ? "classification" : "regression";
    }

    /** bits_per_char or bits_per_word. */
    String bitsName() {
      return spec.chars() != null ? "bits_per_char" : "bits_per_word";
    }

    List<String> classNames() {
      List<String> names = new ArrayList<>();
      for (int k = 0; k < cfg.outputSize(); k++) {
        names.add(spec.classes() != null ? spec.classes().name(k) : Integer.toString(k));
      }
      return names;
    }

    /** Predicted k and right, over predicted k; NaN when nothing was predicted k. */
    double precision(int k) {
      long predicted = 0;
      for (int i = 0; i < t.classes; i++) {
        predicted += t.confusion[i * t.classes + k];
      }
      return predicted == 0 ? Double.NaN : t.confusion[k * t.classes + k] / (double) predicted;
    }

    double recall(int k) {
      long actual = support(k);
      return actual == 0 ? Double.NaN : t.confusion[k * t.classes + k] / (double) actual;
    }

    long support(int k) {
      long actual = 0;
      for (int j = 0; j < t.classes; j++) {
        actual += t.confusion[k * t.classes + j];
      }
      return actual;
    }

    String itemsName() {
      if (spec.kind().languageModel()) {
        return "tokens";
      }
      return cfg.mode() == OutputMode.MANY_TO_MANY ? "steps" : "sequences";
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      String examplesName = !spec.kind().languageModel() ? "sequences"
          : spec.options().streamOrder() ? "streams" : "windows";
      sb.append(String.format(Locale.ROOT, "evaluate %s on %s: %d %s, %d scored %s%n",
          model.dir, data, t.examples, examplesName, t.items, itemsName()));
      switch (task()) {
        case "language_model" -> {
          sb.append(line("loss", fmt(loss) + " nats/token"));
          sb.append(line("perplexity", fmt(Math.exp(loss))));
          sb.append(line(spec.chars() != null ? "bits/char" : "bits/word", fmt(loss / Math.log(2))));
          sb.append(line("accuracy", fmt(t.correct / (double) t.items) + " (next token, "
              + t.correct + "/" + t.items + ")"));
        }
        case "classification" -> {
          sb.append(line("loss", fmt(loss) + " (cross-entropy, nats per " + single(itemsName()) + ")"));
          sb.append(line("accuracy", fmt(t.correct / (double) t.items) + " (" + t.correct + "/"
              + t.items + ")"));
          classTable(sb);
        }
        default -> {
          sb.append(line("loss", fmt(loss) + " (" + cfg.loss().output + "+" + cfg.loss().loss
              + ", per output value)"));
          sb.append(line("mse", fmt(t.squared / Math.max(t.units, 1))));
          sb.append(line("mae", fmt(t.absolute / Math.max(t.units, 1))));
        }
      }
      return sb.toString();
    }

    private void classTable(StringBuilder sb) {
      List<String> names = classNames();
      int w = "class".length();
      for (String n : names) {
        w = Math.max(w, n.length());
      }
      sb.append('\n');
      sb.append(String.format(Locale.ROOT, "%-" + w + "s  %9s  %9s  %9s%n", "class", "precision",
          "recall", "support"));
      for (int k = 0; k < names.size(); k++) {
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  %9s  %9s  %9d%n", names.get(k),
            fmt(precision(k)), fmt(recall(k)), support(k)));
      }
      sb.append("\nconfusion matrix (rows: true class, columns: predicted class)\n");
      int cw = 1;
      for (long c : t.confusion) {
        cw = Math.max(cw, Long.toString(c).length());
      }
      for (String n : names) {
        cw = Math.max(cw, n.length());
      }
      sb.append(String.format("%-" + w + "s", ""));
      for (String n : names) {
        sb.append("  ").append(String.format("%" + cw + "s", n));
      }
      sb.append('\n');
      for (int k = 0; k < names.size(); k++) {
        sb.append(String.format("%-" + w + "s", names.get(k)));
        for (int j = 0; j < names.size(); j++) {
          sb.append("  ").append(String.format("%" + cw + "d", t.confusion[k * t.classes + j]));
        }
        sb.append('\n');
      }
    }

    String json() throws Exception {
      ObjectMapper m = new ObjectMapper();
      ObjectNode r = m.createObjectNode();
      r.put("model", model.dir);
      r.put("data", data);
      r.put("kind", spec.kind().key());
      r.put("task", task());
      r.put("examples", t.examples);
      r.put("items", t.items);
      r.put("loss", loss);
      switch (task()) {
        case "language_model" -> {
          r.put("perplexity", Math.exp(loss));
          r.put(bitsName(), loss / Math.log(2));
          r.put("accuracy", t.correct / (double) t.items);
        }
        case "classification" -> {
          r.put("accuracy", t.correct / (double) t.items);
          List<String> names = classNames();
          ArrayNode classes = r.putArray("classes");
          names.forEach(classes::add);
          ObjectNode precision = r.putObject("precision");
          ObjectNode recall = r.putObject("recall");
          ObjectNode support = r.putObject("support");
          for (int k = 0; k < names.size(); k++) {
            number(precision, names.get(k), precision(k));
            number(recall, names.get(k), recall(k));
            support.put(names.get(k), support(k));
          }
          ArrayNode confusion = r.putArray("confusion");
          for (int k = 0; k < names.size(); k++) {
            ArrayNode row = confusion.addArray();
            for (int j = 0; j < names.size(); j++) {
              row.add(t.confusion[k * t.classes + j]);
            }
          }
        }
        default -> {
          r.put("mse", t.squared / Math.max(t.units, 1));
          r.put("mae", t.absolute / Math.max(t.units, 1));
        }
      }
      return m.disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r) + "\n";
    }

    /** NaN (a class never predicted / never present) as null: JSON has no NaN. */
    private static void number(ObjectNode n, String key, double v) {
      if (Double.isNaN(v)) {
        n.putNull(key);
      } else {
        n.put(key, v);
      }
    }

    private static String single(String plural) {
      return plural.substring(0, plural.length() - 1);
    }

    private static String line(String name, String value) {
      return String.format(Locale.ROOT, "  %-11s %s%n", name, value);
    }

    private static String fmt(double v) {
      return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
  }
}
