package io.dpnet.config;

import io.dpnet.data.DataFormat;

/**
 * Where a run's data is, as configured: for {@code idx} the directory in the MNIST layout and any
 * explicitly named files (empty = from the directory); for the other formats the training and test
 * paths. {@code validationPath} is empty without a separate validation set.
 */
public record DataConfig(DataFormat format, String dir, String trainImages, String trainLabels, String testImages,
                         String testLabels, String train, String test, String validationPath) {
}
