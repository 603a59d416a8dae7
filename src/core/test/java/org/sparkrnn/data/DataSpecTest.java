package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;

class DataSpecTest {
  @Test
  void optionsDefaultsAndParsing() {
    DataOptions o = DataOptions.fromMap(Map.of("data.kind", "Word-LM", "data.window", " 32 ",
        "model.hidden", "64", "data.csv.delimiter", "\\t"));
    assertEquals(DataOptions.Kind.WORD_LM, o.kind());
    assertEquals(32, o.window());
    assertEquals(32, o.stride());
    assertEquals('\t', o.csvDelimiter());
    assertEquals(0.1, o.validationFraction());
    assertFalse(o.replaceBadUtf8());
    assertEquals(OutputMode.MANY_TO_ONE, o.mode());
    assertEquals(List.of("label"), o.labelColumns());
    assertEquals(Map.of("data.kind", "word_lm", "data.window", "32", "data.csv.delimiter", "\t"),
        o.toMap());
  }

  @Test
  void badSettingsNameTheKey() {
    assertEquals("data.window = '0': must be ≥ 1",
        assertThrows(DataException.class, () -> DataOptions.defaults().with("data.window", "0"))
            .getMessage());
    assertEquals("data.utf8 = 'ignore': use one of fail, replace",
        assertThrows(DataException.class, () -> DataOptions.defaults().with("data.utf8", "ignore"))
            .getMessage());
    assertEquals("data.validation_fraction = '1': must be in [0, 1)",
        assertThrows(DataException.class,
            () -> DataOptions.defaults().with("data.validation_fraction", "1")).getMessage());
    assertTrue(assertThrows(DataException.class,
        () -> DataOptions.fromMap(Map.of("data.windw", "3"))).getMessage()
        .startsWith("unknown setting data.windw (data keys: data.path, "));
  }

  @Test
  void charSpecRoundTripsThroughStrings() {
    DataOptions o = DataOptions.defaults().with("data.window", "16").with("data.path", "/x")
        .with("data.validation_fraction", "0.2");
    DataSpec spec = new DataSpec(o, CharVocabulary.fromString("ab\n\"é𝄞\\"), null, null, 0, 0);
    Map<String, String> m = spec.toMap();
    assertNull(m.get("data.path"), "where the data was is not how to read it");
    assertFalse(m.containsKey("data.validation_fraction"));
    assertEquals("16", m.get("data.window"));
    assertEquals("\n\"\\abé𝄞", m.get(DataSpec.CHARS));
    DataSpec back = DataSpec.fromMap(new LinkedHashMap<>(m), "model.json");
    assertEquals(spec, back);
    assertEquals(7, back.vocabSize());
    assertEquals(7, back.outputSize());
    assertEquals(OutputMode.MANY_TO_MANY, back.mode());
  }

  @Test
  void sequenceSpecRoundTripsAndConfiguresTheModel() {
    DataOptions o = DataOptions.defaults().with("data.kind", "sequences");
    DataSpec spec = new DataSpec(o, null, null, new ClassLabels(List.of("a,b", "c\"d", "e")), 3, 0);
    Map<String, String> m = spec.toMap();
    assertEquals("[\"a,b\",\"c\\\"d\",\"e\"]", m.get(DataSpec.CLASSES));
    assertEquals("3", m.get(DataSpec.FEATURES));
    DataSpec back = DataSpec.fromMap(m, "model.json");
    assertEquals(spec, back);
    ModelConfig c = back.configure(ModelConfig.builder()).build();
    assertEquals(3, c.inputSize());
    assertEquals(3, c.outputSize());
    assertEquals(OutputMode.MANY_TO_ONE, c.mode());
    back.check(c);
    ModelConfig wrong = c.toBuilder().outputSize(4).build();
    assertEquals("the data (sequences) needs 3 outputs (classes), the model has 4 (model.output)",
        assertThrows(DataException.class, () -> back.check(wrong)).getMessage());
    ModelConfig mse = c.toBuilder().loss(Loss.IDENTITY_MSE).build();
    assertEquals("the data (sequences) has class labels, the model's loss is mse (model.loss)",
        assertThrows(DataException.class, () -> back.check(mse)).getMessage());
  }

  @Test
  void specFromMapNamesTheSourceOnError() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("data.kind", "sequences");
    m.put(DataSpec.CLASSES, "[\"a\",\"b\"]");
    assertEquals("model.json: data spec: data.features is missing",
        assertThrows(DataException.class, () -> DataSpec.fromMap(m, "model.json")).getMessage());
    m.put(DataSpec.FEATURES, "two");
    assertEquals("model.json: data.features = 'two': expected a positive integer",
        assertThrows(DataException.class, () -> DataSpec.fromMap(m, "model.json")).getMessage());
  }

  @Test
  void classLabelsSortNumericallyWhenAllAreNumbers() {
    assertEquals(List.of("0", "1", "2", "10"), ClassLabels.sorted(List.of("10", "2", "0", "1", "2"))
        .names());
    assertEquals(List.of("10", "2", "b", "cat"), ClassLabels.sorted(List.of("cat", "10", "b", "2"))
        .names());
    ClassLabels c = ClassLabels.sorted(List.of("dog", "cat"));
    assertEquals(0, c.id("cat"));
    assertEquals(-1, c.id("cow"));
  }

  @Test
  void wordVocabularyKeepsSpecialsFirst() {
    WordVocabulary v = new WordVocabulary(List.of("<unk>", "<eos>", "the", "a"));
    assertEquals(0, v.id("zebra"));
    assertEquals(2, v.id("the"));
    assertEquals("the a\nthe", v.decode(new int[] {2, 3, 1, 2}));
    assertThrows(DataException.class, () -> new WordVocabulary(List.of("the", "<unk>", "<eos>")));
  }

  @Test
  void idOrderIsNumericThenText() {
    IdOrder o = new IdOrder();
    List<String> keys = new java.util.ArrayList<>(List.of("0b", "010", "02", "1a", "0a", "007",
        "07"));
    keys.sort(o);
    assertEquals(List.of("02", "007", "07", "010", "0a", "0b", "1a"), keys);
  }

  @Test
  void unwrapFindsTheDataExceptionInACauseChainOrMessage() {
    DataException d = new DataException("f.csv: sequence 's1': bad");
    RuntimeException wrapped = new RuntimeException("Job aborted", new IllegalStateException(d));
    assertEquals("f.csv: sequence 's1': bad", DataException.messageOf(wrapped));
    RuntimeException textOnly = new RuntimeException("Job aborted due to stage failure: Task 0 "
        + "failed: org.sparkrnn.data.DataException: f.csv: row 3: bad\n\tat org.sparkrnn...");
    assertEquals("f.csv: row 3: bad", DataException.find(textOnly).getMessage());
    assertNull(DataException.find(new RuntimeException("other")));
  }
}
