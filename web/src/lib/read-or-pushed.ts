// One value a page hears from two places: reads it asks for (after each change it makes) and a stream that pushes the
// value again after every change made anywhere (the live stream). A read answers with the value as it was when the
// server read it, so it can arrive after a newer pushed value: shown over it, it would stay until the next change,
// since the stream pushes again only when something changes. So a read's answer is shown only when nothing was pushed
// while it was on its way; whatever was pushed meanwhile is as new as the read, or newer.
import { createSignal, type Accessor } from "solid-js";

/** A read's answer, with how many values had been pushed when the read was asked. */
export interface Answer<T> {
  value: T;
  pushedBefore: number;
}

export function createReadOrPushed<T>(): {
  /** The value last shown (null before the first). */
  value: Accessor<T | null>;
  /** Wraps a read so its answer says how many values had been pushed when it was asked. */
  asked: <K>(read: (key: K) => Promise<T>) => (key: K) => Promise<Answer<T>>;
  /** A read answered: shown unless a value was pushed since it was asked. */
  answered: (a: Answer<T>) => void;
  /** The stream pushed a value: shown at once. */
  pushed: (v: T) => void;
} {
  const [value, setValue] = createSignal<T | null>(null);
  let pushes = 0;
  return {
    value,
    asked: (read) => (key) => {
      const pushedBefore = pushes;
      return read(key).then((v) => ({ value: v, pushedBefore }));
    },
    answered: (a) => {
      if (a.pushedBefore === pushes) setValue(() => a.value);
    },
    pushed: (v) => {
      pushes++;
      setValue(() => v);
    },
  };
}
