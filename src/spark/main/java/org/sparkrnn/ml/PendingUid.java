package org.sparkrnn.ml;

/**
 * A stage's uid while Spark's Scala superclass is being constructed: its param traits read
 * {@code uid()} to name their params' parent before a Java subclass can assign a field (Scala
 * assigns constructor parameters first). A constructor passes the uid through here:
 * {@code this(uid, PendingUid.set(uid))}, and {@code uid()} answers {@link #get} until its field
 * is set.
 */
final class PendingUid {
  private static final ThreadLocal<String> UID = new ThreadLocal<>();

  private PendingUid() {}

  /** Holds {@code uid} for the constructor about to run (a value for its marker argument). */
  static Void set(String uid) {
    UID.set(uid);
    return null;
  }

  static String get() {
    return UID.get();
  }

  static void clear() {
    UID.remove();
  }
}
