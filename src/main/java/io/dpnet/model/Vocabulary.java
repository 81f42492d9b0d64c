package io.dpnet.model;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of a string column in id order: value {@code i} has id {@code i}. Built on the
 * training data and saved with the model (a side file of {@code model.json} v2), so that
 * {@code predict} and {@code evaluate} map new data to exactly the ids training used. Immutable
 * and serializable (it travels in Spark closures); the reverse index is rebuilt on arrival.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> values;
    private transient Map<String, Integer> ids;

    private Vocabulary(List<String> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException on an empty list, a null or a repeated value */
    public static Vocabulary of(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary needs at least one value");
        }
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String v = Objects.requireNonNull(values.get(i), () -> "vocabulary value is null");
            if (!seen.add(v)) {
                throw new IllegalArgumentException("vocabulary value '" + v + "' appears twice");
            }
        }
        return new Vocabulary(List.copyOf(values));
    }

    public int size() {
        return values.size();
    }

    /** The value with id {@code id}. */
    public String value(int id) {
        return values.get(id);
    }

    /** Every value, in id order. */
    public List<String> values() {
        return values;
    }

    /** The id of {@code value}, or -1 when it is not in the vocabulary. */
    public int id(String value) {
        Map<String, Integer> m = ids;
        if (m == null) {
            m = new HashMap<>(values.size() * 2);
            for (int i = 0; i < values.size(); i++) {
                m.put(values.get(i), i);
            }
            ids = m;
        }
        Integer id = m.get(value);
        return id == null ? -1 : id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.size() <= 5 ? values.toString()
                : values.subList(0, 5).toString().replace("]", ", … (" + values.size() + " values)]");
    }
}
