package io.dpnet.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One edit of a JSON document at the level of its tokens or members: the kind of damage a hand
 * edit, a buggy writer or a malicious file does, which byte flips rarely reach (a flip mostly
 * breaks the syntax; these keep it valid often enough to exercise every field check). Indices
 * are taken modulo the number of candidates, so any generated value applies to any document.
 */
interface JsonEdit {
    String apply(String json);

    /** Strings (keys and values), numbers and literals, with their positions. */
    Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?"
            + "|true|false|null|[{}\\[\\]:,]");

    /** Replaces the {@code which}-th number with {@code literal} (any text, valid JSON or not). */
    record ReplaceNumber(int which, String literal) implements JsonEdit {
        @Override
        public String apply(String json) {
            return replaceToken(json, which, t -> t.matches("-?\\d.*"), literal);
        }
    }

    /** Replaces the {@code which}-th string — a key or a value — with {@code literal}, e.g. another name. */
    record ReplaceString(int which, String literal) implements JsonEdit {
        @Override
        public String apply(String json) {
            return replaceToken(json, which, t -> t.startsWith("\""), literal);
        }
    }

    /** Replaces the {@code which}-th token of any kind, punctuation included, with {@code literal}. */
    record ReplaceToken(int which, String literal) implements JsonEdit {
        @Override
        public String apply(String json) {
            return replaceToken(json, which, t -> true, literal);
        }
    }

    /** Deletes the {@code which}-th token: a key without its value, a lone comma, a brace... */
    record DeleteToken(int which) implements JsonEdit {
        @Override
        public String apply(String json) {
            return replaceToken(json, which, t -> true, "");
        }
    }

    /**
     * Deletes the {@code which}-th object member (key and value) or array element, counted over the
     * whole document in order; a no-op on text that no longer parses.
     */
    record DeleteMember(int which) implements JsonEdit {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Override
        public String apply(String json) {
            JsonNode root;
            try {
                root = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                return json;
            }
            List<Runnable> deletions = new ArrayList<>();
            collect(root, deletions);
            if (deletions.isEmpty()) {
                return json;
            }
            deletions.get(which % deletions.size()).run();
            return root.toPrettyString();
        }

        private static void collect(JsonNode node, List<Runnable> deletions) {
            if (node instanceof ObjectNode obj) {
                for (String name : iterable(obj)) {
                    deletions.add(() -> obj.remove(name));
                    collect(obj.get(name), deletions);
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    int index = i;
                    deletions.add(() -> array.remove(index));
                    collect(array.get(i), deletions);
                }
            }
        }

        private static List<String> iterable(ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    /** Every string token of {@code json}, keys included, as it appears (quoted). */
    static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(json);
        while (m.find()) {
            if (m.group().startsWith("\"")) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static String replaceToken(String json, int which, java.util.function.Predicate<String> kind,
            String replacement) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = TOKEN.matcher(json);
        while (m.find()) {
            if (kind.test(m.group())) {
                spans.add(new int[] {m.start(), m.end()});
            }
        }
        if (spans.isEmpty()) {
            return json;
        }
        int[] span = spans.get(which % spans.size());
        return json.substring(0, span[0]) + replacement + json.substring(span[1]);
    }
}
