package org.sparkrnn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.ConfigKey;
import org.sparkrnn.config.ConfigKeys;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataException;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFormatException;
import org.sparkrnn.io.TorchImport;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.spark.HadoopFs;
import org.sparkrnn.spark.ModelStore;

/**
 * {@code import --input FILE.safetensors --output DIR}: a PyTorch state dict ({@link TorchImport})
 * as a model directory that evaluate, predict, generate and train --init-from read. The data spec
 * (vocabulary, classes) comes from --data-from, else the file's metadata, else — for dense input —
 * sequences with classes "0".."O−1" (softmax) or O real targets.
 */
public final class ImportCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--input", "FILE", null, "safetensors file with a torch state dict (required)"),
      Options.valued("--output", "DIR", null, "model directory to write, any Hadoop path (required)"),
      Options.valued("--data-from", "DIR", null,
          "take the data spec (vocabulary, classes, reading settings) from this spark-rnn model"),
      Options.valued("--vocab-from", "DIR", null, "same as --data-from"),
      Options.valued("--set", "KEY=VALUE", null,
          "model.* or data.* setting the state dict lacks (repeatable), e.g. model.activation=relu,"
              + " model.mode=many-to-one, model.output_function=identity, model.loss=mse"),
      Options.flag("--overwrite", "replace a model already in DIR"));

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "import";
  }

  @Override
  public String summary() {
    return "read a PyTorch state dict (safetensors) of nn.RNN/LSTM/GRU + nn.Linear into a model";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn import --input FILE.safetensors --output DIR [--data-from MODEL_DIR] [--set key=value]...", """
        Reads a state dict of a module with rnn = nn.RNN / nn.LSTM / nn.GRU (batch_first=False,
        bias=True) and linear = nn.Linear(H, O), optionally after embedding = nn.Embedding(V, E)
        — embedding.weight, rnn.weight_ih_l0, ..., linear.weight, linear.bias, F64 or F32; a
        bidirectional rnn's rnn.weight_ih_l0_reverse, ... and nn.Linear(2H, O) — and
        writes a spark-rnn model directory. Layers, sizes, the cell, the embedding and whether the
        head is tied to it (equal tensors) come from the tensors; the recurrence
        (model.activation, tanh by default), one-hot token input (model.vocab), output function,
        loss and mode come from the file's metadata (as
        'spark-rnn export' writes it) or from --set. Every tensor is checked: an unknown, missing
        or misshaped tensor, an integer dtype, a non-finite value or a damaged file is refused
        with one line naming it, and nothing is written.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    String input = o.require("--input");
    String output = o.require("--output");
    if (o.has("--data-from") && o.has("--vocab-from")) {
      throw CliException.usage("give --data-from or --vocab-from, not both");
    }
    String dataFrom = o.has("--data-from") ? o.string("--data-from") : o.string("--vocab-from");
    Map<String, String> modelSets = new LinkedHashMap<>();
    Map<String, String> dataSets = new LinkedHashMap<>();
    splitSets(o.all("--set"), modelSets, dataSets);
    Configuration conf = TrainedModel.localConf();
    checkOutput(output, conf, o.flag("--overwrite"));

    byte[] bytes = readInput(input, conf);
    TorchImport.Imported imported;
    try {
      imported = TorchImport.read(bytes, input, modelSets);
    } catch (ModelFormatException e) {
      throw CliException.failed(e.getMessage());
    }
    ModelConfig model = imported.model();
    Map<String, String> specMap;
    String specSource;
    if (dataFrom != null) {
      specMap = new LinkedHashMap<>(TrainedModel.load("--data-from", dataFrom, conf).spec.toMap());
      specSource = dataFrom;
    } else if (!imported.dataSpec().isEmpty()) {
      specMap = new LinkedHashMap<>(imported.dataSpec());
      specSource = input + " (metadata)";
    } else {
      specMap = defaultSpec(model, input);
      specSource = "the default for dense sequences";
    }
    specMap.putAll(dataSets);
    DataSpec spec;
    try {
      spec = DataSpec.fromMap(specMap, specSource);
      spec.check(model);
    } catch (DataException e) {
      String msg = e.getMessage();
      throw CliException.failed(msg.startsWith(specSource) ? msg : "data spec from " + specSource
          + " does not fit the imported model: " + msg);
    }
    Map<String, String> provenance = new LinkedHashMap<>(spec.toMap());
    provenance.put("imported_from", input);
    provenance.put("created", Instant.now().toString());
    ModelBundle bundle = ModelBundle.of(model, imported.params()).withProvenance(provenance);
    try {
      ModelStore.save(bundle, output, conf, o.flag("--overwrite"));
    } catch (IOException e) {
      throw CliException.failed("--output: cannot write the model to " + output + ": "
          + e.getMessage());
    }
    out.println("imported " + model.layers() + "-layer " + model.cell().key() + " ("
        + (model.tokenInput() ? "vocabulary " + model.vocabSize() : "input " + model.inputSize())
        + (model.embedding() > 0 ? ", embedding " + model.embedding() : "")
        + (model.tieWeights() ? " tied to the head" : "")
        + ", hidden " + model.hiddenSize() + (model.bidirectional() ? " in each direction" : "") + ", output " + model.outputSize() + ", "
        + model.loss().output + " + " + model.loss().loss + ", " + model.mode().key() + "; data "
        + spec.kind().key() + ") to " + output);
    return 0;
  }

  /** --set values: model.* / train.bptt.truncate by their canonical key, data.* as given. */
  private static void splitSets(List<String> sets, Map<String, String> model,
      Map<String, String> data) {
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("--set needs key=value, got '" + set + "'");
      }
      String key = set.substring(0, eq).trim();
      String value = set.substring(eq + 1).trim();
      if (key.startsWith("data.")) {
        if (key.equals(DataOptions.PATH) || key.equals(DataOptions.VALIDATION_PATH)) {
          throw CliException.usage("--set " + key + ": an imported model holds no data path");
        }
        data.put(key, value);
        continue;
      }
      ConfigKey k;
      try {
        Settings.empty().with(key, value, "--set"); // unknown key or bad value: one line
        k = ConfigKeys.get(key);
      } catch (ConfigException e) {
        throw CliException.usage(e.getMessage());
      }
      if (!k.name().startsWith("model.") && !k.name().equals("train.bptt.truncate")) {
        throw CliException.usage("--set " + key + ": import takes model.* and data.* settings "
            + "(training settings go to 'spark-rnn train')");
      }
      model.put(k.name(), value);
    }
  }

  /** Dense sequences of the model's width: classes "0".."O−1" for softmax, else O real targets. */
  private static Map<String, String> defaultSpec(ModelConfig model, String input) {
    if (model.tokenInput()) {
      throw CliException.usage(input + ": a token-input model needs its vocabulary: pass "
          + "--data-from MODEL_DIR (a spark-rnn model with that vocabulary) or set data.kind and "
          + "data.vocab.chars / data.vocab.words with --set");
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put(DataOptions.KIND, "sequences");
    m.put(DataOptions.MODE, model.mode().key());
    m.put(DataSpec.FEATURES, Integer.toString(model.inputSize()));
    if (model.loss().classTargets) {
      m.put(DataOptions.TARGET, "class");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < model.outputSize(); i++) {
        names.add(Integer.toString(i));
      }
      try {
        m.put(DataSpec.CLASSES, JSON.writeValueAsString(names));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      m.put(DataOptions.TARGET, "real");
      m.put(DataSpec.TARGETS, Integer.toString(model.outputSize()));
    }
    return m;
  }

  private static void checkOutput(String output, Configuration conf, boolean overwrite) {
    try {
      Path p = new Path(output);
      if (!overwrite && ModelStore.exists(output, conf)) {
        throw CliException.usage("--output: " + output
            + " already exists (pass --overwrite to replace it)");
      }
      if (overwrite && ModelStore.exists(output, conf)
          && !HadoopFs.of(p, conf).getFileStatus(p).isDirectory()) {
        throw CliException.usage("--output: " + output + " is a file, not a model directory");
      }
    } catch (IOException e) {
      throw CliException.failed("--output: cannot read " + output + ": " + e.getMessage());
    }
  }

  private static byte[] readInput(String input, Configuration conf) {
    try {
      Path p = new Path(input);
      FileSystem fs = HadoopFs.of(p, conf);
      if (!fs.exists(p)) {
        throw CliException.usage("--input: no such file: " + input);
      }
      if (fs.getFileStatus(p).isDirectory()) {
        throw CliException.usage("--input: " + input + " is a directory; name a .safetensors file");
      }
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw CliException.usage("--input: no such file: " + input);
    } catch (IOException e) {
      throw CliException.failed("--input: cannot read " + input + ": " + e.getMessage());
    }
  }
}
