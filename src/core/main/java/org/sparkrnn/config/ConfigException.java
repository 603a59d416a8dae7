package org.sparkrnn.config;

/**
 * A configuration mistake a user can make, as one line that names the key (and the file and line,
 * or {@code --set}, where the value came from). {@link #key()} is null when no single key is at
 * fault (a malformed line).
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The key the message is about, or null. */
  public String key() {
    return key;
  }
}
