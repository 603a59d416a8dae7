package org.sparkrnn.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;

/**
 * What a fitted stage holds besides its params: the trained model (architecture, parameters,
 * data spec — the model directory of the CLI) and, for a model fitted in this session, the
 * training loss of every step. Java serialization (a model broadcast or captured in a closure)
 * carries the model in the model format — model.json and the safetensors bytes — and reading it
 * back runs the same checks as loading a model directory.
 */
final class TrainedState implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Not Java-serialized as an object graph: see {@link #writeObject}. */
  transient ModelBundle bundle;
  final DataSpec spec;
  /** Training loss per step when fitted in this session; null when loaded. */
  final double[] losses;
  private final String name;

  TrainedState(ModelBundle bundle, DataSpec spec, double[] losses, String name) {
    this.bundle = bundle;
    this.spec = spec;
    this.losses = losses;
    this.name = name;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream tensors = new ByteArrayOutputStream();
    ModelFiles.write(bundle, json, tensors);
    out.writeObject(json.toByteArray());
    out.writeObject(tensors.toByteArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] json = (byte[]) in.readObject();
    byte[] tensors = (byte[]) in.readObject();
    bundle = ModelFiles.read(new ByteArrayInputStream(json), new ByteArrayInputStream(tensors),
        "serialized " + name);
  }
}
