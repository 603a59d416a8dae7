package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Tables with one row per sequence. Sequences: {@code id}, {@code label}, {@code features} (see
 * {@link Cells#steps}); text classification: {@code text}, {@code label} and, when the table has
 * it, {@code id} (else the row's place in the input is its id). Real targets: a number, a vector
 * "a,b" or array (many-to-one), or steps "a;b" / nested arrays (many-to-many); with several label
 * columns, one number from each (many-to-one).
 */
final class SequenceRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int id;
  private final int[] label;
  private final int data;
  private final int file;
  private final int corrupt;
  private final int width;
  private final boolean text;
  private final ArrayList<String> columns;
  private final SequenceRules rules;

  SequenceRows(Tables.Table t, DataOptions o, SequenceRules rules, boolean text) {
    this.text = text;
    this.rules = rules;
    this.columns = new ArrayList<>(t.columns);
    this.id = text && !t.columns.contains(o.idColumn()) ? -1 : t.index(o.idColumn(),
        DataOptions.ID_COLUMN);
    List<String> labels = o.labelColumns();
    if (labels.isEmpty() || labels.size() > 1 && !rules.real) {
      throw new DataException(DataOptions.LABEL_COLUMNS + " = '" + String.join(",", labels)
          + "': name one label column" + (rules.real ? " or more" : ""));
    }
    if (labels.size() > 1 && rules.perStep) {
      throw new DataException(DataOptions.LABEL_COLUMNS + ": several target columns need "
          + "data.layout=step (one row per step) for many-to-many");
    }
    this.label = labels.stream().mapToInt(c -> t.index(c, DataOptions.LABEL_COLUMNS)).toArray();
    this.data = text ? t.index(o.textColumn(), DataOptions.TEXT_COLUMN)
        : t.index(o.featuresColumn(), DataOptions.FEATURES_COLUMN);
    this.file = t.fileIndex();
    this.corrupt = t.corruptIndex();
    this.width = o.width();
  }

  boolean hasIds() {
    return id >= 0;
  }

  RawSequence parse(Row r, long index) {
    String f = r.getString(file);
    if (corrupt >= 0 && !r.isNullAt(corrupt)) {
      throw malformed(f, r.getString(corrupt), columns);
    }
    String seqId = id >= 0 ? Cells.name(r.get(id)) : Long.toString(index);
    Object value = r.get(data);
    String where;
    if (id >= 0) {
      if (Cells.missing(seqId)) {
        throw new DataException(f + ": a row without " + columns.get(id) + " (" + rowText(r) + ")");
      }
      where = f + ": sequence '" + seqId + "'";
    } else {
      // the data row's number in the input (header excluded), counted across its files in order
      where = f + ": row " + (index + 1)
          + (value == null ? "" : " '" + Cells.abbreviate(String.valueOf(value)) + "'");
    }
    double[] features = null;
    int w = 0;
    int[] chars = null;
    int length;
    if (text) {
      if (value == null) {
        throw new DataException(where + ": " + columns.get(data) + " is missing");
      }
      chars = value.toString().codePoints().toArray();
      length = chars.length;
    } else {
      List<double[]> steps = Cells.steps(value, width, where, columns.get(data), DataOptions.WIDTH);
      if (steps.isEmpty()) {
        throw new DataException(where + ": no steps");
      }
      features = SequenceRules.rectangular(steps, where, "features");
      w = steps.get(0).length;
      length = steps.size();
    }
    List<String> names = null;
    List<double[]> targets = null;
    String what = columns.get(label[0]);
    if (!rules.real) {
      Object v = r.get(label[0]);
      if (Cells.missing(v)) {
        throw new DataException(where + ": " + what + " is missing");
      }
      names = rules.perStep ? Cells.names(v, where, what) : List.of(Cells.name(v));
    } else if (label.length > 1) {
      double[] vec = new double[label.length];
      for (int i = 0; i < label.length; i++) {
        vec[i] = Cells.number(r.get(label[i]), where, columns.get(label[i]));
      }
      targets = List.of(vec);
    } else {
      Object v = r.get(label[0]);
      List<?> flat = Cells.list(v);
      boolean nested = flat != null && !flat.isEmpty() && Cells.list(flat.get(0)) != null;
      if (flat != null && !nested) {
        int tw = rules.perStep ? (flat.size() % length == 0 ? flat.size() / length : 0) : flat.size();
        targets = Cells.steps(v, tw, where, what, "one target vector per step");
      } else {
        targets = Cells.steps(v, 0, where, what, DataOptions.WIDTH);
      }
    }
    RawSequence s = rules.finish(seqId, f, where, features, w, chars, names, targets);
    return s;
  }

  static DataException malformed(String file, String raw, List<String> columns) {
    return new DataException(file + ": malformed CSV row '" + Cells.abbreviate(raw.strip())
        + "': expected " + columns.size() + " fields (" + String.join(", ", columns) + ")");
  }

  private String rowText(Row r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
    }
    return "'" + Cells.abbreviate(sb.toString()) + "'";
  }
}
