package org.sparkrnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFormatException;
import org.sparkrnn.io.Safetensors.DType;
import org.sparkrnn.io.TorchExport;
import org.sparkrnn.spark.HadoopFs;
import org.sparkrnn.spark.ModelStore;

/**
 * {@code export --model DIR --format pytorch --output FILE}: the model's parameters as a PyTorch
 * state dict in safetensors ({@link TorchExport}), written to a temporary sibling and renamed
 * into place.
 */
public final class ExportCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--model", "DIR", null, "run directory (spark-rnn train --output) or its model/ (required)"),
      Options.valued("--format", "pytorch", "pytorch", "file format (pytorch: a torch state dict in safetensors)"),
      Options.valued("--output", "FILE", null, "the file to write, any Hadoop path (required)"),
      Options.valued("--dtype", "f64|f32", "f64", "element type of the tensors"),
      Options.flag("--overwrite", "replace an existing FILE"));

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "write a model as a PyTorch state dict (safetensors) for torch.nn.RNN/LSTM/GRU + Linear";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn export --model DIR --format pytorch --output FILE.safetensors", """
        Writes the model's parameters under the keys of the state dict of a module with
        rnn = nn.RNN / nn.LSTM / nn.GRU (batch_first=False) and linear = nn.Linear(H, O), and
        embedding = nn.Embedding(V, E) in front of rnn for a model with model.embedding = E:
        embedding.weight (with an embedding only), rnn.weight_ih_l0, rnn.weight_hh_l0,
        rnn.bias_ih_l0, rnn.bias_hh_l0, ..., linear.weight, linear.bias. With
        model.tie_weights=true, linear.weight is embedding.weight (the same values under both
        names, as in a tied torch module's state dict). A bidirectional model is
        nn.LSTM(..., bidirectional=True) + nn.Linear(2H, O): each layer's keys are followed by
        its backward direction's, rnn.weight_ih_l0_reverse, .... The file's __metadata__ holds the
        module's sizes (torch.*), the model's settings (model.*) and its data spec (data.*:
        vocabulary, classes), so 'spark-rnn import' gives the same model back. Jordan nets and
        Elman nets with a recurrence other than tanh or relu have no torch.nn module and are
        refused. See docs/pytorch.md for the Python code that loads the file.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    String modelArg = o.require("--model");
    o.choice("--format", "pytorch");
    String output = o.require("--output");
    DType dtype = DType.valueOf(o.choice("--dtype", "f64", "f32").toUpperCase(Locale.ROOT));
    Configuration conf = TrainedModel.localConf();
    String dir = TrainedModel.resolve("--model", modelArg, conf);
    ModelBundle bundle;
    byte[] bytes;
    try {
      bundle = ModelStore.load(dir, conf);
      bytes = TorchExport.toBytes(bundle, dtype);
    } catch (ModelFormatException e) {
      throw CliException.failed(e.getMessage());
    }
    write(bytes, output, conf, o.flag("--overwrite"));
    out.println("exported " + bundle.model().layers() + "-layer " + bundle.model().cell().key()
        + " (" + bundle.params().layout().size() + " parameters, " + dtype + ") to " + output);
    return 0;
  }

  /** Writes {@code bytes} to a hidden sibling, then renames it to {@code output}. */
  static void write(byte[] bytes, String output, Configuration conf, boolean overwrite) {
    try {
      Path target = new Path(output);
      FileSystem fs = HadoopFs.of(target, conf);
      if (fs.exists(target)) {
        if (fs.getFileStatus(target).isDirectory()) {
          throw CliException.usage("--output: " + output + " is a directory; name a file");
        }
        if (!overwrite) {
          throw CliException.usage("--output: " + output + " exists (pass --overwrite to replace it)");
        }
      }
      Path parent = target.getParent();
      if (parent != null) {
        fs.mkdirs(parent);
      }
      Path tmp = new Path(parent, "." + target.getName() + ".tmp-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      try {
        try (OutputStream s = fs.create(tmp, false)) {
          s.write(bytes);
        }
        if (fs.exists(target)) {
          fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
          throw new IOException("could not rename " + tmp + " to " + target);
        }
      } finally {
        if (fs.exists(tmp)) {
          fs.delete(tmp, false);
        }
      }
    } catch (IOException e) {
      throw CliException.failed("--output: cannot write " + output + ": " + e.getMessage());
    }
  }
}
