package org.sparkrnn.model;

import java.util.Locale;

/** The recurrent cells. Gate counts follow PyTorch's stacked layouts (LSTM i,f,g,o; GRU r,z,n). */
public enum CellType {
  ELMAN(1), JORDAN(1), LSTM(4), GRU(3);

  public final int gates;

  CellType(int gates) {
    this.gates = gates;
  }

  public static CellType parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace("RNN", "ELMAN"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown cell '" + name + "' (use elman, jordan, lstm, gru)");
    }
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
