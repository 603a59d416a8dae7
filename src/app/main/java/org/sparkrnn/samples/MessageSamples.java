package org.sparkrnn.samples;

import java.util.Random;

/**
 * Short synthetic text messages of two kinds for text classification, as CSV {@code text,label}:
 * {@code spam} (prizes, offers, urgent account notices, shouting and numbers) and {@code ham}
 * (plans, errands, thanks between friends). The two kinds share many words ("today", "call",
 * "now", "free", "won", names, places) and a few of each kind read like the other (a friend
 * who won a raffle, a parcel scam addressed by name), so the classifier must read more than one
 * word. The labels match those of the fetched SpamAssassin corpus (data/fetch-spam.sh). Texts
 * hold no double quote, backslash or newline, and every text is quoted, so the file reads the
 * same with any CSV reader.
 */
public final class MessageSamples {
  private MessageSamples() {}

  private static final String[] NAMES = {"Sam", "Alex", "Jo", "Priya", "Tom", "Lena", "Max",
      "Kim", "Omar", "Rosa", "Ben", "Mia"};
  private static final String[] PLACES = {"cafe", "station", "library", "park", "office", "gym",
      "market", "bakery", "corner", "bridge"};
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday", "Sunday", "tomorrow", "tonight", "today"};
  private static final String[] FOOD = {"bread", "milk", "eggs", "apples", "coffee", "rice",
      "cheese", "tea", "pasta", "onions"};
  private static final String[] THINGS = {"book", "charger", "umbrella", "keys", "jacket",
      "photos", "notes", "recipe", "tickets", "map"};
  private static final String[] PRIZES = {"cruise", "phone", "gift card", "laptop", "holiday",
      "car", "watch", "voucher"};
  private static final String[] PRODUCTS = {"watches", "pills", "loans", "software", "phones",
      "insurance", "sunglasses", "diet plans"};
  private static final String[] URGENT = {"URGENT", "FINAL NOTICE", "ACT NOW", "Attention",
      "IMPORTANT", "Dear customer"};

  /** {@code count} messages, about a third of them spam, in random order. */
  public static String generate(long seed, int count) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder("text,label\n");
    for (int i = 0; i < count; i++) {
      boolean spam = rnd.nextInt(3) == 0;
      String text = spam ? spam(rnd) : ham(rnd);
      sb.append('"').append(text).append("\",").append(spam ? "spam" : "ham").append('\n');
    }
    return sb.toString();
  }

  private static String spam(Random r) {
    return switch (r.nextInt(9)) {
      case 7 -> "hey it's " + pick(r, NAMES) + ", are you free " + pick(r, DAYS)
          + "? see my photos at www.meet-local" + r.nextInt(100) + ".com";
      case 8 -> "Hi " + pick(r, NAMES) + ", your parcel is waiting at the " + pick(r, PLACES)
          + ". Confirm delivery at www.parcel-track.biz " + pick(r, DAYS) + ".";
      case 0 -> "WIN a FREE " + pick(r, PRIZES) + " " + pick(r, DAYS) + "! Call "
          + phone(r) + " now to claim your prize.";
      case 1 -> "Congratulations, you have been selected for a " + (10 + 5 * r.nextInt(15))
          + "% discount on " + pick(r, PRODUCTS) + ". Reply YES to " + (60000 + r.nextInt(9999))
          + ".";
      case 2 -> pick(r, URGENT) + ": your account " + (1000 + r.nextInt(9000))
          + " is locked. Visit www." + pick(r, "secure-bank", "verify-now", "acct-help",
              "login-safe") + ".com " + pick(r, DAYS) + " to restore access.";
      case 3 -> "Cheap " + pick(r, PRODUCTS) + " for only $" + (9 + r.nextInt(90)) + "."
          + (10 + r.nextInt(89)) + ", limited offer" + "!!!".substring(0, 1 + r.nextInt(3));
      case 4 -> "You won " + (100 * (1 + r.nextInt(50))) + " dollars! Text CLAIM to "
          + (80000 + r.nextInt(9999)) + " before " + pick(r, DAYS) + ".";
      case 5 -> pick(r, NAMES) + ", your " + pick(r, PRIZES) + " is waiting. Call "
          + phone(r) + " today, offer ends " + pick(r, DAYS) + ".";
      default -> "Make $" + (100 * (2 + r.nextInt(30))) + " a day from home!! No experience "
          + "needed, click www.easy-cash" + r.nextInt(100) + ".biz now.";
    };
  }

  private static String ham(Random r) {
    return switch (r.nextInt(11)) {
      case 8 -> "I won the " + pick(r, "raffle", "quiz", "bet", "pub quiz", "race") + " "
          + pick(r, "at work", "last night", "again", "with " + pick(r, NAMES)) + "! Call me "
          + pick(r, DAYS) + ".";
      case 9 -> "Free tickets for the game on " + pick(r, DAYS) + ", want to come, "
          + pick(r, NAMES) + "?";
      case 10 -> pick(r, "URGENT", "Quick one", "Help") + ": pick up the kids at "
          + (3 + r.nextInt(4)) + pick(r, "", ":30") + ", I am stuck at the " + pick(r, PLACES)
          + ".";
      case 0 -> "Hi " + pick(r, NAMES) + ", are we still meeting at the " + pick(r, PLACES)
          + " on " + pick(r, DAYS) + "?";
      case 1 -> "Can you pick up some " + pick(r, FOOD) + " and " + pick(r, FOOD)
          + " on the way home?";
      case 2 -> "Thanks for the " + pick(r, THINGS) + ", " + pick(r, NAMES) + ". See you "
          + pick(r, DAYS) + ".";
      case 3 -> "I will be late" + pick(r, "", " again", ", sorry") + ", the "
          + pick(r, "bus", "train", "tram", "car") + " is stuck near the " + pick(r, PLACES)
          + ". " + pick(r, "Call me if you need to.", "Start without me.", "Save me a seat.");
      case 4 -> "Don't forget " + pick(r, NAMES) + "'s birthday on " + pick(r, DAYS)
          + ", I got a card.";
      case 5 -> "ok, see you at " + (1 + r.nextInt(12)) + pick(r, "", ":30", ":15")
          + " by the " + pick(r, PLACES);
      case 6 -> "Did you leave your " + pick(r, THINGS) + " at the " + pick(r, PLACES)
          + "? I can bring it " + pick(r, DAYS) + ".";
      default -> pick(r, "Mum", "Dad", "Gran", pick(r, NAMES)) + " says dinner is at "
          + (5 + r.nextInt(4)) + ", bring the " + pick(r, THINGS) + " now if you can.";
    };
  }

  private static String phone(Random r) {
    return "0" + (800 + r.nextInt(100)) + " " + (100000 + r.nextInt(900000));
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
