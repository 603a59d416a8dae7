package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkrnn.io.Safetensors.Tensor;

class SafetensorsTest {

  private static final double[] A = {1.5, -2.25, Math.PI, 0, -0.0, Double.MIN_VALUE};
  private static final long[] IDS = {7, -3, Long.MAX_VALUE};
  private static final double[] F = {0.1, -1e-3};

  private static List<Tensor> sample() {
    return List.of(
        Tensor.f64("rnn.weight_ih_l0", new long[] {2, 3}, A),
        Tensor.i64("carry.ids", new long[] {3}, IDS),
        Tensor.f32("half", new long[] {2, 1}, F),
        Tensor.f64("empty", new long[] {0, 4}, new double[0]),
        Tensor.f64("scalar", new long[] {}, new double[] {42}));
  }

  /** Little-endian u64 assembled byte by byte, as the spec says. */
  private static long le64(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  private static int le32(byte[] b, int off) {
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  @Test
  void metadataIsWrittenSortedByKeySoEqualModelsGiveEqualFiles() {
    // Map.of iterates in an order that changes from JVM to JVM; the file must not
    Map<String, String> meta = Map.of("producer", "x", "format", "pt", "b", "2", "a", "1");
    byte[] b = Safetensors.toBytes(sample(), meta);
    String header = new String(b, 8, (int) le64(b, 0), StandardCharsets.UTF_8);
    assertTrue(header.startsWith(
        "{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\",\"format\":\"pt\",\"producer\":\"x\"}"),
        header);
    assertArrayEquals(b, Safetensors.toBytes(sample(), new LinkedHashMap<>(meta)));
  }

  @Test
  void bytesFollowTheSpecReadByHand() throws Exception {
    byte[] b = Safetensors.toBytes(sample(), Map.of("format", "pt"));
    long n = le64(b, 0);
    assertEquals(0, (8 + n) % 8, "header padded so the data starts 8-aligned");
    String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.stripTrailing().endsWith("}"));
    assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '),
        "only spaces pad it");
    JsonNode h = new ObjectMapper().readTree(header);
    assertEquals("pt", h.get("__metadata__").get("format").asText());
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("__metadata__")) {
        names.add(name);
      }
    }
    assertEquals(List.of("rnn.weight_ih_l0", "carry.ids", "half", "empty", "scalar"), names);
    long expectedBegin = 0;
    int[] sizes = {8, 8, 4, 8, 8};
    long[] numel = {6, 3, 2, 0, 1};
    for (int i = 0; i < names.size(); i++) {
      JsonNode e = h.get(names.get(i));
      assertEquals(3, e.size(), "dtype, shape, data_offsets only");
      long begin = e.get("data_offsets").get(0).asLong();
      long end = e.get("data_offsets").get(1).asLong();
      assertEquals(expectedBegin, begin, names.get(i) + " follows the previous tensor");
      assertEquals(numel[i] * sizes[i], end - begin);
      expectedBegin = end;
    }
    assertEquals("F64", h.get("rnn.weight_ih_l0").get("dtype").asText());
    assertEquals("[2,3]", h.get("rnn.weight_ih_l0").get("shape").toString());
    assertEquals("I64", h.get("carry.ids").get("dtype").asText());
    assertEquals("F32", h.get("half").get("dtype").asText());
    assertEquals("[]", h.get("scalar").get("shape").toString());
    int data = 8 + (int) n;
    assertEquals(data + expectedBegin, b.length, "nothing after the last tensor");
    for (int i = 0; i < A.length; i++) {
      assertEquals(Double.doubleToRawLongBits(A[i]), le64(b, data + 8 * i), "F64 #" + i);
    }
    int ids = data + h.get("carry.ids").get("data_offsets").get(0).asInt();
    for (int i = 0; i < IDS.length; i++) {
      assertEquals(IDS[i], le64(b, ids + 8 * i));
    }
    int half = data + h.get("half").get("data_offsets").get(0).asInt();
    assertEquals(Float.floatToRawIntBits(0.1f), le32(b, half));
  }

  @Test
  void roundTrip() throws Exception {
    byte[] b = Safetensors.toBytes(sample(), Map.of("k", "v"));
    Safetensors.Contents c = Safetensors.read(b, "x.safetensors");
    assertEquals(Map.of("k", "v"), c.metadata());
    assertEquals(List.of("rnn.weight_ih_l0", "carry.ids", "half", "empty", "scalar"),
        new ArrayList<>(c.tensors().keySet()));
    Tensor a = c.tensors().get("rnn.weight_ih_l0");
    assertArrayEquals(new long[] {2, 3}, a.shape());
    for (int i = 0; i < A.length; i++) {
      assertEquals(Double.doubleToRawLongBits(A[i]), Double.doubleToRawLongBits(a.doubles()[i]));
    }
    assertArrayEquals(IDS, c.tensors().get("carry.ids").longs());
    assertArrayEquals(new double[] {0.1f, -1e-3f}, c.tensors().get("half").doubles(),
        "F32 is read as double");
    assertEquals(0, c.tensors().get("empty").numel());
    assertEquals(42, c.tensors().get("scalar").doubles()[0]);
  }

  // ------------------------------------------------------------ refusals

  /** A file from a literal header (unpadded) and a data section of {@code data} bytes. */
  private static byte[] file(String header, int data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  private static void refused(byte[] bytes, String expected) {
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> Safetensors.read(bytes, "bad.safetensors"));
    assertTrue(e.getMessage().startsWith("bad.safetensors: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: "
        + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  private static String t(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }

  @Test
  void aWellFormedHandWrittenFileIsRead() throws Exception {
    byte[] ok = file("{" + t("a", "F64", "[2]", 0, 16) + "," + t("b", "I64", "[1]", 16, 24) + "}",
        24);
    assertEquals(2, Safetensors.read(ok, "ok").tensors().size());
    byte[] reordered = file("{" + t("b", "I64", "[1]", 16, 24) + "," + t("a", "F64", "[2]", 0, 16)
        + "}", 24);
    assertEquals(List.of("a", "b"),
        new ArrayList<>(Safetensors.read(reordered, "ok").tensors().keySet()), "by offset");
  }

  @Test
  void refusesBadFiles() {
    refused(new byte[] {1, 2, 3}, "shorter than the 8-byte header length");
    byte[] beyond = file("{}", 0);
    ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    refused(beyond, "header length 1000 is larger than the file (10 bytes");
    byte[] huge = file("{}", 0);
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200L << 20);
    refused(huge, "exceeds the 100 MB limit");
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
    refused(huge, "header length 18446744073709551615 exceeds the 100 MB limit");
    refused(file("{not json", 0), "bad header JSON");
    refused(file("{} {}", 0), "bad header JSON");
    refused(file("[1,2]", 0), "header is not a JSON object");
    refused(file("{" + t("a", "BF16", "[2]", 0, 4) + "}", 4),
        "tensor 'a': unknown dtype 'BF16' (supported: F64, F32, I64)");
    refused(file("{" + t("a", "F64", "[2,3]", 0, 40) + "}", 40),
        "tensor 'a': shape [2,3] of F64 needs 48 bytes but data_offsets [0, 40] hold 40");
    refused(file("{" + t("a", "F64", "[-1,2]", 0, 16) + "}", 16),
        "tensor 'a': negative dimension -1");
    refused(file("{" + t("a", "F64", "[2]", 0, 16) + "," + t("b", "F64", "[1]", 8, 16) + "}", 16),
        "tensors 'a' and 'b' overlap");
    refused(file("{" + t("a", "F64", "[1]", 0, 8) + "," + t("b", "F64", "[1]", 16, 24) + "}", 24),
        "tensor 'b' starts at byte 16 of the data, leaving 8 unused bytes");
    refused(file("{" + t("a", "F64", "[2]", 0, 16) + "}", 8),
        "tensor 'a': data_offsets [0, 16] run past the end of the data section (8 bytes");
    refused(file("{" + t("a", "F64", "[1]", 0, 8) + "}", 11),
        "3 bytes of trailing garbage after the last tensor");
    refused(file("{" + t("a", "F64", "[1]", 0, 8) + "," + t("a", "F64", "[1]", 8, 16) + "}", 16),
        "duplicate name in the header");
    refused(file("{" + t("a", "F64", "[1]", 8, 0) + "}", 8), "out of order");
    refused(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"x\":1}}", 8),
        "tensor 'a': unexpected field 'x'");
    refused(file("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of 'k' is not a string");
    refused(file("{" + t("a", "F64", "[1.5]", 0, 8) + "}", 8), "non-integer dimension");
    byte[] notUtf8 = file("{\"\u00e9\":1}", 0);
    notUtf8[10] = (byte) 0xff;
    refused(notUtf8, "header is not valid UTF-8");
  }

  @Test
  void writerRejectsMisSizedTensors() {
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.f64("a", new long[] {2, 2}, new double[3]));
    Map<String, String> none = new LinkedHashMap<>();
    assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(List.of(
        Tensor.f64("a", new long[] {1}, new double[1]),
        Tensor.f64("a", new long[] {1}, new double[1])), none));
  }
}
