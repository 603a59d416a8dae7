package org.sparkrnn.io;

import java.io.IOException;

/**
 * A model or tensors file that cannot be read as it claims to be: one line that names the source
 * (directory or file), the tensor or field, and the problem.
 */
public final class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
