package io.secai.engine.privacy;

import java.util.HashMap;
import java.util.Map;

/**
 * The values a session has masked, as a character trie, so that a value seen in a field ("svc-backup" as an account
 * name, "Amelia Ross" as a display name) is also found where no detector would recognise it: in a description, an
 * earlier answer, a later prompt. Matching walks the trie from one position, so a scan costs at most the text's
 * length times the longest value, however many values there are.
 */
final class KnownValues {

    private final Node root = new Node();

    /** @param key a lower-case value */
    void add(String key) {
        Node node = root;
        for (int i = 0; i < key.length(); i++) {
            node = node.children.computeIfAbsent(key.charAt(i), c -> new Node());
        }
        node.terminal = true;
    }

    /**
     * @param text any text
     * @param from a position that starts a word
     * @return the end of the longest value that starts there and ends on a word boundary, or -1
     */
    int longestAt(CharSequence text, int from) {
        Node node = root;
        int best = -1;
        for (int i = from; i < text.length(); i++) {
            node = node.children.get(Character.toLowerCase(text.charAt(i)));
            if (node == null) {
                break;
            }
            if (node.terminal && (i + 1 == text.length() || !Boundaries.isValueChar(text.charAt(i + 1)))) {
                best = i + 1;
            }
        }
        return best;
    }

    private static final class Node {
        private final Map<Character, Node> children = new HashMap<>(4);
        private boolean terminal;
    }
}
