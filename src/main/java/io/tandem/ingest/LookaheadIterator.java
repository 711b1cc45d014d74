package io.tandem.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that reads one element ahead; {@link #computeNext} returns null at the end. */
abstract class LookaheadIterator<T> implements Iterator<T> {
  private T next;
  private boolean ended;

  /** The next element, or null when there is none. */
  protected abstract T computeNext();

  @Override
  public final boolean hasNext() {
    if (next == null && !ended) {
      next = computeNext();
      ended = next == null;
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T element = next;
    next = null;
    return element;
  }
}
