package org.sparkrnn.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reference case in the format of the PyTorch reference cases (src/core/test/resources/oracle,
 * README there): config, parameters, inputs, forward values, loss, gradients, and optional
 * intermediate gradients, clipping and optimizer step sections.
 */
public final class GoldenCase {
  private final String name;
  private final JsonNode root;

  private GoldenCase(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  public static GoldenCase read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isObject() || !root.has("config") || !root.has("parameters")) {
      throw new IOException(file + ": not a golden case (needs 'config' and 'parameters')");
    }
    String name = root.has("name") ? root.get("name").asText() : file.getFileName().toString();
    return new GoldenCase(name, root);
  }

  public String name() {
    return name;
  }

  public JsonNode config() {
    return root.get("config");
  }

  public String configText(String key, String fallback) {
    JsonNode n = config().get(key);
    return n == null ? fallback : n.asText();
  }

  public int configInt(String key, int fallback) {
    JsonNode n = config().get(key);
    return n == null ? fallback : n.asInt();
  }

  public boolean has(String section) {
    return root.has(section);
  }

  public JsonNode section(String section) {
    return root.get(section);
  }

  /** The top-level section names, in file order. */
  public java.util.List<String> sections() {
    java.util.List<String> out = new java.util.ArrayList<>();
    root.fieldNames().forEachRemaining(out::add);
    return out;
  }

  public double loss() {
    return root.get("loss").asDouble();
  }

  /** All tensors of a section ("parameters", "inputs", "forward", "gradients", ...), in file order. */
  public Map<String, Tensor> tensors(String section) {
    return tensorsOf(root.get(section));
  }

  public Tensor tensor(String section, String key) {
    JsonNode n = root.path(section).get(key);
    if (n == null || !n.has("values")) {
      throw new IllegalArgumentException(name + ": no tensor " + section + "." + key);
    }
    return toTensor(n);
  }

  /** Tensors found directly under a JSON object, skipping entries that are not tensors. */
  public static Map<String, Tensor> tensorsOf(JsonNode object) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    if (object == null) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject() && e.getValue().has("values")) {
        out.put(e.getKey(), toTensor(e.getValue()));
      }
    }
    return out;
  }

  static Tensor toTensor(JsonNode n) {
    JsonNode shapeNode = n.get("shape");
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
    }
    JsonNode vals = n.get("values");
    double[] values = new double[vals.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = vals.get(i).asDouble();
    }
    return new Tensor(shape, values);
  }
}
