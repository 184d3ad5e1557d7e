// What a person typed into a form and has not sent yet, kept by the form's name while the app runs. A form's section
// can be drawn anew while someone types (full end-to-end runs on a loaded machine saw the team page's forms come back
// empty twice, the Add and Offer buttons disabled, cause not found); the field then shows the draft again instead of
// losing it. A form clears its draft once what it held is sent.
import { type Accessor, createSignal } from "solid-js";

const drafts = new Map<string, string>();

/** A text field's value under `name` (e.g. `team-add:<relay id>`): read, set as the person types, cleared when sent. */
export function createDraft(name: string): [Accessor<string>, (text: string) => void] {
  const [text, setText] = createSignal(drafts.get(name) ?? "");
  const set = (value: string) => {
    if (value) drafts.set(name, value);
    else drafts.delete(name);
    setText(value);
  };
  return [text, set];
}
