package org.sparkrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataReader;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.PreparedData;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.spark.Inference;
import org.sparkrnn.train.Evaluator;

/**
 * {@code predict --model DIR --data PATH --output OUT}: scores every sequence of PATH on the
 * executors and writes one row per sequence (many-to-one) or per step (many-to-many) with Spark
 * SQL as CSV or Parquet. The rows are written into a hidden sibling of OUT and renamed into
 * place when the job has succeeded, so OUT holds all of them or is left as it was.
 */
public final class PredictCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--model", "DIR", null, "run directory (spark-rnn train --output) or its model/ (required)"),
      Options.valued("--data", "PATH", null, "data to score: file, directory or glob, any Hadoop path (required)"),
      Options.valued("--output", "OUT", null, "directory to write, any Hadoop path (required)"),
      Options.valued("--format", "FMT", "csv", "csv or parquet"),
      Options.valued("--master", "URL", null, "Spark master (else what spark-submit set, else local[*])"),
      SparkJobs.CONF,
      Options.valued("--batch", "N", "64", "sequences per forward pass"),
      Options.valued("--unknown", "fail|skip", null,
          "characters outside the model's vocabulary: fail naming them, or skip and count them"
          + " (default: as in training, data.unknown)"),
      Options.flag("--overwrite", "replace OUT if it exists"));

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String summary() {
    return "score a dataset with a trained model and write the predictions (CSV or Parquet)";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn predict --model DIR --data PATH --output OUT [--format csv|parquet]"
        + " [--master URL] [--conf K=V]... [--overwrite]", """
        Reads PATH as the model's data spec says (as evaluate does) and writes OUT with one row
        per sequence (many-to-one) or per scored step (many-to-many; language models: every
        window step). Columns: id (the example id: sequences numbered in id order, windows in
        corpus order), step (per-step models), label (the true class or next token),
        prediction, and prob_<class> for every class of a classifier (probability for a
        language model's predicted token); regression: target and prediction (target_k,
        prediction_k for several outputs). OUT must not exist unless --overwrite is given;
        it appears only when every row is written. A language model trained with
        data.order=stream is scored here window by window, each from a zero state (evaluate
        carries the state through its streams).
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    Settings sparkSettings = SparkJobs.withConf(Settings.empty(), o.all("--conf"));
    String modelArg = o.require("--model");
    String data = o.require("--data");
    String output = o.require("--output");
    String format = o.choice("--format", "csv", "parquet");
    int batch = o.integer("--batch", 1, 1 << 20);
    boolean overwrite = o.flag("--overwrite");
    TrainedModel model = null;
    boolean local = TrainedModel.local(modelArg) && TrainedModel.local(data)
        && TrainedModel.local(output);
    if (local) {
      Configuration conf = TrainedModel.localConf();
      checkOutput(output, overwrite, conf);
      model = TrainedModel.load("--model", modelArg, conf);
      TrainedModel.requireInput("--data", data, conf);
    }
    SparkSession spark = SparkJobs.session(o.string("--master"), sparkSettings, name());
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Configuration conf = sc.hadoopConfiguration();
      if (model == null) {
        checkOutput(output, overwrite, conf);
        model = TrainedModel.load("--model", modelArg, conf);
        TrainedModel.requireInput("--data", data, conf);
      }
      DataSpec spec = Scoring.forInput(model.spec, data,
          o.has("--unknown") ? o.choice("--unknown", "fail", "skip") : null);
      PreparedData read = DataReader.evaluate(spark, data, spec);
      Layout layout = new Layout(model);
      LongAccumulator count = sc.sc().longAccumulator("spark-rnn predict rows");
      JavaRDD<Row> rows = rows(sc, model, layout, read.validation().examples(), batch, count);
      write(spark, rows, layout.schema(), output, format, overwrite, conf);
      out.printf("wrote %d rows (%s) to %s%n", count.value(), format, output);
      return 0;
    } catch (Exception e) {
      throw SparkJobs.translate(e);
    } finally {
      spark.stop();
    }
  }

  private static void checkOutput(String output, boolean overwrite, Configuration conf)
      throws IOException {
    Path p = new Path(output);
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p) && !overwrite) {
      throw CliException.usage("--output: " + output + " already exists; pass --overwrite to replace it");
    }
  }

  /** The prediction rows, computed partition by partition where the examples are (one inference path). */
  static JavaRDD<Row> rows(JavaSparkContext sc, TrainedModel model, Layout layout,
      JavaRDD<Example> examples, int batch, LongAccumulator count) {
    return Inference.rows(examples, model.config(), model.bundle.params().data(), batch,
        (net, p, in, first, partition) -> {
          List<Row> rows = layout.rows(net, p, in);
          count.add(rows.size());
          return rows;
        });
  }

  /** Writes into a hidden sibling of {@code output}, then renames it into place. */
  private static void write(SparkSession spark, JavaRDD<Row> rows, StructType schema,
      String output, String format, boolean overwrite, Configuration conf) throws IOException {
    Path target = new Path(output);
    FileSystem fs = target.getFileSystem(conf);
    Path qualified = fs.makeQualified(target);
    Path tmp = new Path(qualified.getParent(), "." + qualified.getName() + ".tmp-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      spark.sparkContext().setJobDescription("spark-rnn predict");
      spark.createDataFrame(rows, schema).write().format(format).option("header", "true")
          .mode(SaveMode.ErrorIfExists).save(tmp.toString());
      if (fs.exists(target)) {
        if (!overwrite) { // appeared while the job ran
          throw CliException.usage("--output: " + output + " already exists; pass --overwrite to replace it");
        }
        fs.delete(target, true);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
    } finally {
      spark.sparkContext().setJobDescription(null);
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  /** The columns of a model's predictions and how one batch becomes rows of them. */
  static final class Layout implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final DataSpec spec;
    final boolean languageModel;
    final boolean classes;
    final boolean perStep;
    final int outputs;

    Layout(TrainedModel model) {
      this.spec = model.spec;
      ModelConfig cfg = model.config();
      this.languageModel = spec.kind().languageModel();
      this.classes = cfg.loss().classTargets;
      this.perStep = cfg.mode() == OutputMode.MANY_TO_MANY;
      this.outputs = cfg.outputSize();
    }

    StructType schema() {
      List<StructField> f = new ArrayList<>();
      Set<String> used = new HashSet<>();
      f.add(field("id", DataTypes.LongType, used));
      if (perStep) {
        f.add(field("step", DataTypes.IntegerType, used));
      }
      if (classes) {
        f.add(field("label", DataTypes.StringType, used));
        f.add(field("prediction", DataTypes.StringType, used));
        if (languageModel) {
          f.add(field("probability", DataTypes.DoubleType, used));
        } else {
          for (int k = 0; k < outputs; k++) {
            f.add(field(column("prob_", spec.classes().name(k), used), DataTypes.DoubleType, used));
          }
        }
      } else if (outputs == 1) {
        f.add(field("target", DataTypes.DoubleType, used));
        f.add(field("prediction", DataTypes.DoubleType, used));
      } else {
        for (int k = 0; k < outputs; k++) {
          f.add(field("target_" + k, DataTypes.DoubleType, used));
        }
        for (int k = 0; k < outputs; k++) {
          f.add(field("prediction_" + k, DataTypes.DoubleType, used));
        }
      }
      return DataTypes.createStructType(f);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type,
        Set<String> used) {
      used.add(name);
      return DataTypes.createStructField(name, type, false);
    }

    /** prefix + the name with every character but letters, digits and _ as _, made unique. */
    static String column(String prefix, String name, Set<String> used) {
      String base = prefix + name.replaceAll("[^A-Za-z0-9_]", "_");
      String c = base;
      for (int i = 2; used.contains(c); i++) {
        c = base + "_" + i;
      }
      return c;
    }

    String label(int id) {
      return languageModel ? Scoring.tokenText(spec, id) : spec.classes().name(id);
    }

    /** One forward pass over {@code part}; a row per scored sequence or step, in example order. */
    List<Row> rows(Network net, Params p, List<Example> part) {
      SequenceBatch b = Batches.assemble(part, net.config());
      net.forward(b, p, null);
      double[] out = net.outputs();
      List<Row> rows = new ArrayList<>();
      for (int s = 0; s < b.batch; s++) {
        long id = part.get(s).id();
        int steps = perStep ? b.length(s) : 1;
        for (int t = 0; t < steps; t++) {
          int r = perStep ? t * b.batch + s : s;
          if (!b.scores(r)) {
            continue;
          }
          List<Object> v = new ArrayList<>();
          v.add(id);
          if (perStep) {
            v.add(t);
          }
          int off = r * outputs;
          if (classes) {
            int pred = Evaluator.argmax(out, off, outputs);
            v.add(label(b.classTargets[r]));
            v.add(label(pred));
            if (languageModel) {
              v.add(out[off + pred]);
            } else {
              for (int k = 0; k < outputs; k++) {
                v.add(out[off + k]);
              }
            }
          } else {
            for (int k = 0; k < outputs; k++) {
              v.add(b.realTargets[off + k]);
            }
            for (int k = 0; k < outputs; k++) {
              v.add(out[off + k]);
            }
          }
          rows.add(RowFactory.create(v.toArray()));
        }
      }
      return rows;
    }
  }
}
