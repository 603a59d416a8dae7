package org.sparkrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataReader;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.PreparedData;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.spark.HadoopFs;
import org.sparkrnn.spark.ModelStore;
import org.sparkrnn.spark.SparkRunOptions;
import org.sparkrnn.spark.SyncMode;
import org.sparkrnn.spark.SparkTrainer;
import org.sparkrnn.spark.StepOverhead;
import org.sparkrnn.train.Precision;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.TrainingDivergedException;

/**
 * {@code train --config FILE [--set key=value]… --output DIR}: reads the data, trains with the
 * Spark trainer and writes under DIR: model/ (the trained model with its data spec),
 * metrics.jsonl, checkpoints/ and config.conf (every setting in force).
 */
public final class TrainCommand implements Command {
  static final String MODEL_DIR = "model";
  static final String CONFIG_FILE = "config.conf";

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--config", "FILE", null, "configuration file (key = value lines)"),
      Options.valued("--set", "KEY=VALUE", null, "set one key (repeatable; wins over --config)"),
      Options.valued("--output", "DIR", null, "output directory, any Hadoop path (required)"),
      Options.valued("--master", "URL", null, "Spark master (else spark.master, else local[*])"),
      SparkJobs.CONF,
      Options.flag("--overwrite", "replace a model already in DIR"),
      Options.flag("--resume", "continue from the newest checkpoint in DIR"),
      Options.valued(InitFrom.OPTION, "MODEL_DIR", null, "fine-tune: start from this model's "
          + "parameters (e.g. one made by 'spark-rnn import'), keeping its architecture and data spec"),
      Options.flag("--quiet", "no progress line"));

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train a model on Spark (local mode or a cluster) and write it under --output";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn train --config FILE [--set key=value]... "
        + "[--conf key=value]... --output DIR", """
        Reads the data named by data.path, builds the model the settings describe (its input and
        output sizes come from the data unless set), trains it with synchronous data-parallel
        BPTT on Spark and writes DIR/model, DIR/metrics.jsonl (one JSON object per step),
        DIR/checkpoints and DIR/config.conf. 'spark-rnn config --list' lists every key.
        Spark's own settings (spark.executor.memory, spark.dynamicAllocation.enabled, ...) go
        to the session, from --conf KEY=VALUE as spark-submit takes them, or as spark.* keys in
        --config or --set; the project's spark.* keys (spark.partitions, spark.sync, ...) stay
        the project's.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    HeapPeak.watch();
    String output = o.require("--output");
    boolean resume = o.flag("--resume");
    boolean overwrite = o.flag("--overwrite");
    if (resume && overwrite) {
      throw CliException.usage("--resume and --overwrite exclude each other");
    }
    Settings settings = SparkJobs.withConf(RunSettings.load(o.string("--config"), o.all("--set")),
        o.all("--conf"));
    InitFrom initFrom = o.has(InitFrom.OPTION) ? InitFrom.load(o.string(InitFrom.OPTION)) : null;
    if (initFrom != null) {
      if (resume) {
        throw CliException.usage("--resume and " + InitFrom.OPTION + " exclude each other");
      }
      settings = initFrom.apply(settings);
    }
    settings = RunSettings.withStreamDefaults(settings);
    DataOptions dataOptions = dataOptions(settings);
    SparkSession spark = SparkJobs.session(o.string("--master"), settings, name());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    String modelDir = new Path(output, MODEL_DIR).toString();
    boolean clearOldRun = checkOutput(output, modelDir, hadoop, resume, overwrite);
    try {
      Map<String, String> saved = resume ? SparkTrainer.checkpointProvenance(sc, output) : null;
      PreparedData data = saved == null
          ? (initFrom == null ? DataReader.prepare(spark, dataOptions)
              : DataReader.prepare(spark, dataOptions, initFrom.spec()))
          : DataReader.prepare(spark, dataOptions, DataSpec.fromMap(saved, output + "/checkpoints"));
      DataSpec spec = data.spec();
      Settings full = RunSettings.withDataShape(settings, spec);
      ModelConfig model;
      TrainConfig train;
      InitConfig init;
      try {
        model = full.toModelConfig();
        train = full.toTrainConfig();
        init = full.toInitConfig();
      } catch (ConfigException e) {
        throw CliException.usage(e.getMessage());
      }
      spec.check(model);
      SparkRunOptions run = runOptions(full, sc, output, resume, o.flag("--quiet") ? null : out);
      SparkTrainer trainer = new SparkTrainer(sc, model, train, run);
      trainer.checkSync();
      if (clearOldRun) {
        clearOutput(output, hadoop);
      }
      writeConfig(output, full, hadoop);
      Map<String, String> provenance = new LinkedHashMap<>(spec.toMap());
      provenance.put("data.path", String.valueOf(dataOptions.path()));
      if (initFrom != null) {
        provenance.put("init_from", initFrom.dir);
      }
      if (!o.flag("--quiet")) {
        out.printf("spark-rnn train: %s %s, %d training / %d validation examples, %d partitions, master %s%n",
            model.cell().key(), model.layers() + "x" + model.hiddenSize(), data.train().count(),
            data.validation().count(), run.partitions(), sc.master());
        if (train.precision() == Precision.F32) {
          out.println(Network.runsAllInFloat(model)
              ? "precision: f32 (activations, their gradients and the products in float; sums and the optimizer in double)"
              : "precision: f32 products only: this model (layer/batch norm, residual, bidirectional or Jordan)"
                  + " keeps its activations in double");
        }
      }
      SparkTrainer.Result result = trainer.train(
          data.train().examples(), data.validation().count() > 0 ? data.validation().examples() : null,
          initFrom != null ? initFrom.params(model) : Initializer.initialize(model, init, train.seed()),
          provenance);
      provenance.put("created", Instant.now().toString());
      provenance.put("steps", Long.toString(result.history().isEmpty() ? 0
          : result.history().get(result.history().size() - 1).step() + 1));
      ModelBundle bundle = ModelBundle.of(model, result.params()).withConfigs(train, init)
          .withProvenance(provenance);
      ModelStore.save(bundle, modelDir, hadoop, true);
      out.println("model written to " + modelDir);
      if (!o.flag("--quiet")) {
        out.println(StepOverhead.describe(result.timings()));
        out.println(HeapPeak.describe(sc.isLocal()));
      }
      return 0;
    } catch (TrainingDivergedException e) {
      throw CliException.failed(e.getMessage());
    } catch (Exception e) {
      throw SparkJobs.translate(e);
    } finally {
      spark.stop();
    }
  }

  private static DataOptions dataOptions(Settings s) {
    try {
      DataOptions d = DataOptions.fromMap(s.asMap());
      if (d.path() == null || d.path().isEmpty()) {
        throw CliException.usage("data.path is not set: name the training data in the config or with --set data.path=...");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /**
   * Refuses to write over a model unless asked. Returns whether an old run is to be cleared —
   * done only once the data and settings have passed their checks, so a failing --overwrite
   * run leaves the old model in place.
   */
  private static boolean checkOutput(String output, String modelDir, Configuration conf,
      boolean resume, boolean overwrite) throws IOException {
    Path out = new Path(output);
    FileSystem fs = HadoopFs.of(out, conf);
    if (resume) {
      if (!fs.exists(new Path(out, "checkpoints"))) {
        throw CliException.usage("--resume: " + output + " holds no checkpoints");
      }
      return false;
    }
    boolean hasRun = fs.exists(new Path(modelDir)) || fs.exists(new Path(out, "checkpoints"));
    if (hasRun && !overwrite) {
      throw CliException.usage("output directory " + output
          + " already holds a model; pass --overwrite to replace it, or --resume to continue");
    }
    return hasRun;
  }

  private static void clearOutput(String output, Configuration conf) throws IOException {
    Path out = new Path(output);
    FileSystem fs = HadoopFs.of(out, conf);
    for (String name : new String[] {MODEL_DIR, "checkpoints", "metrics.jsonl", CONFIG_FILE}) {
      fs.delete(new Path(out, name), true);
    }
  }

  private static void writeConfig(String output, Settings s, Configuration conf) throws IOException {
    Path p = new Path(output, CONFIG_FILE);
    FileSystem fs = HadoopFs.of(p, conf);
    fs.mkdirs(p.getParent());
    try (FSDataOutputStream stream = fs.create(p, true)) {
      stream.write(("# settings of this run (spark-rnn train)\n" + s.format())
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static SparkRunOptions runOptions(Settings s, JavaSparkContext sc, String output,
      boolean resume, PrintStream progress) {
    int partitions = s.getInt("spark.partitions");
    if (partitions == 0) {
      partitions = sc.defaultParallelism();
    }
    StorageLevel storage = switch (s.getString("spark.storage")) {
      case "memory_ser" -> StorageLevel.MEMORY_ONLY_SER();
      case "memory_and_disk" -> StorageLevel.MEMORY_AND_DISK();
      case "memory_and_disk_ser" -> StorageLevel.MEMORY_AND_DISK_SER();
      case "disk" -> StorageLevel.DISK_ONLY();
      default -> StorageLevel.MEMORY_ONLY();
    };
    return SparkRunOptions.builder(partitions)
        .output(output, s.getLong("output.checkpoint_every"), s.getInt("output.keep_checkpoints"))
        .resume(resume).validateEvery(s.getLong("output.validate_every"))
        .fanIn(s.getInt("spark.fan_in")).storage(storage).progress(progress)
        .sync(SyncMode.parse(s.getString("spark.sync"))).build();
  }
}
