package org.sparkrnn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The safetensors layout (https://github.com/huggingface/safetensors), as PyTorch's
 * {@code safetensors.torch.load_file} reads it:
 * <pre>
 *   u64 little-endian N | N bytes UTF-8 JSON header, space-padded to a multiple of 8 | data
 *   header: {"__metadata__": {str: str}, "name": {"dtype": "F64", "shape": [2, 3],
 *            "data_offsets": [begin, end]}, ...}
 * </pre>
 * Offsets are relative to the data section; tensors are written contiguously in the order given,
 * row-major, little-endian. Dtypes: F64, F32 (read as double) and I64.
 *
 * <p>Reading checks everything and refuses a bad file with a one-line {@link ModelFormatException}
 * naming the source: header length beyond the file or over {@link #MAX_HEADER_BYTES}, header not
 * UTF-8 or not JSON, duplicate names, unknown dtype or field, negative dimensions, offsets that
 * disagree with the shape, overlap, leave a gap, run past the data, or leave trailing bytes.
 */
public final class Safetensors {
  /** Headers beyond this are refused (the reference implementation's limit). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
  public static final String METADATA = "__metadata__";

  private Safetensors() {}

  /** Element types. */
  public enum DType {
    F64(8), F32(4), I64(8);

    public final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }
  }

  /** One named tensor: a dtype, a shape and its values row-major (doubles, or longs for I64). */
  public static final class Tensor {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final double[] doubles;
    private final long[] longs;

    private Tensor(String name, DType dtype, long[] shape, double[] doubles, long[] longs) {
      if (name == null || name.isEmpty() || name.equals(METADATA)) {
        throw new IllegalArgumentException("bad tensor name '" + name + "'");
      }
      this.name = name;
      this.dtype = dtype;
      this.shape = shape.clone();
      long n = Safetensors.numel(this.shape, name);
      int have = doubles != null ? doubles.length : longs.length;
      if (n != have) {
        throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
            + " needs " + n + " values, got " + have);
      }
      this.doubles = doubles;
      this.longs = longs;
    }

    /** F64 tensor (the array is kept, not copied). */
    public static Tensor f64(String name, long[] shape, double[] values) {
      return new Tensor(name, DType.F64, shape, values, null);
    }

    /** F32 tensor: values are rounded to float when written. */
    public static Tensor f32(String name, long[] shape, double[] values) {
      return new Tensor(name, DType.F32, shape, values, null);
    }

    public static Tensor i64(String name, long[] shape, long[] values) {
      return new Tensor(name, DType.I64, shape, null, values);
    }

    public String name() {
      return name;
    }

    public DType dtype() {
      return dtype;
    }

    public long[] shape() {
      return shape.clone();
    }

    public long numel() {
      return dtype == DType.I64 ? longs.length : doubles.length;
    }

    /** Values of an F64/F32 tensor (not a copy). */
    public double[] doubles() {
      if (doubles == null) {
        throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not floating point");
      }
      return doubles;
    }

    /** Values of an I64 tensor (not a copy). */
    public long[] longs() {
      if (longs == null) {
        throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not I64");
      }
      return longs;
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /** A file's tensors in data order, and its {@code __metadata__} (empty if none). */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  // ---------------------------------------------------------------- write

  /**
   * Writes {@code tensors} (in this order) and {@code metadata} (may be empty; written sorted by
   * key, so equal contents give equal bytes whatever the map's iteration order) to {@code out}.
   */
  public static void write(OutputStream out, List<Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode m = header.putObject(METADATA);
      new TreeMap<>(metadata).forEach(m::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (header.has(t.name)) {
        throw new IllegalArgumentException("tensor '" + t.name + "' given twice");
      }
      ObjectNode e = header.putObject(t.name);
      e.put("dtype", t.dtype.name());
      ArrayNode shape = e.putArray("shape");
      for (long d : t.shape) {
        shape.add(d);
      }
      long end = offset + t.numel() * t.dtype.bytes;
      e.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    out.write(head.array());
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : tensors) {
      int n = (int) t.numel();
      for (int i = 0; i < n; i++) {
        if (buf.remaining() < 8) {
          out.write(buf.array(), 0, buf.position());
          buf.clear();
        }
        switch (t.dtype) {
          case F64 -> buf.putDouble(t.doubles[i]);
          case F32 -> buf.putFloat((float) t.doubles[i]);
          case I64 -> buf.putLong(t.longs[i]);
          default -> throw new AssertionError(t.dtype);
        }
      }
    }
    out.write(buf.array(), 0, buf.position());
    out.flush();
  }

  /** The bytes {@link #write} would write. */
  public static byte[] toBytes(List<Tensor> tensors, Map<String, String> metadata) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out, tensors, metadata);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- read

  public static Contents read(Path file) throws IOException {
    return read(Files.readAllBytes(file), file.toString());
  }

  public static Contents read(InputStream in, String source) throws IOException {
    return read(in.readAllBytes(), source);
  }

  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  /**
   * Parses and validates a whole safetensors file.
   *
   * @param source how errors name the file
   * @throws ModelFormatException one line naming {@code source}, the tensor and the problem
   */
  public static Contents read(byte[] bytes, String source) throws ModelFormatException {
    if (bytes.length < 8) {
      throw bad(source, "not a safetensors file: " + bytes.length
          + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = all.getLong(0);
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw bad(source, "header length " + Long.toUnsignedString(n)
          + " exceeds the 100 MB limit (not a safetensors file?)");
    }
    if (8 + n > bytes.length) {
      throw bad(source, "header length " + n + " is larger than the file (" + bytes.length
          + " bytes; truncated?)");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
    } catch (CharacterCodingException e) {
      throw bad(source, "header is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String problem = jsonProblem(e);
      throw bad(source, (problem.startsWith("Duplicate") ? "duplicate name in the header: "
          : "bad header JSON: ") + problem);
    }
    if (root == null || !root.isObject()) {
      throw bad(source, "header is not a JSON object");
    }
    long dataLength = bytes.length - 8 - n;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals(METADATA)) {
        if (!v.isObject()) {
          throw bad(source, METADATA + " is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> kv = m.next();
          if (!kv.getValue().isTextual()) {
            throw bad(source, METADATA + " value of '" + kv.getKey() + "' is not a string");
          }
          metadata.put(kv.getKey(), kv.getValue().textValue());
        }
        continue;
      }
      entries.add(entry(source, name, v, dataLength));
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    Entry prev = null;
    for (Entry e : entries) {
      if (e.begin < expected) {
        throw bad(source, "tensors '" + prev.name + "' and '" + e.name + "' overlap (data_offsets ["
            + prev.begin + ", " + prev.end + "] and [" + e.begin + ", " + e.end + "])");
      }
      if (e.begin > expected) {
        throw bad(source, "tensor '" + e.name + "' starts at byte " + e.begin + " of the data, "
            + "leaving " + (e.begin - expected) + " unused bytes before it");
      }
      expected = e.end;
      prev = e;
    }
    if (expected != dataLength) {
      throw bad(source, (dataLength - expected) + " bytes of trailing garbage after the last tensor");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    long base = 8 + n;
    for (Entry e : entries) {
      ByteBuffer b = all.slice((int) (base + e.begin), (int) (e.end - e.begin))
          .order(ByteOrder.LITTLE_ENDIAN);
      int count = (int) ((e.end - e.begin) / e.dtype.bytes);
      Tensor t;
      switch (e.dtype) {
        case F64 -> {
          double[] d = new double[count];
          b.asDoubleBuffer().get(d);
          t = Tensor.f64(e.name, e.shape, d);
        }
        case F32 -> {
          double[] d = new double[count];
          for (int i = 0; i < count; i++) {
            d[i] = b.getFloat(4 * i);
          }
          t = Tensor.f32(e.name, e.shape, d);
        }
        case I64 -> {
          long[] l = new long[count];
          b.asLongBuffer().get(l);
          t = Tensor.i64(e.name, e.shape, l);
        }
        default -> throw new AssertionError(e.dtype);
      }
      tensors.put(e.name, t);
    }
    return new Contents(tensors, metadata);
  }

  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

  private static Entry entry(String source, String name, JsonNode v, long dataLength)
      throws ModelFormatException {
    String what = "tensor '" + name + "'";
    if (name.isEmpty()) {
      throw bad(source, "a tensor has an empty name");
    }
    if (!v.isObject()) {
      throw bad(source, what + ": header entry is not a JSON object");
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw bad(source, what + ": unexpected field '" + f + "' in the header");
      }
    }
    JsonNode dt = v.get("dtype");
    if (dt == null || !dt.isTextual()) {
      throw bad(source, what + ": dtype missing or not a string");
    }
    DType dtype;
    try {
      dtype = DType.valueOf(dt.textValue());
    } catch (IllegalArgumentException e) {
      throw bad(source, what + ": unknown dtype '" + dt.textValue() + "' (supported: F64, F32, I64)");
    }
    JsonNode sh = v.get("shape");
    if (sh == null || !sh.isArray()) {
      throw bad(source, what + ": shape missing or not an array");
    }
    long[] shape = new long[sh.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong()) {
        throw bad(source, what + ": shape " + sh + " has a non-integer dimension");
      }
      shape[i] = d.longValue();
      if (shape[i] < 0) {
        throw bad(source, what + ": negative dimension " + shape[i] + " in shape " + sh);
      }
    }
    JsonNode off = v.get("data_offsets");
    if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
        || !off.get(1).isIntegralNumber() || !off.get(0).canConvertToLong()
        || !off.get(1).canConvertToLong()) {
      throw bad(source, what + ": data_offsets must be [begin, end], got " + off);
    }
    long begin = off.get(0).longValue();
    long end = off.get(1).longValue();
    if (begin < 0 || end < begin) {
      throw bad(source, what + ": data_offsets [" + begin + ", " + end + "] are out of order");
    }
    long need;
    try {
      need = Math.multiplyExact(numel(shape, name), (long) dtype.bytes);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw bad(source, what + ": shape " + sh + " is too large");
    }
    if (end - begin != need) {
      throw bad(source, what + ": shape " + sh + " of " + dtype + " needs " + need
          + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
    }
    if (end > dataLength) {
      throw bad(source, what + ": data_offsets [" + begin + ", " + end
          + "] run past the end of the data section (" + dataLength + " bytes; truncated?)");
    }
    if (need / dtype.bytes > Integer.MAX_VALUE - 8) {
      throw bad(source, what + ": shape " + sh + " is too large to load");
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  static long numel(long[] shape, String name) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "': negative dimension " + d);
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** A Jackson error as one line: the problem and where. */
  static String jsonProblem(JsonProcessingException e) {
    String msg = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim();
    if (msg.length() > 200) {
      msg = msg.substring(0, 197) + "...";
    }
    var loc = e.getLocation();
    return loc == null ? msg
        : msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static ModelFormatException bad(String source, String problem) {
    return new ModelFormatException(source + ": " + problem);
  }
}
