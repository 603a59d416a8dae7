package org.sparkrnn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.Slot;
import org.sparkrnn.train.TrainConfig;

/**
 * A model directory: {@value #JSON_FILE} (what the model is) and {@value #TENSORS_FILE} (its
 * numbers). Never Java serialization.
 *
 * <p>{@value #JSON_FILE}: {@code format} "spark-rnn-model", {@code version} 1, {@code settings}
 * (the flat {@link Settings} map of every key of the model, train and init configs),
 * {@code optimizer} (name or null), {@code counters}, {@code provenance}, {@code parameters}
 * (name → shape, the {@link ParamLayout} in order), {@code optimizer_state} (its keys),
 * {@code carried_states} ({count, width} or null), {@code tensors_file} and
 * {@code tensors_sha256} (SHA-256 hex of the tensors file).
 *
 * <p>{@value #TENSORS_FILE}, safetensors, all F64: the parameters under their PyTorch names
 * (rnn.weight_ih_l0, ..., linear.weight, linear.bias) and shapes, so
 * {@code safetensors.torch.load_file} gives a state dict; {@code optimizer.<key>} [P] per optimizer
 * state array; {@code carry.ids} (I64 [n], ascending) and {@code carry.states} ([n, width]).
 *
 * <p>Reading verifies the format and version, the checksum, that every parameter is present
 * with the layout's shape and nothing unknown is, and that every value is finite; each failure is
 * one {@link ModelFormatException} line naming the directory or file and the tensor.
 */
public final class ModelFiles {
  public static final String FORMAT = "spark-rnn-model";
  public static final int VERSION = 1;
  public static final String JSON_FILE = "model.json";
  public static final String TENSORS_FILE = "tensors.safetensors";
  public static final String OPTIMIZER_PREFIX = "optimizer.";
  public static final String CARRY_IDS = "carry.ids";
  public static final String CARRY_STATES = "carry.states";

  private ModelFiles() {}

  // ---------------------------------------------------------------- write

