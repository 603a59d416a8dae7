package org.sparkrnn.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkrnn.data.DataOptions.Kind;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;

/**
 * How a model reads its data, saved with it so evaluation, generation and resumed training read
 * data the same way: the reading settings (kind, format, window, columns, policies, ...) and what
 * was learned from the training data (character or word vocabulary, class names in id order,
 * features per step, real targets per item). {@link #toMap()} / {@link #fromMap} turn it into
 * strings for model.json: the reading keys as {@code data.*} settings plus {@value #CHARS},
 * {@value #WORDS}, {@value #CLASSES} (JSON arrays), {@value #FEATURES} and {@value #TARGETS}.
 */
public final class DataSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String CHARS = "data.vocab.chars";
  public static final String WORDS = "data.vocab.words";
  public static final String CLASSES = "data.classes";
  public static final String FEATURES = "data.features";
  public static final String TARGETS = "data.targets";
  /** Settings that say where and how much, not how to read: not part of a spec. */
  private static final List<String> NOT_READING = List.of(DataOptions.PATH,
      DataOptions.VALIDATION_PATH, DataOptions.VALIDATION_FRACTION, DataOptions.SPLIT,
      DataOptions.PARTITIONS);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataOptions options;
  private final CharVocabulary chars;
  private final WordVocabulary words;
  private final ClassLabels classes;
  private final int featureWidth;
  private final int targetWidth;

  DataSpec(DataOptions options, CharVocabulary chars, WordVocabulary words, ClassLabels classes,
      int featureWidth, int targetWidth) {
    DataOptions o = options;
    for (String k : NOT_READING) {
      o = o.with(k, null);
    }
    this.options = o;
    this.chars = chars;
    this.words = words;
    this.classes = classes;
    this.featureWidth = featureWidth;
    this.targetWidth = targetWidth;
    Kind kind = o.kind();
    need(kind != Kind.CHAR_LM && kind != Kind.TEXT_CLASSIFICATION || chars != null, CHARS);
    need(kind != Kind.WORD_LM || words != null, WORDS);
    need(kind != Kind.SEQUENCES || featureWidth >= 1, FEATURES);
    need(kind.languageModel() || o.realTargets() || classes != null, CLASSES);
    need(kind.languageModel() || !o.realTargets() || targetWidth >= 1, TARGETS);
  }

  private static void need(boolean ok, String key) {
    if (!ok) {
      throw new DataException("data spec: " + key + " is missing");
    }
  }

  /** The reading settings (no paths, split or partition count). */
  public DataOptions options() {
    return options;
  }

  public Kind kind() {
    return options.kind();
  }

  /** Character vocabulary (char_lm, text_classification), else null. */
  public CharVocabulary chars() {
    return chars;
  }

  /** Word vocabulary (word_lm), else null. */
  public WordVocabulary words() {
    return words;
  }

  /** Class names in id order (class targets of sequences and text), else null. */
  public ClassLabels classes() {
    return classes;
  }

  /** Token input width (one-hot): the vocabulary size; 0 for dense features. */
  public int vocabSize() {
    return chars != null ? chars.size() : words != null ? words.size() : 0;
  }

  /** Dense features per step (sequences), else 0. */
  public int inputSize() {
    return featureWidth;
  }

  /** Real targets per item (target=real), else 0. */
  public int targetWidth() {
    return targetWidth;
  }

  /** What the output layer predicts: the vocabulary (LM), the classes, or the real targets. */
  public int outputSize() {
    if (kind().languageModel()) {
      return vocabSize();
    }
    return classes != null ? classes.size() : targetWidth;
  }

  public OutputMode mode() {
    return switch (kind()) {
      case CHAR_LM, WORD_LM -> OutputMode.MANY_TO_MANY;
      case TEXT_CLASSIFICATION -> OutputMode.MANY_TO_ONE;
      case SEQUENCES -> options.mode();
    };
  }

  /** True when labels are class ids (softmax), false for real targets. */
  public boolean classTargets() {
    return kind().languageModel() || !options.realTargets();
  }

  /** The builder with the input, output and mode this data fixes. */
  public ModelConfig.Builder configure(ModelConfig.Builder b) {
    if (vocabSize() > 0) {
      b.inputSize(0).vocabSize(vocabSize());
    } else {
      b.inputSize(featureWidth);
    }
    return b.outputSize(outputSize()).mode(mode());
  }

  /** Fails with one line when {@code config} cannot read this data or predict its targets. */
  public void check(ModelConfig config) {
    String what = "the data (" + kind().key() + ")";
    if (vocabSize() > 0 && config.vocabSize() != vocabSize()) {
      throw new DataException(what + " has a vocabulary of " + vocabSize()
          + ", the model reads " + config.vocabSize() + " (model.vocab)");
    }
    if (vocabSize() == 0 && (config.tokenInput() || config.inputSize() != featureWidth)) {
      throw new DataException(what + " has " + featureWidth + " features per step, the model reads "
          + (config.tokenInput() ? "tokens" : config.inputSize()) + " (model.input)");
    }
    if (config.outputSize() != outputSize()) {
      throw new DataException(what + " needs " + outputSize() + " outputs ("
          + (classTargets() ? "classes" : "targets") + "), the model has " + config.outputSize()
          + " (model.output)");
    }
    if (config.mode() != mode()) {
      throw new DataException(what + " is " + mode().key() + ", the model is "
          + config.mode().key() + " (model.mode)");
    }
    if (config.loss().classTargets != classTargets()) {
      throw new DataException(what + " has " + (classTargets() ? "class labels" : "real targets")
          + ", the model's loss is " + config.loss().loss + " (model.loss)");
    }
    if (config.bidirectional() && kind().languageModel()) {
      throw new DataException("model.bidirectional=true cannot train a language model ("
          + kind().key() + "): it predicts each next token, which a backward direction would "
          + "already have read; use it for classification or tagging of whole sequences");
    }
  }

  // ------------------------------------------------------------------ as strings

  /** Everything as strings: the reading settings (resolved) and what was learned. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>(options.resolved());
    m.keySet().removeAll(NOT_READING);
    if (chars != null) {
      m.put(CHARS, chars.asString());
    }
    if (words != null) {
      m.put(WORDS, json(words.words()));
    }
    if (classes != null) {
      m.put(CLASSES, json(classes.names()));
    }
    if (featureWidth > 0) {
      m.put(FEATURES, Integer.toString(featureWidth));
    }
    if (targetWidth > 0) {
      m.put(TARGETS, Integer.toString(targetWidth));
    }
    return m;
  }

  /** A spec from {@link #toMap()}'s strings; errors name {@code source} (e.g. the model file). */
  public static DataSpec fromMap(Map<String, String> map, String source) {
    try {
      Map<String, String> settings = new LinkedHashMap<>(map);
      String c = settings.remove(CHARS);
      String w = settings.remove(WORDS);
      String k = settings.remove(CLASSES);
      String f = settings.remove(FEATURES);
      String t = settings.remove(TARGETS);
      return new DataSpec(DataOptions.fromMap(settings),
          c == null ? null : CharVocabulary.fromString(c),
          w == null ? null : new WordVocabulary(list(w, WORDS)),
          k == null ? null : new ClassLabels(list(k, CLASSES)),
          f == null ? 0 : positive(f, FEATURES), t == null ? 0 : positive(t, TARGETS));
    } catch (DataException e) {
      throw new DataException(source + ": " + e.getMessage());
    }
  }

  private static int positive(String v, String key) {
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new DataException(key + " = '" + v + "': expected a positive integer");
  }

  private static String json(List<String> list) {
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> list(String v, String key) {
    try {
      return JSON.readValue(v, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new DataException(key + ": expected a JSON array of strings");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSpec s && s.toMap().equals(toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "DataSpec" + toMap();
  }
}
