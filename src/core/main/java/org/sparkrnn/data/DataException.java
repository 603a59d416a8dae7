package org.sparkrnn.data;

/**
 * A problem with the data a user handed in, as one line naming the file and the row, sequence id
 * or byte offset, and what is wrong. Raised inside Spark tasks it reaches the driver wrapped in a
 * {@code SparkException}: {@link #find} digs it out so a command can print just its message.
 */
public final class DataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final String MARK = DataException.class.getName() + ": ";

  public DataException(String message) {
    super(message);
  }

  /**
   * The DataException in {@code t}'s cause chain, or null. When the task's exception could not be
   * shipped back (only its text was), one is rebuilt from the first line of that text.
   */
  public static DataException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DataException d) {
        return d;
      }
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      int at = m == null ? -1 : m.indexOf(MARK);
      if (at >= 0) {
        String rest = m.substring(at + MARK.length());
        int nl = rest.indexOf('\n');
        return new DataException(nl < 0 ? rest : rest.substring(0, nl));
      }
    }
    return null;
  }

  /** The one line to show a user: the DataException's message if there is one, else t's. */
  public static String messageOf(Throwable t) {
    DataException d = find(t);
    return d != null ? d.getMessage() : String.valueOf(t.getMessage());
  }

  /** Runs a Spark action, rethrowing a DataException raised in a task as itself. */
  static <T> T unwrapping(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (DataException e) {
      throw e;
    } catch (Exception e) { // Spark's checked SparkException arrives here too
      DataException d = find(e);
      if (d != null) {
        throw d;
      }
      throw DataException.<RuntimeException>sneaky(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