  /**
   * Writes the tensors file to {@code tensors}, then model.json (which holds its checksum) to
   * {@code json}. Neither stream is closed.
   *
   * @throws ModelFormatException if the bundle holds a non-finite value or a mis-sized array
   */
  public static void write(ModelBundle bundle, OutputStream json, OutputStream tensors)
      throws IOException {
    int size = bundle.params().layout().size();
    List<Tensor> list = new ArrayList<>();
    ObjectNode parameters = Safetensors.JSON.createObjectNode();
    for (Slot s : bundle.params().layout().slots()) {
      double[] v = bundle.params().get(s.name());
      requireFinite(v, "parameter '" + s.name() + "'");
      list.add(Tensor.f64(s.name(), longs(s.shape()), v));
      ArrayNode shape = parameters.putArray(s.name());
      for (int d : s.shape()) {
        shape.add(d);
      }
    }
    ArrayNode stateKeys = Safetensors.JSON.createArrayNode();
    if (bundle.optimizerState() != null) {
      for (Map.Entry<String, double[]> e : bundle.optimizerState().entrySet()) {
        String name = OPTIMIZER_PREFIX + e.getKey();
        double[] v = e.getValue();
        if (v == null || v.length != size) {
          throw new ModelFormatException("optimizer state '" + e.getKey() + "' has "
              + (v == null ? "no" : v.length) + " values, the parameters " + size);
        }
        requireFinite(v, "optimizer state '" + e.getKey() + "'");
        list.add(Tensor.f64(name, new long[] {size}, v));
        stateKeys.add(e.getKey());
      }
    }
    ObjectNode carried = null;
    if (bundle.carriedStates() != null) {
      int width = ModelBundle.stateWidth(bundle.model());
      Map<Long, double[]> rows = bundle.carriedStates();
      long[] ids = new long[rows.size()];
      double[] states = new double[Math.multiplyExact(rows.size(), width)];
      int i = 0;
      for (Map.Entry<Long, double[]> e : rows.entrySet()) {
        double[] r = e.getValue();
        if (r == null || r.length != width) {
          throw new ModelFormatException("carried state of example " + e.getKey() + " has "
              + (r == null ? "no" : r.length) + " values, the model's state " + width);
        }
        requireFinite(r, "carried state of example " + e.getKey());
        ids[i] = e.getKey();
        System.arraycopy(r, 0, states, i * width, width);
        i++;
      }
      list.add(Tensor.i64(CARRY_IDS, new long[] {ids.length}, ids));
      list.add(Tensor.f64(CARRY_STATES, new long[] {ids.length, width}, states));
      carried = Safetensors.JSON.createObjectNode().put("count", ids.length).put("width", width);
    }

    MessageDigest sha = sha256();
    DigestOutputStream digesting = new DigestOutputStream(tensors, sha); // not closed: the caller owns it
    Safetensors.write(digesting, list, Map.of("format", "pt", "producer", FORMAT));
    digesting.flush();

    ObjectNode root = Safetensors.JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    ObjectNode settings = root.putObject("settings");
    Settings.of(bundle.model(), bundle.train(), bundle.init()).asMap().forEach(settings::put);
    root.put("optimizer", bundle.optimizerName());
    ObjectNode counters = root.putObject("counters");
    bundle.counters().forEach(counters::put);
    ObjectNode provenance = root.putObject("provenance");
    bundle.provenance().forEach(provenance::put);
    root.set("parameters", parameters);
    root.set("optimizer_state", bundle.optimizerState() == null ? null : stateKeys);
    root.set("carried_states", carried);
    root.put("tensors_file", TENSORS_FILE);
    root.put("tensors_sha256", HexFormat.of().formatHex(sha.digest()));
    json.write(Safetensors.JSON.writer(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(root));
    json.write('\n');
    json.flush();
  }

  /**
   * Saves into {@code dir} atomically: writes a hidden sibling directory, syncs it, then renames it
   * into place, so {@code dir} holds either the old model or the whole new one, never half of
   * one.
   *
   * @param overwrite replace an existing non-empty {@code dir}; otherwise that is refused
   */
  public static void save(ModelBundle bundle, Path dir, boolean overwrite) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new IOException("cannot save a model as the file-system root");
    }
    Files.createDirectories(parent);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString(), null,
            "exists and is not a directory");
      }
      if (!overwrite && !isEmpty(target)) {
        throw new FileAlreadyExistsException(target.toString(), null,
            "model directory is not empty (pass overwrite to replace it)");
      }
    }
    String name = target.getFileName().toString();
    Path tmp = parent.resolve("." + name + ".tmp-" + Long.toHexString(
        ThreadLocalRandom.current().nextLong()));
    Files.createDirectory(tmp);
    try {
      Path json = tmp.resolve(JSON_FILE);
      Path tensors = tmp.resolve(TENSORS_FILE);
      try (OutputStream j = new BufferedOutputStream(Files.newOutputStream(json));
          OutputStream t = new BufferedOutputStream(Files.newOutputStream(tensors), 1 << 16)) {
        write(bundle, j, t);
      }
      sync(tensors);
      sync(json);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Path old = parent.resolve("." + name + ".old-" + Long.toHexString(
            ThreadLocalRandom.current().nextLong()));
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        deleteTree(old);
      } else {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(tmp);
      throw new IOException(target + ": the file system cannot rename atomically", e);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** {@link #save(ModelBundle, Path, boolean)} refusing to replace a non-empty directory. */
  public static void save(ModelBundle bundle, Path dir) throws IOException {
    save(bundle, dir, false);
  }

  // ---------------------------------------------------------------- read

  /** Reads a model directory written by {@link #save}. */
  public static ModelBundle load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ModelFormatException(dir + ": no such model directory");
    }
    Path json = dir.resolve(JSON_FILE);
    Path tensors = dir.resolve(TENSORS_FILE);
    for (Path p : new Path[] {json, tensors}) {
      if (!Files.isRegularFile(p)) {
        throw new ModelFormatException(dir + ": " + p.getFileName()
            + " is missing (not a spark-rnn model directory, or an incomplete copy)");
      }
    }
    try (InputStream j = Files.newInputStream(json);
        InputStream t = Files.newInputStream(tensors)) {
      return read(j, t, dir.toString());
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(dir + ": " + e.getFile() + " is missing");
    }
  }

  /**
   * Reads and verifies a model from its two files' streams (both read to the end, not closed).
   *
   * @param sourceName how errors name the model, e.g. its directory
   * @throws ModelFormatException one line naming the source, file and tensor
   */
  public static ModelBundle read(InputStream json, InputStream tensors, String sourceName)
      throws IOException {
    String jsonName = sourceName + "/" + JSON_FILE;
    String tensorsName = sourceName + "/" + TENSORS_FILE;
    byte[] jsonBytes = json.readAllBytes();
    byte[] tensorBytes = tensors.readAllBytes();

    JsonNode root;
    try {
      root = Safetensors.JSON.readTree(jsonBytes);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(jsonName + ": bad JSON: " + Safetensors.jsonProblem(e));
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(jsonName + ": not a JSON object");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !format.textValue().equals(FORMAT)) {
      throw new ModelFormatException(jsonName + ": not a spark-rnn model (format is "
          + (format == null ? "missing" : format.toString()) + ", expected \"" + FORMAT + "\")");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new ModelFormatException(jsonName + ": format version missing or not an integer");
    }
    if (version.asLong() != VERSION) {
      throw new ModelFormatException(jsonName + ": unsupported format version " + version.asLong()
          + " (this spark-rnn reads version " + VERSION + ")");
    }
    String expectedSha = text(root, "tensors_sha256", jsonName);
    String actualSha = HexFormat.of().formatHex(sha256().digest(tensorBytes));
    if (!actualSha.equalsIgnoreCase(expectedSha)) {
      throw new ModelFormatException(sourceName + ": checksum mismatch: " + TENSORS_FILE
          + " does not match " + JSON_FILE + " (truncated or corrupted file)");
    }

    Map<String, String> settingsMap = stringMap(root, "settings", jsonName);
    ModelConfig model;
    TrainConfig train;
    InitConfig init;
    try {
      Settings settings = Settings.fromMap(settingsMap, null);
      model = settings.toModelConfig();
      train = settingsMap.keySet().stream()
          .anyMatch(k -> k.startsWith("train.") && !k.equals("train.bptt.truncate"))
          ? settings.toTrainConfig() : null;
      init = settingsMap.keySet().stream().anyMatch(k -> k.startsWith("init."))
          ? settings.toInitConfig() : null;
    } catch (ConfigException e) {
      throw new ModelFormatException(jsonName + ": " + e.getMessage(), e);
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    JsonNode c = object(root, "counters", jsonName);
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
        throw new ModelFormatException(jsonName + ": counter '" + e.getKey()
            + "' is not an integer: " + e.getValue());
      }
      counters.put(e.getKey(), e.getValue().longValue());
    }
    Map<String, String> provenance = stringMap(root, "provenance", jsonName);
    JsonNode opt = root.get("optimizer");
    if (opt != null && !opt.isNull() && !opt.isTextual()) {
      throw new ModelFormatException(jsonName + ": optimizer is not a string or null");
    }
    String optimizerName = opt == null || opt.isNull() ? null : opt.textValue();

    ParamLayout layout = Network.layoutOf(model);
    JsonNode listed = object(root, "parameters", jsonName);
    for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!layout.has(e.getKey())) {
        throw new ModelFormatException(jsonName + ": lists parameter '" + e.getKey() + "', which a "
            + describe(model) + " does not have (it has " + names(layout) + ")");
      }
    }
    for (Slot s : layout.slots()) {
      JsonNode shape = listed.get(s.name());
      if (shape == null) {
        throw new ModelFormatException(jsonName + ": parameter '" + s.name()
            + "' is not listed in parameters");
      }
      if (!shape.equals(shapeNode(s.shape()))) {
        throw new ModelFormatException(jsonName + ": parameter '" + s.name() + "' has shape "
            + shape + " but the settings give " + Arrays.toString(s.shape()));
      }
    }

    Safetensors.Contents contents = Safetensors.read(tensorBytes, tensorsName);
    Map<String, Tensor> ts = contents.tensors();
    for (String name : ts.keySet()) {
      if (!layout.has(name) && !name.startsWith(OPTIMIZER_PREFIX) && !name.equals(CARRY_IDS)
          && !name.equals(CARRY_STATES)) {
        throw new ModelFormatException(tensorsName + ": unknown tensor '" + name + "' (not a "
            + "parameter of this " + describe(model) + ", nor optimizer.* or carry.*)");
      }
    }
    Params params = new Params(layout);
    for (Slot s : layout.slots()) {
      Tensor t = ts.get(s.name());
      if (t == null) {
        throw new ModelFormatException(tensorsName + ": parameter '" + s.name() + "' is missing");
      }
      double[] v = floats(t, longs(s.shape()), tensorsName);
      params.set(s.name(), v);
    }

    int size = layout.size();
    Map<String, double[]> state = null;
    if (optimizerName != null) {
      state = new LinkedHashMap<>();
      for (Tensor t : ts.values()) {
        if (t.name().startsWith(OPTIMIZER_PREFIX)) {
          state.put(t.name().substring(OPTIMIZER_PREFIX.length()),
              floats(t, new long[] {size}, tensorsName));
        }
      }
      JsonNode keys = root.get("optimizer_state");
      if (keys != null && keys.isArray()) {
        List<String> listedKeys = new ArrayList<>();
        keys.forEach(k -> listedKeys.add(k.asText()));
        if (!Set.copyOf(listedKeys).equals(state.keySet())) {
          throw new ModelFormatException(tensorsName + ": optimizer state " + state.keySet()
              + " does not match " + JSON_FILE + "'s " + listedKeys);
        }
      }
      org.sparkrnn.train.Optimizer fresh = train == null ? null : train.newOptimizer(size);
      if (fresh != null && fresh.name().equals(optimizerName)) {
        Set<String> want = fresh.state().keySet();
        if (!want.equals(state.keySet())) {
          throw new ModelFormatException(tensorsName + ": optimizer state " + state.keySet()
              + " does not match " + optimizerName + "'s " + want);
        }
      }
    } else {
      for (String name : ts.keySet()) {
        if (name.startsWith(OPTIMIZER_PREFIX)) {
          throw new ModelFormatException(tensorsName + ": tensor '" + name
              + "' but " + JSON_FILE + " names no optimizer");
        }
      }
    }

    Map<Long, double[]> carried = null;
    Tensor idsT = ts.get(CARRY_IDS);
    Tensor statesT = ts.get(CARRY_STATES);
    if ((idsT == null) != (statesT == null)) {
      throw new ModelFormatException(tensorsName + ": " + (idsT == null ? CARRY_IDS : CARRY_STATES)
          + " is missing (carried states need both " + CARRY_IDS + " and " + CARRY_STATES + ")");
    }
    if (idsT != null) {
      if (idsT.dtype() != Safetensors.DType.I64 || idsT.shape().length != 1) {
        throw new ModelFormatException(tensorsName + ": tensor '" + CARRY_IDS + "' must be I64 [n], "
            + "got " + idsT.dtype() + Arrays.toString(idsT.shape()));
      }
      long[] ids = idsT.longs();
      int width = ModelBundle.stateWidth(model);
      double[] states = floats(statesT, new long[] {ids.length, width}, tensorsName);
      carried = new TreeMap<>();
      for (int i = 0; i < ids.length; i++) {
        if (carried.put(ids[i], Arrays.copyOfRange(states, i * width, (i + 1) * width)) != null) {
          throw new ModelFormatException(tensorsName + ": tensor '" + CARRY_IDS
              + "' repeats example id " + ids[i]);
        }
      }
    }
    return new ModelBundle(model, init, train, params, state, optimizerName, counters, carried,
        provenance);
  }

  // ---------------------------------------------------------------- helpers

  /** A float tensor's values, checked for shape and finiteness. */
  private static double[] floats(Tensor t, long[] shape, String source)
      throws ModelFormatException {
    if (t.dtype() == Safetensors.DType.I64) {
      throw new ModelFormatException(source + ": tensor '" + t.name() + "' is I64, expected F64");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new ModelFormatException(source + ": tensor '" + t.name() + "' has shape "
          + Arrays.toString(t.shape()) + ", the model needs " + Arrays.toString(shape));
    }
    double[] v = t.doubles();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new ModelFormatException(source + ": tensor '" + t.name()
            + "' holds a non-finite value (" + v[i] + ") at index " + i);
      }
    }
    return v;
  }

  private static void requireFinite(double[] v, String what) throws ModelFormatException {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new ModelFormatException("refusing to write a model whose " + what
            + " holds a non-finite value (" + v[i] + ") at index " + i);
      }
    }
  }

  private static String describe(ModelConfig m) {
    return m.layers() + "-layer " + m.cell().key() + " model";
  }

  private static String names(ParamLayout layout) {
    return String.join(", ", layout.slots().stream().map(Slot::name).toList());
  }

  private static long[] longs(int[] shape) {
    long[] l = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      l[i] = shape[i];
    }
    return l;
  }

  private static ArrayNode shapeNode(int[] shape) {
    ArrayNode a = Safetensors.JSON.createArrayNode();
    for (int d : shape) {
      a.add(d);
    }
    return a;
  }

  private static JsonNode object(JsonNode root, String field, String source)
      throws ModelFormatException {
    JsonNode n = root.get(field);
    if (n == null || !n.isObject()) {
      throw new ModelFormatException(source + ": '" + field + "' is missing or not an object");
    }
    return n;
  }

  private static String text(JsonNode root, String field, String source)
      throws ModelFormatException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new ModelFormatException(source + ": '" + field + "' is missing or not a string");
    }
    return n.textValue();
  }

  private static Map<String, String> stringMap(JsonNode root, String field, String source)
      throws ModelFormatException {
    Map<String, String> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(root, field, source).fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new ModelFormatException(source + ": " + field + " value of '" + e.getKey()
            + "' is not a string");
      }
      m.put(e.getKey(), e.getValue().textValue());
    }
    return m;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  private static void sync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
        for (Path child : s) {
          deleteTree(child);
        }
      }
    }
    Files.deleteIfExists(p);
  }

  private static void deleteQuietly(Path p) {
    try {
      deleteTree(p);
    } catch (IOException ignored) {
      // best effort: a leftover hidden .tmp directory is harmless
    }
  }
}
