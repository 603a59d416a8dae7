package org.sparkrnn.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.WordVocabulary;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.StepResult;
import org.sparkrnn.train.Evaluator;

/**
 * {@code generate --model DIR}: samples text from a character or word language model on the
 * driver (no Spark session). The priming text runs through the net in one forward pass; then
 * every new token is one forward step from the previous step's final state, so a sample of N
 * tokens costs N steps. Temperature divides the logits; top-k keeps the k most likely tokens;
 * the seed fixes the draws.
 */
public final class GenerateCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--model", "DIR", null, "run directory (spark-rnn train --output) or its model/ (required)"),
      Options.valued("--length", "N", "200", "tokens to generate per sample (characters or words)"),
      Options.valued("--temperature", "T", "1.0", "divides the logits: < 1 sharper, > 1 flatter, 0 = always the most likely"),
      Options.valued("--top-k", "K", "0", "sample among the K most likely tokens only (0: all)"),
      Options.valued("--seed", "S", null, "random seed, for the same text every time (default: a fresh one)"),
      Options.valued("--prime", "TEXT", null, "text to start from (default: a line break); printed before the sample"),
      Options.valued("--samples", "N", "1", "independent samples, each from the primed state"));

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "sample text from a trained character or word language model";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn generate --model DIR [--length N] [--temperature T] [--top-k K]"
        + " [--seed S] [--prime TEXT] [--samples N]", """
        Samples text from a char_lm or word_lm model on the driver (no Spark job). The priming
        text is fed through the net to build its state, then each token is drawn from the
        softmax of logits/T (restricted to the top K) and fed back. Every character of the
        priming text must be in the model's vocabulary; words it does not know read as <unk>,
        as in training. With --samples N > 1 each sample starts with a '=== sample i ===' line.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    String modelArg = o.require("--model");
    int length = o.integer("--length", 0, 100_000_000);
    double temperature = temperature(o);
    int topK = o.integer("--top-k", 0, Integer.MAX_VALUE);
    int samples = o.integer("--samples", 1, 1_000_000);
    long seed = o.has("--seed") ? o.longValue("--seed") : new SplittableRandom().nextLong();
    TrainedModel model = TrainedModel.load("--model", modelArg, TrainedModel.localConf());
    DataSpec spec = model.spec;
    ModelConfig cfg = model.config();
    if (!spec.kind().languageModel() || !cfg.tokenInput() || !cfg.loss().classTargets
        || cfg.mode() != OutputMode.MANY_TO_MANY) {
      throw CliException.usage("--model: " + model.dir + " is not a language model (it was trained on "
          + spec.kind().key() + " data); generate needs a char_lm or word_lm model");
    }
    String primeText = o.string("--prime");
    int[] prime = encode(spec, primeText);
    Sampler sampler = new Sampler(cfg, model.bundle.params(), temperature, topK);
    SplittableRandom random = new SplittableRandom(seed);
    String shown = primeText == null ? "" : primeText;
    for (int s = 0; s < samples; s++) {
      if (samples > 1) {
        out.println("=== sample " + (s + 1) + " ===");
      }
      int[] tokens = sampler.sample(prime, length, random);
      out.print(shown + decode(spec, prime, tokens, primeText != null));
      out.println();
    }
    return 0;
  }

  private static double temperature(Options o) {
    String v = o.require("--temperature");
    double t;
    try {
      t = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw CliException.usage("option --temperature: '" + v + "' is not a number");
    }
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw CliException.usage("option --temperature must be ≥ 0, got " + v);
    }
    return t;
  }

  /** The priming token ids; without --prime, a line break (char) or {@code <eos>} (word). */
  static int[] encode(DataSpec spec, String text) {
    CharVocabulary chars = spec.chars();
    WordVocabulary words = spec.words();
    if (text == null || text.isEmpty()) {
      if (words != null) {
        return new int[] {WordVocabulary.EOS_ID};
      }
      int nl = chars.id('\n');
      return new int[] {nl >= 0 ? nl : chars.id(' ') >= 0 ? chars.id(' ') : 0};
    }
    if (chars != null) {
      int[] cps = text.codePoints().toArray();
      int[] ids = new int[cps.length];
      for (int i = 0; i < cps.length; i++) {
        ids[i] = chars.id(cps[i]);
        if (ids[i] < 0) {
          throw CliException.usage("--prime: character " + describe(cps[i]) + " at position "
              + (i + 1) + " is not in the model's vocabulary (" + chars.size() + " characters)");
        }
      }
      return ids;
    }
    List<Integer> ids = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      for (String w : lines[l].trim().split("\\s+")) {
        if (!w.isEmpty()) {
          ids.add(words.id(w));
        }
      }
      if (l < lines.length - 1) {
        ids.add(WordVocabulary.EOS_ID);
      }
    }
    if (ids.isEmpty()) {
      ids.add(WordVocabulary.EOS_ID);
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The generated tokens as text; word samples go on from the prime with a space. */
  static String decode(DataSpec spec, int[] prime, int[] tokens, boolean primed) {
    if (spec.chars() != null) {
      return spec.chars().decode(tokens);
    }
    String text = spec.words().decode(tokens);
    boolean afterLine = !primed || prime[prime.length - 1] == WordVocabulary.EOS_ID;
    return afterLine || text.isEmpty() || text.startsWith("\n") ? text : " " + text;
  }

  static String describe(int cp) {
    String hex = String.format("U+%04X", cp);
    boolean printable = !Character.isISOControl(cp) && !Character.isWhitespace(cp)
        && Character.isDefined(cp);
    return printable ? "'" + new String(Character.toChars(cp)) + "' (" + hex + ")" : hex;
  }

  /** Draws tokens one step at a time, carrying the recurrent state. */
  static final class Sampler {
    private final Network net;
    private final Params params;
    private final double temperature;
    private final int topK;
    private final int vocab;
    private final boolean teacherForcing;
    private final double[] weights;
    private final Integer[] order;
    /** Position in the sequence of the next step (batch-norm models keep statistics per position). */
    private int position;

    Sampler(ModelConfig cfg, Params params, double temperature, int topK) {
      this.net = Network.create(cfg);
      this.params = params;
      this.temperature = temperature;
      this.vocab = cfg.outputSize();
      this.topK = topK <= 0 ? vocab : Math.min(topK, vocab);
      this.teacherForcing = cfg.cell() == CellType.JORDAN && cfg.teacherForcing();
      this.weights = new double[vocab];
      this.order = new Integer[vocab];
    }

    /** {@code length} tokens following {@code prime}. */
    int[] sample(int[] prime, int length, SplittableRandom random) {
      int[] out = new int[length];
      if (length == 0) {
        return out;
      }
      RecurrentState state = step(prime, null);
      double[] logits = net.logits();
      int last = (prime.length - 1) * vocab;
      for (int i = 0; i < length; i++) {
        int next = draw(logits, last, random);
        out[i] = next;
        if (teacherForcing) {
          oneHot(state, next); // a teacher-forced Jordan net feeds back the token that came next
        }
        if (i + 1 < length) {
          state = step(new int[] {next}, state);
          logits = net.logits();
          last = 0;
        }
      }
      return out;
    }

    /** Forward over {@code tokens} (one sequence) from {@code init}; the final state. */
    private RecurrentState step(int[] tokens, RecurrentState init) {
      int[] targets = null;
      if (teacherForcing) {
        // step t feeds back the target of step t-1: the next token of the prime (the last is
        // replaced by the drawn token afterwards)
        targets = new int[tokens.length];
        for (int t = 0; t + 1 < tokens.length; t++) {
          targets[t] = tokens[t + 1];
        }
      }
      int at = init == null ? 0 : position;
      SequenceBatch b = SequenceBatch.tokens(1, tokens.length, tokens, targets, null, true, null)
          .withStepOffset(at);
      position = at + tokens.length;
      StepResult r = net.forward(b, params, init);
      return r.finalState();
    }

    private void oneHot(RecurrentState s, int token) {
      if (s.y != null) {
        Arrays.fill(s.y, 0);
        s.y[token] = 1;
      }
    }

    /** A token from softmax(logits/T) over the top K; T = 0 takes the most likely. */
    int draw(double[] logits, int off, SplittableRandom random) {
      if (temperature == 0) {
        return Evaluator.argmax(logits, off, vocab);
      }
      int k = topK;
      int[] candidates;
      if (k < vocab) {
        for (int i = 0; i < vocab; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(logits[off + b], logits[off + a]));
        candidates = new int[k];
        for (int i = 0; i < k; i++) {
          candidates[i] = order[i];
        }
      } else {
        candidates = new int[vocab];
        for (int i = 0; i < vocab; i++) {
          candidates[i] = i;
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c : candidates) {
        max = Math.max(max, logits[off + c] / temperature);
      }
      double sum = 0;
      for (int i = 0; i < candidates.length; i++) {
        weights[i] = Math.exp(logits[off + candidates[i]] / temperature - max);
        sum += weights[i];
      }
      double u = random.nextDouble() * sum;
      for (int i = 0; i < candidates.length; i++) {
        u -= weights[i];
        if (u < 0) {
          return candidates[i];
        }
      }
      return candidates[candidates.length - 1];
    }
  }
}
