package org.sparkrnn.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * English-like prose from a small hand-written grammar: chapters ("CHAPTER IV." and a title),
 * paragraphs separated by a blank line and wrapped at {@link #WIDTH} columns, sentences of a
 * dozen shapes (narration in the past tense, dialogue in quotes in the present tense, questions,
 * lists, clauses joined by commas). Subjects agree with their verbs, "a" becomes "an" before a
 * vowel, a paragraph's pronoun follows its character — regularities a character model learns in
 * minutes. Every word is from the tables below, so the text is the project's own. The same seed
 * gives the same text on every JVM ({@link Random} is specified bit for bit).
 */
public final class EnglishCorpus {
  /** Lines are wrapped at this many columns. */
  public static final int WIDTH = 72;

  private static final String[][] NAMES = {
      {"Mara", "she"}, {"Tobias", "he"}, {"Elin", "she"}, {"Rowan", "he"}, {"Ada", "she"},
      {"Felix", "he"}, {"Nell", "she"}, {"Jonah", "he"}, {"Iris", "she"}, {"Silas", "he"},
      {"Wren", "she"}, {"Hugo", "he"}};

  /** singular, plural. */
  private static final String[][] PEOPLE = {
      {"miller", "millers"}, {"sailor", "sailors"}, {"farmer", "farmers"},
      {"widow", "widows"}, {"stranger", "strangers"}, {"keeper", "keepers"},
      {"baker", "bakers"}, {"soldier", "soldiers"}, {"fisherman", "fishermen"},
      {"child", "children"}, {"woman", "women"}, {"man", "men"}, {"boy", "boys"},
      {"girl", "girls"}, {"captain", "captains"}, {"weaver", "weavers"},
      {"shepherd", "shepherds"}, {"traveller", "travellers"}};
  private static final String[][] ANIMALS = {
      {"dog", "dogs"}, {"cat", "cats"}, {"horse", "horses"}, {"crow", "crows"},
      {"fox", "foxes"}, {"goat", "goats"}, {"owl", "owls"}, {"hound", "hounds"}};
  private static final String[][] THINGS = {
      {"lantern", "lanterns"}, {"key", "keys"}, {"letter", "letters"}, {"book", "books"},
      {"basket", "baskets"}, {"coat", "coats"}, {"knife", "knives"}, {"rope", "ropes"},
      {"candle", "candles"}, {"kettle", "kettles"}, {"bell", "bells"}, {"map", "maps"},
      {"coin", "coins"}, {"cart", "carts"}, {"boat", "boats"}, {"ring", "rings"},
      {"box", "boxes"}, {"glass", "glasses"}, {"loaf", "loaves"}, {"blanket", "blankets"},
      {"hammer", "hammers"}, {"apple", "apples"}, {"umbrella", "umbrellas"}, {"oar", "oars"}};
  private static final String[][] PLACES = {
      {"river", "rivers"}, {"bridge", "bridges"}, {"garden", "gardens"}, {"road", "roads"},
      {"harbour", "harbours"}, {"market", "markets"}, {"hill", "hills"}, {"field", "fields"},
      {"orchard", "orchards"}, {"well", "wells"}, {"mill", "mills"}, {"chapel", "chapels"},
      {"forest", "forests"}, {"village", "villages"}, {"tower", "towers"}, {"shore", "shores"},
      {"valley", "valleys"}, {"inn", "inns"}, {"gate", "gates"}, {"wall", "walls"}};

  private static final String[] ADJECTIVES = {
      "old", "small", "quiet", "dark", "bright", "cold", "narrow", "green", "heavy", "broken",
      "distant", "silver", "wet", "warm", "empty", "crooked", "little", "long", "grey", "red",
      "white", "tall", "strange", "wooden", "ancient", "iron", "open", "honest", "idle", "early"};
  /** Adjectives that fit after "was": the ones above that describe a state. */
  private static final String[] STATES = {
      "quiet", "dark", "bright", "cold", "green", "heavy", "broken", "wet", "warm", "empty",
      "crooked", "grey", "white", "still", "full", "silent", "calm", "loud", "late", "ready"};
  private static final String[] ADVERBS = {
      "slowly", "quietly", "again", "at once", "for a long time", "without a word", "carefully",
      "alone", "once more", "in silence"};
  private static final String[] PREPOSITIONS = {
      "by", "near", "across", "under", "beyond", "along", "behind", "over", "toward", "past"};
  private static final String[] TIMES = {
      "In the morning", "At dusk", "Long ago", "That winter", "Before the bell rang",
      "After the rain", "At last", "By noon", "In the evening", "On the third day",
      "When the tide turned", "Before dawn", "All that summer", "Later"};
  private static final String[] NUMBERS = {
      "two", "three", "four", "five", "six", "seven", "ten", "twelve"};
  private static final String[] DAYS = {"days", "nights", "weeks", "hours", "years"};

  /** base, third person singular, past, past participle, -ing; objects: T things, P persons. */
  private static final String[][] TRANSITIVE = {
      {"see", "sees", "saw", "seen", "seeing", "TP"},
      {"find", "finds", "found", "found", "finding", "TP"},
      {"carry", "carries", "carried", "carried", "carrying", "T"},
      {"open", "opens", "opened", "opened", "opening", "T"},
      {"watch", "watches", "watched", "watched", "watching", "TP"},
      {"mend", "mends", "mended", "mended", "mending", "T"},
      {"follow", "follows", "followed", "followed", "following", "P"},
      {"keep", "keeps", "kept", "kept", "keeping", "T"},
      {"hold", "holds", "held", "held", "holding", "T"},
      {"lose", "loses", "lost", "lost", "losing", "T"},
      {"take", "takes", "took", "taken", "taking", "T"},
      {"bring", "brings", "brought", "brought", "bringing", "T"},
      {"call", "calls", "called", "called", "calling", "P"},
      {"remember", "remembers", "remembered", "remembered", "remembering", "TP"},
      {"fetch", "fetches", "fetched", "fetched", "fetching", "T"},
      {"hide", "hides", "hid", "hidden", "hiding", "T"},
      {"sell", "sells", "sold", "sold", "selling", "T"},
      {"buy", "buys", "bought", "bought", "buying", "T"},
      {"wash", "washes", "washed", "washed", "washing", "T"},
      {"help", "helps", "helped", "helped", "helping", "P"},
      {"wake", "wakes", "woke", "woken", "waking", "P"},
      {"greet", "greets", "greeted", "greeted", "greeting", "P"}};
  private static final String[][] INTRANSITIVE = {
      {"walk", "walks", "walked", "walked", "walking"},
      {"sleep", "sleeps", "slept", "slept", "sleeping"},
      {"wait", "waits", "waited", "waited", "waiting"},
      {"laugh", "laughs", "laughed", "laughed", "laughing"},
      {"sing", "sings", "sang", "sung", "singing"},
      {"run", "runs", "ran", "run", "running"},
      {"sit", "sits", "sat", "sat", "sitting"},
      {"listen", "listens", "listened", "listened", "listening"},
      {"rest", "rests", "rested", "rested", "resting"},
      {"work", "works", "worked", "worked", "working"},
      {"wander", "wanders", "wandered", "wandered", "wandering"},
      {"stand", "stands", "stood", "stood", "standing"},
      {"return", "returns", "returned", "returned", "returning"},
      {"weep", "weeps", "wept", "wept", "weeping"}};
  private static final String[] SAID = {"said", "said", "said", "whispered", "replied",
      "called", "answered"};

  private final Random rnd;
  private String hero; // the paragraph's character
  private String pronoun;

  private EnglishCorpus(long seed) {
    this.rnd = new Random(seed);
  }

  /**
   * Whole chapters until the text holds at least {@code targetBytes} UTF-8 bytes (it is ASCII),
   * ending with a newline.
   */
  public static String generate(long seed, int targetBytes) {
    return new EnglishCorpus(seed).text(targetBytes);
  }

  private String text(int targetBytes) {
    StringBuilder out = new StringBuilder(targetBytes + 8192);
    int chapter = 1;
    while (out.length() < targetBytes) {
      if (chapter > 1) {
        out.append('\n');
      }
      out.append("CHAPTER ").append(roman(chapter)).append(".\n\n");
      out.append(("The " + pick(ADJECTIVES) + " " + pick(pick(THINGS, PLACES))[0])
          .toUpperCase(Locale.ROOT)).append("\n");
      int paragraphs = 12 + rnd.nextInt(12);
      for (int p = 0; p < paragraphs && out.length() < targetBytes; p++) {
        out.append('\n');
        wrap(paragraph(), out);
      }
      chapter++;
    }
    return out.toString();
  }

  private String paragraph() {
    String[] n = pick(NAMES);
    hero = n[0];
    pronoun = n[1];
    List<String> sentences = new ArrayList<>();
    if (rnd.nextInt(4) == 0) {
      sentences.add(dialogue());
      if (rnd.nextBoolean()) {
        sentences.add(dialogue());
      }
      if (rnd.nextBoolean()) {
        sentences.add(narration(false));
      }
    } else {
      int count = 3 + rnd.nextInt(5);
      for (int i = 0; i < count; i++) {
        sentences.add(rnd.nextInt(7) == 0 ? dialogue() : narration(i == 0));
      }
    }
    return String.join(" ", sentences);
  }

  // ------------------------------------------------------------------ narration (past tense)

  private String narration(boolean first) {
    switch (rnd.nextInt(first ? 6 : 13)) {
      case 0: {
        return sentence(pick(TIMES) + ", " + subject() + " " + transitivePast());
      }
      case 1: {
        return sentence(subject() + " " + pick(INTRANSITIVE)[2] + maybe(" " + pick(ADVERBS))
            + " " + place());
      }
      case 2: {
        return sentence(subject() + " " + transitivePast() + ", and " + subject() + " "
            + pick(INTRANSITIVE)[2] + " " + place());
      }
      case 3: {
        String[] v = pick(TRANSITIVE);
        return sentence(subject() + " " + pick(INTRANSITIVE)[2] + " " + place() + ", but "
            + subject() + " did not " + v[0] + " " + object(v));
      }
      case 4: {
        boolean plural = rnd.nextInt(3) == 0;
        String[] t = pick(THINGS);
        return sentence(plural
            ? "There were " + pick(NUMBERS) + " " + t[1] + " " + place()
            : "There was " + indefinite(pick(ADJECTIVES) + " " + t[0]) + " " + place());
      }
      case 5: {
        return sentence("For " + pick(NUMBERS) + " " + pick(DAYS) + " the " + pick(PEOPLE)[1]
            + " " + pick(INTRANSITIVE)[2] + " " + place());
      }
      case 6: {
        String[] v = pick(TRANSITIVE);
        return sentence(pronoun + " had never " + v[3] + " " + indefinite(pick(THINGS)[0])
            + " so " + pick(STATES));
      }
      case 7: {
        return sentence(thingWas() + ", and t" + thingWas().substring(1));
      }
      case 8: {
        return sentence("When " + subject() + " " + pick(INTRANSITIVE)[2] + ", " + subject()
            + " " + transitivePast());
      }
      case 9: {
        String a = indefinite(pick(THINGS)[0]);
        String b = indefinite(pick(ADJECTIVES) + " " + pick(THINGS)[0]);
        String c = "the " + pick(THINGS)[1];
        return sentence(subject() + " " + pick("carried", "found", "sold", "bought", "kept")
            + " " + a + ", " + b + ", and " + c);
      }
      case 10: {
        return sentence(pronoun + " " + pick(INTRANSITIVE)[2] + " " + place() + " until the "
            + pick(THINGS)[0] + " was " + pick(STATES));
      }
      case 11: {
        return sentence("Nobody " + pick(TRANSITIVE)[2] + " the " + pick(ADJECTIVES) + " "
            + pick(THINGS)[0] + " " + place() + " again");
      }
      default: {
        return sentence(hero + " " + pick(INTRANSITIVE)[2] + " " + place() + "; "
            + pronoun + " was " + pick(STATES) + " and " + pick(STATES));
      }
    }
  }

  /** "The lantern was cold" / "The keys were heavy". */
  private String thingWas() {
    boolean plural = rnd.nextInt(3) == 0;
    String[] t = pick(pick(THINGS, PLACES));
    return "The " + (plural ? t[1] + " were " : t[0] + " was ") + pick(STATES);
  }

  private String transitivePast() {
    String[] v = pick(TRANSITIVE);
    return v[2] + " " + object(v) + maybe(" " + place());
  }

  /** A subject for a past-tense verb: the paragraph's character, someone else, or a group. */
  private String subject() {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> hero;
      case 2 -> pronoun;
      case 3 -> "the " + maybeAdjective() + pick(PEOPLE)[0];
      case 4 -> "the " + pick(ANIMALS)[rnd.nextInt(2)];
      default -> "the " + pick(PEOPLE)[1];
    };
  }

  private String object(String[] verb) {
    boolean person = verb[5].equals("P") || verb[5].equals("TP") && rnd.nextInt(3) == 0;
    if (person) {
      return switch (rnd.nextInt(4)) {
        case 0 -> pick(NAMES)[0];
        case 1 -> "the " + pick(ANIMALS)[0];
        default -> "the " + maybeAdjective() + pick(PEOPLE)[rnd.nextInt(2)];
      };
    }
    String[] t = pick(THINGS);
    return switch (rnd.nextInt(4)) {
      case 0 -> indefinite(maybeAdjective() + t[0]);
      case 1 -> "the " + t[1];
      case 2 -> (pronoun.equals("he") ? "his " : "her ") + t[0];
      default -> "the " + maybeAdjective() + t[0];
    };
  }

  private String place() {
    String[] p = pick(PLACES);
    return pick(PREPOSITIONS) + " the " + maybeAdjective() + p[0];
  }

  // ------------------------------------------------------------------ dialogue (present tense)

  private String dialogue() {
    String speaker = rnd.nextInt(3) == 0 ? "the " + pick(PEOPLE)[0] : pick(NAMES)[0];
    int kind = rnd.nextInt(3);
    String line;
    String end;
    if (kind == 0) {
      line = question();
      end = "?";
    } else if (kind == 1 && rnd.nextBoolean()) {
      line = exclamation();
      end = "!";
    } else {
      line = statement();
      end = ".";
    }
    String said = end.equals("?") ? "asked" : end.equals("!") ? "cried" : pick(SAID);
    if (rnd.nextInt(4) == 0) {
      return capital(speaker) + " " + said + ", \"" + capital(line) + end + "\"";
    }
    String close = end.equals(".") ? "," : end;
    return "\"" + capital(line) + close + "\" " + said + " " + speaker + ".";
  }

  private String statement() {
    String[] v = pick(TRANSITIVE);
    String[] i = pick(INTRANSITIVE);
    String[] t = pick(THINGS);
    return switch (rnd.nextInt(7)) {
      case 0 -> "I " + v[0] + " " + object(v);
      case 1 -> "we must " + i[0] + " " + place() + " before " + pick("dark", "noon", "the rain");
      case 2 -> "the " + t[0] + " is " + pick(STATES);
      case 3 -> "you " + v[0] + " the " + t[1] + " every day";
      case 4 -> "the " + pick(PEOPLE)[1] + " are " + i[4] + " " + place();
      case 5 -> "the " + pick(PEOPLE)[0] + " " + v[1] + " " + object(v);
      default -> "it is " + pick("too late", "almost time", "a long way", "not far") + " to the "
          + pick(PLACES)[0];
    };
  }

  private String question() {
    String[] v = pick(TRANSITIVE);
    return switch (rnd.nextInt(5)) {
      case 0 -> "where is the " + maybeAdjective() + pick(THINGS)[0];
      case 1 -> "did you " + v[0] + " " + object(v);
      case 2 -> "why are the " + pick(PEOPLE)[1] + " " + pick(INTRANSITIVE)[4];
      case 3 -> "who " + v[1] + " the " + pick(THINGS)[1];
      default -> "how far is it to the " + pick(PLACES)[0];
    };
  }

  private String exclamation() {
    return switch (rnd.nextInt(3)) {
      case 0 -> "look at the " + pick(THINGS)[0];
      case 1 -> "run to the " + pick(PLACES)[0];
      default -> "bring me the " + maybeAdjective() + pick(THINGS)[0];
    };
  }

  // ------------------------------------------------------------------ helpers

  private String maybeAdjective() {
    return rnd.nextBoolean() ? pick(ADJECTIVES) + " " : "";
  }

  private String maybe(String s) {
    return rnd.nextInt(3) == 0 ? s : "";
  }

  private static String indefinite(String phrase) {
    return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
  }

  private static String sentence(String s) {
    return capital(s) + ".";
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private String[] pick(String[][] options) {
    return options[rnd.nextInt(options.length)];
  }

  private String[][] pick(String[][] a, String[][] b) {
    return rnd.nextBoolean() ? a : b;
  }

  /** Appends {@code paragraph} wrapped at {@link #WIDTH} columns. */
  private static void wrap(String paragraph, StringBuilder out) {
    int col = 0;
    for (String word : paragraph.split(" ")) {
      if (col > 0 && col + 1 + word.length() > WIDTH) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    out.append('\n');
  }

  static String roman(int n) {
    int[] values = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    String[] digits = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      while (n >= values[i]) {
        sb.append(digits[i]);
        n -= values[i];
      }
    }
    return sb.toString();
  }
}
