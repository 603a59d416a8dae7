package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dispatcher: help, and one-line errors with exit 2 for what a user can get wrong. */
class MainTest {

  /** A usage error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
  private static CliRun usageError(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("spark-rnn: "), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    assertEquals("", r.out(), r::toString);
    return r;
  }

  @Test
  void helpListsEveryCommand() {
    for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"help"}}) {
      CliRun r = CliRun.of(args);
      assertEquals(0, r.code(), r::toString);
      for (Command c : Main.COMMANDS) {
        assertTrue(r.outLines().stream().anyMatch(
            l -> l.matches("\\s+" + c.name() + "\\s+" + java.util.regex.Pattern.quote(c.summary()))),
            r::toString);
      }
      assertEquals("", r.err());
    }
  }

  @Test
  void commandHelpPrintsItsUsage() {
    for (Command c : Main.COMMANDS) {
      CliRun r = CliRun.of(c.name(), "--help");
      assertEquals(0, r.code(), r::toString);
      assertTrue(r.out().startsWith("usage: spark-rnn " + c.name()), r::toString);
      assertEquals(r.out(), CliRun.of(c.name(), "-h").out());
      assertEquals(r.out(), CliRun.of("help", c.name()).out());
    }
  }

  @Test
  void unknownCommand() {
    assertTrue(usageError("frobnicate").err().contains("unknown command 'frobnicate'"));
  }

  @Test
  void unknownOption() {
    assertTrue(usageError("oracle", "--bogus", "1").err().contains("unknown option --bogus"));
    assertTrue(usageError("--bogus").err().contains("unknown option --bogus"));
  }

  @Test
  void missingValue() {
    assertTrue(usageError("oracle", "--dir").err().contains("--dir needs a value"));
    assertTrue(usageError("bench", "--steps", "--warmup", "1").err().contains("--steps needs a value"));
  }

  @Test
  void missingRequiredOption() {
    assertTrue(usageError("oracle").err().contains("--dir"));
  }

  @Test
  void badNumber() {
    assertTrue(usageError("bench", "--steps", "ten").err().contains("'ten' is not a whole number"));
    assertTrue(usageError("bench", "--hidden=0").err().contains("--hidden must be in"));
  }

  @Test
  void badChoice() {
    assertTrue(usageError("bench", "--models", "lstm,transformer").err().contains("'transformer'"));
    assertTrue(usageError("oracle", "--dir", ".", "--backend", "cuda").err().contains("'cuda'"));
  }

  @Test
  void missingDirectory() {
    assertTrue(usageError("oracle", "--dir", "no/such/dir").err().contains("no such directory"));
  }

  @Test
  void unexpectedArgument() {
    assertTrue(usageError("oracle", "somewhere").err().contains("unexpected argument 'somewhere'"));
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun r = CliRun.of("oracle", "--bogus", "--verbose");
    assertEquals(2, r.code());
    assertTrue(r.errLines().size() > 1, r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }
}
