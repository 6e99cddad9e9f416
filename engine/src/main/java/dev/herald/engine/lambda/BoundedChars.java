package dev.herald.engine.lambda;

/**
 * The text a regular expression runs over, with a budget of character reads: Java's backtracking engine can take
 * exponential time on patterns like {@code /(.*a){20}$/} (Kapacitor's RE2 cannot), so a match that reads more than
 * {@link #BUDGET_PER_CHAR} times the text's length (at least {@link #MIN_BUDGET}) stops with a
 * {@link LambdaException} instead of holding a thread.
 */
final class BoundedChars implements CharSequence {
    static final long BUDGET_PER_CHAR = 10_000;
    static final long MIN_BUDGET = 1_000_000;

    private final String text;
    private final long[] left;

    private BoundedChars(String text, long[] left) {
        this.text = text;
        this.left = left;
    }

    static CharSequence of(String text) {
        return new BoundedChars(text, new long[] {Math.max(MIN_BUDGET, BUDGET_PER_CHAR * (long) text.length())});
    }

    @Override
    public char charAt(int index) {
        if (--left[0] < 0) {
            throw new LambdaException("regular expression takes too long on this value (backtracking limit)",
                    false);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedChars(text.substring(start, end), left);
    }

    @Override
    public String toString() {
        return text;
    }
}
