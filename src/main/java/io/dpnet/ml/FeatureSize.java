package io.dpnet.ml;

import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The size of a DataFrame's feature vectors, known before any training work starts. */
final class FeatureSize {
    private FeatureSize() {
    }

    /**
     * From the column's ML attributes when present (VectorAssembler and most feature
     * transformers write them), else from the first row; -1 for a DataFrame without rows.
     */
    static int of(Dataset<?> dataset, String column) {
        int size = AttributeGroup.fromStructField(dataset.schema().apply(column)).size();
        if (size >= 0) {
            return size;
        }
        List<Row> first = dataset.select(column).takeAsList(1);
        if (first.isEmpty()) {
            return -1;
        }
        Vector v = first.get(0).getAs(0);
        if (v == null) {
            throw new IllegalArgumentException("row 0 of the training DataFrame has a null '" + column + "' vector");
        }
        return v.size();
    }
}
