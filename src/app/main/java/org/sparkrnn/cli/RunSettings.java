package org.sparkrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.model.Loss;

/** Settings of a run: the --config file, then every --set key=value over it, in order. */
final class RunSettings {
  private RunSettings() {}

  static Settings load(String configFile, List<String> sets) {
    Settings s = Settings.empty();
    try {
      if (configFile != null) {
        Path file = Path.of(configFile);
        if (!Files.isRegularFile(file)) {
          throw CliException.usage("config file " + configFile + " does not exist");
        }
        s = Settings.read(file);
      }
      for (String set : sets) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
          throw CliException.usage("--set needs key=value, got '" + set + "'");
        }
        s = s.with(set.substring(0, eq).trim(), set.substring(eq + 1).trim(), "--set");
      }
      return s;
    } catch (ConfigException e) {
      throw CliException.usage(e.getMessage());
    } catch (NoSuchFileException e) {
      throw CliException.usage("config file " + configFile + " does not exist");
    } catch (IOException e) {
      throw CliException.usage("cannot read config file " + configFile + ": " + e.getMessage());
    }
  }

  /**
   * data.order=stream: as many streams as sequences in a batch (data.streams 0 → train.batch),
   * and the trainer steps each stream data.window steps at a time (train.bptt.window unset →
   * data.window), carrying the state from window to window.
   */
  static Settings withStreamDefaults(Settings s) {
    try {
      if (!s.getString("data.order").equals("stream")) {
        return s;
      }
      if (s.getInt("data.streams") == 0) {
        s = s.with("data.streams", Integer.toString(s.getInt("train.batch")), "data.order=stream");
      }
      if (!s.isSet("train.bptt.window")) {
        s = s.with("train.bptt.window", Integer.toString(s.getInt("data.window")),
            "data.order=stream");
      } else if (s.getInt("train.bptt.window") == 0) {
        throw CliException.usage("train.bptt.window = 0 (" + s.origin("train.bptt.window")
            + ") would train each whole stream as one step; with data.order=stream leave it "
            + "unset (it is data.window) or give the window length");
      }
      return s;
    } catch (ConfigException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /**
   * Fills the model's input, output and mode from what the data says, where the user did not set
   * them; the user's own values are then checked against the data by {@link DataSpec#check}.
   */
  static Settings withDataShape(Settings s, DataSpec spec) {
    Settings out = s;
    if (spec.vocabSize() > 0) {
      out = fill(out, "model.vocab", Integer.toString(spec.vocabSize()));
    } else {
      out = fill(out, "model.input", Integer.toString(spec.inputSize()));
    }
    out = fill(out, "model.output", Integer.toString(spec.outputSize()));
    out = fill(out, "model.mode", spec.mode().key());
    if (!spec.classTargets() && !s.isSet("model.loss") && !s.isSet("model.output_function")) {
      out = out.with("model.output_function", Loss.IDENTITY_MSE.output, "data")
          .with("model.loss", Loss.IDENTITY_MSE.loss, "data");
    }
    return out;
  }

  private static Settings fill(Settings s, String key, String value) {
    return s.isSet(key) ? s : s.with(key, value, "data");
  }
}
