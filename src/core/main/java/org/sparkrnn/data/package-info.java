/**
 * Reading training data: text corpora, CSV and Parquet tables → examples with dense ids, plus the
 * {@link org.sparkrnn.data.DataSpec} saved with a model so it reads data the same way later.
 * This module holds the Spark-free half (vocabularies, tokenizers, windows, example types,
 * settings: {@link org.sparkrnn.data.DataOptions}, {@code data.*}); the readers on Spark SQL,
 * entry point {@code DataReader}, are the spark module's part of this package. Every input
 * problem: one {@link org.sparkrnn.data.DataException} line.
 *
 * <p>Formats (data.kind):
 * <ul>
 *   <li>{@code char_lm}, {@code word_lm}: UTF-8 text files (a file, a directory read recursively,
 *       or a glob; hidden files skipped). Every line ends in '\n' (whatever ended it in the file);
 *       words are runs of non-whitespace, each line's words end with {@code <eos>}. A file is a
 *       document; windows never cross files.
 *   <li>{@code sequences}, {@code data.layout=sequence}: one row per sequence, columns {@code id},
 *       {@code label}, {@code features}: text "1,2;3,4" (steps by ';', values by ','),
 *       array&lt;array&lt;double&gt;&gt;, or array&lt;double&gt; with {@code data.width} values per
 *       step. Many-to-many labels: "a;b;c" or an array, one per step.
 *   <li>{@code sequences}, {@code data.layout=step}: one row per step, columns {@code id}, {@code t}
 *       (integers), feature columns {@code f0..fk} (or {@code data.feature_columns}) and
 *       {@code label}; grouped by id, ordered by t.
 *   <li>{@code text_classification}: columns {@code text}, {@code label} (and {@code id}, if
 *       present): one character sequence with one label per row.
 * </ul>
 * Class labels map to ids in sorted order (numeric when all are numbers); {@code data.target=real}
 * reads numbers instead (a vector "0.1,0.2", an array, or several label columns). Lengths vary
 * (nothing is cut unless {@code data.max_length} and {@code data.too_long=truncate} say so).
 */
package org.sparkrnn.data;
