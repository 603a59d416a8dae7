package org.sparkrnn.ml;

import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas transform produces: the input's columns followed by the new ones, in the order the
 * scorers append them; an output column set to "" is left out.
 */
final class OutputColumns {
  private OutputColumns() {}

  /** rawPrediction, probability (vectors), prediction (double; nominal when classes > 0). */
  static StructType classifier(RnnClassifierColumns c, StructType schema, int classes) {
    InputColumns.sequenceKind(schema, c.getFeaturesCol(), "featuresCol");
    StructType out = schema;
    if (!c.getRawPredictionCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getRawPredictionCol(), "rawPredictionCol");
      out = out.add(c.getRawPredictionCol(), new VectorUDT(), false);
    }
    if (!c.getProbabilityCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getProbabilityCol(), "probabilityCol");
      out = out.add(c.getProbabilityCol(), new VectorUDT(), false);
    }
    if (!c.getPredictionCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getPredictionCol(), "predictionCol");
      NominalAttribute a = NominalAttribute.defaultAttr().withName(c.getPredictionCol());
      out = out.add(classes > 0 ? a.withNumValues(classes).toStructField()
          : DataTypes.createStructField(c.getPredictionCol(), DataTypes.DoubleType, false));
    }
    return out;
  }

  /** prediction (double). */
  static StructType regressor(HasSequenceColumns c, StructType schema) {
    InputColumns.sequenceKind(schema, c.getFeaturesCol(), "featuresCol");
    StructType out = schema;
    if (!c.getPredictionCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getPredictionCol(), "predictionCol");
      out = out.add(c.getPredictionCol(), DataTypes.DoubleType, false);
    }
    return out;
  }

  /** logLoss, perplexity (double; null for a row with fewer than 2 characters). */
  static StructType languageModel(HasTextParams c, StructType schema) {
    InputColumns.requireText(schema, c.getInputCol(), "inputCol");
    StructType out = schema;
    if (!c.getLogLossCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getLogLossCol(), "logLossCol");
      out = out.add(c.getLogLossCol(), DataTypes.DoubleType, true);
    }
    if (!c.getPerplexityCol().isEmpty()) {
      InputColumns.requireNew(schema, c.getPerplexityCol(), "perplexityCol");
      out = out.add(c.getPerplexityCol(), DataTypes.DoubleType, true);
    }
    return out;
  }
}
