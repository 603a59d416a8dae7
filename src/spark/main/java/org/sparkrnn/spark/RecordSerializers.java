package org.sparkrnn.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.StepStats;

/**
 * Kryo's field serializer cannot build Java records (it writes fields through Unsafe offsets,
 * which records refuse), so the records that cross the wire inside Kryo-serialized values (a
 * barrier segment's start and result) go through Java serialization instead. A gradient sum goes
 * as the barrier exchange's bytes ({@link GradientSumSerializer}).
 */
public final class RecordSerializers implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    JavaSerializer java = new JavaSerializer();
    kryo.register(SegmentStart.class, java);
    kryo.register(SegmentResult.class, java);
    kryo.register(SegmentResult.Step.class, java);
    kryo.register(StepPlan.Step.class, java);
    kryo.register(StepStats.class, java);
    kryo.register(GradientSum.class, new GradientSumSerializer());
  }
}
