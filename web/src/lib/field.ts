// A form field's text with the error it was last refused for: editing the text clears the error, so the message the
// person reads never describes text they have already changed.
import { createSignal } from "solid-js";

export function createField(initial = "") {
  const [value, setValue] = createSignal(initial);
  const [error, setError] = createSignal<string | null>(null);
  return {
    value,
    setValue,
    error,
    setError,
    /** The person typed: the new text, and no error until it is checked again. */
    edit: (text: string) => {
      setValue(text);
      setError(null);
    },
  };
}
