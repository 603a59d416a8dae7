package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Tables with one row per time step: {@code id}, {@code t} (integers), the feature columns
 * (listed, or f0, f1, ... in numeric order) and the label column(s). Rows are grouped by id and
 * ordered by t (gaps allowed, a repeated t is an error). Many-to-many: every row has its label;
 * many-to-one: the rows' labels must agree (rows may leave it empty), that label is the sequence's.
 */
final class StepRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern FEATURE = Pattern.compile("f(\\d+)");
  private final int id;
  private final int t;
  private final int[] features;
  private final int[] label;
  private final int file;
  private final int corrupt;
  private final ArrayList<String> columns;
  private final SequenceRules rules;

  /** One row of a step table. */
  static final class Step implements Serializable {
    private static final long serialVersionUID = 1L;
    String file;
    long t;
    double[] x;
    String label;
    double[] target;
    String error; // a problem with this row, raised when its sequence is assembled
  }

  /** A row keyed by its sequence id; a bad row becomes an error step (raised in assembly, so the
   * first error in order can be reported). */
  Tuple2<String, Step> keyed(Row r) {
    String seqId;
    try {
      seqId = id(r);
    } catch (DataException e) {
      Step s = new Step();
      s.error = e.getMessage();
      return new Tuple2<>("\u0000", s);
    }
    try {
      return new Tuple2<>(seqId, parse(seqId, r));
    } catch (DataException e) {
      Step s = new Step();
      s.error = e.getMessage();
      return new Tuple2<>(seqId, s);
    }
  }

  StepRows(Tables.Table table, DataOptions o, SequenceRules rules) {
    this.rules = rules;
    this.columns = new ArrayList<>(table.columns);
    this.id = table.index(o.idColumn(), DataOptions.ID_COLUMN);
    this.t = table.index(o.tColumn(), DataOptions.T_COLUMN);
    List<String> names = o.featureColumns().isEmpty() ? numbered(table.columns) : o.featureColumns();
    if (names.isEmpty()) {
      throw new DataException(table.path + ": no feature columns f0, f1, ... (columns: "
          + String.join(", ", table.columns) + "); set " + DataOptions.FEATURE_COLUMNS);
    }
    this.features = names.stream().mapToInt(c -> table.index(c, DataOptions.FEATURE_COLUMNS))
        .toArray();
    List<String> labels = o.labelColumns();
    if (labels.isEmpty() || labels.size() > 1 && !rules.real) {
      throw new DataException(DataOptions.LABEL_COLUMNS + " = '" + String.join(",", labels)
          + "': name one label column" + (rules.real ? " or more" : ""));
    }
    this.label = labels.stream().mapToInt(c -> table.index(c, DataOptions.LABEL_COLUMNS)).toArray();
    this.file = table.fileIndex();
    this.corrupt = table.corruptIndex();
  }

  /** The feature columns found: f0, f1, ... sorted by their number. */
  static List<String> numbered(List<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      if (FEATURE.matcher(c).matches()) {
        out.add(c);
      }
    }
    out.sort((a, b) -> {
      Matcher ma = FEATURE.matcher(a);
      Matcher mb = FEATURE.matcher(b);
      ma.matches();
      mb.matches();
      return new java.math.BigInteger(ma.group(1)).compareTo(new java.math.BigInteger(mb.group(1)));
    });
    return out;
  }

  /** The feature column names in the order read. */
  List<String> featureNames() {
    return Arrays.stream(features).mapToObj(columns::get).toList();
  }

  String id(Row r) {
    String f = r.getString(file);
    if (corrupt >= 0 && !r.isNullAt(corrupt)) {
      throw SequenceRows.malformed(f, r.getString(corrupt), columns);
    }
    String s = Cells.name(r.get(id));
    if (Cells.missing(s)) {
      throw new DataException(f + ": a row without " + columns.get(id));
    }
    return s;
  }

  Step parse(String seqId, Row r) {
    Step s = new Step();
    s.file = r.getString(file);
    String where0 = s.file + ": sequence '" + seqId + "'";
    s.t = Cells.integer(r.get(t), where0, columns.get(t));
    String where = where0 + " at " + columns.get(t) + "=" + s.t;
    s.x = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      s.x[i] = Cells.number(r.get(features[i]), where, columns.get(features[i]));
    }
    if (!rules.real) {
      Object v = r.get(label[0]);
      s.label = Cells.missing(v) ? null : Cells.name(v);
    } else {
      boolean any = false;
      for (int l : label) {
        any |= !Cells.missing(r.get(l));
      }
      if (any) {
        s.target = new double[label.length];
        for (int i = 0; i < label.length; i++) {
          s.target[i] = Cells.number(r.get(label[i]), where, columns.get(label[i]));
        }
      }
    }
    return s;
  }

  /** The sequence of one id's rows. */
  RawSequence assemble(String seqId, Iterable<Step> rows) {
    List<Step> steps = new ArrayList<>();
    rows.forEach(steps::add);
    steps.stream().map(s -> s.error).filter(e -> e != null).min(String::compareTo).ifPresent(e -> {
      throw new DataException(e);
    });
    steps.sort((a, b) -> a.t != b.t ? Long.compare(a.t, b.t) : a.file.compareTo(b.file));
    String file = steps.stream().map(s -> s.file).min(String::compareTo).orElseThrow();
    String where = file + ": sequence '" + seqId + "'";
    String tName = columns.get(t);
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).t == steps.get(i - 1).t) {
        Step a = steps.get(i - 1);
        Step b = steps.get(i);
        throw new DataException((a.file.equals(b.file) ? a.file : a.file + " and " + b.file)
            + ": sequence '" + seqId + "' has two rows with " + tName + "=" + b.t);
      }
    }
    int w = features.length;
    double[] x = new double[steps.size() * w];
    for (int i = 0; i < steps.size(); i++) {
      System.arraycopy(steps.get(i).x, 0, x, i * w, w);
    }
    List<String> names = null;
    List<double[]> targets = null;
    String what = columns.get(label[0]);
    if (rules.perStep) {
      if (rules.real) {
        targets = new ArrayList<>();
      } else {
        names = new ArrayList<>();
      }
      for (Step s : steps) {
        if (rules.real ? s.target == null : s.label == null) {
          throw new DataException(where + " at " + tName + "=" + s.t + ": " + what
              + " is missing (many-to-many: every step has one)");
        }
        if (rules.real) {
          targets.add(s.target);
        } else {
          names.add(s.label);
        }
      }
    } else {
      Step first = null;
      for (Step s : steps) {
        boolean has = rules.real ? s.target != null : s.label != null;
        if (!has) {
          continue;
        }
        if (first == null) {
          first = s;
        } else if (rules.real ? !Arrays.equals(first.target, s.target)
            : !first.label.equals(s.label)) {
          throw new DataException(where + ": " + what + " differs between " + tName + "="
              + first.t + " and " + tName + "=" + s.t + " (many-to-one: one label per sequence)");
        }
      }
      if (first == null) {
        throw new DataException(where + ": " + what + " is missing on every row");
      }
      if (rules.real) {
        targets = List.of(first.target);
      } else {
        names = List.of(first.label);
      }
    }
    return rules.finish(seqId, file, where, x, w, null, names, targets);
  }
}
