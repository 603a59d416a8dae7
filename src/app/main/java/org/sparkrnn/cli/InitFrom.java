package org.sparkrnn.cli;

import java.util.Map;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/**
 * {@code train --init-from DIR}: fine-tuning starts from an existing model (trained here or made by
 * {@code spark-rnn import}) instead of a fresh initialisation. The model keeps its architecture
 * (every model.* setting is taken from it; a different explicit value is refused) and its data
 * spec (the data is read with its vocabulary and classes); the optimizer starts fresh.
 */
final class InitFrom {
  static final String OPTION = "--init-from";

  final String dir;
  private final TrainedModel model;

  private InitFrom(String dir, TrainedModel model) {
    this.dir = dir;
    this.model = model;
  }

  static InitFrom load(String given) {
    TrainedModel m = TrainedModel.load(OPTION, given, TrainedModel.localConf());
    return new InitFrom(m.dir, m);
  }

  /** {@code s} with the model's model.* settings; an explicit different value is an error. */
  Settings apply(Settings s) {
    Map<String, String> keys = Settings.of(model.config(), null, null).asMap();
    Settings out = s;
    try {
      for (Map.Entry<String, String> e : keys.entrySet()) {
        String k = e.getKey();
        if (!k.startsWith("model.")) {
          continue; // train.bptt.truncate is a training choice
        }
        Settings mine = Settings.empty().with(k, e.getValue(), OPTION);
        if (s.isSet(k) && !s.get(k).equals(mine.get(k))) {
          throw CliException.usage(k + " = " + s.get(k) + " (" + s.origin(k) + ") differs from the "
              + OPTION + " model " + dir + ", which has " + mine.get(k)
              + "; fine-tuning keeps the model's architecture (drop the setting)");
        }
        out = out.with(k, e.getValue(), OPTION + " " + dir);
      }
    } catch (ConfigException e) {
      throw CliException.usage(OPTION + ": " + e.getMessage());
    }
    return out;
  }

  DataSpec spec() {
    return model.spec;
  }

  /** A copy of the model's parameters, for a run whose model is {@code config}. */
  Params params(ModelConfig config) {
    if (!Network.layoutOf(config).slots().equals(model.bundle.params().layout().slots())) {
      throw CliException.usage(OPTION + ": the run's parameters " + Network.layoutOf(config).slots()
          + " are not those of the model in " + dir);
    }
    return model.bundle.params().copy();
  }
}
