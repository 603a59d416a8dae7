package org.sparkrnn.diag.report;

/** A run directory the report cannot be made from: one line naming the file (and line). */
public final class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message);
  }
}
